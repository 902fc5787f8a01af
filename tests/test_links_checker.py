"""The link-checking engine against local servers: each website behaviour gets the right verdict."""

from __future__ import annotations

import asyncio

import pytest
from links_server import FakeResolver, LinkServer, closed_port, no_internet, server  # noqa: F401  (fixtures)

from macros.links.checker import Checker
from macros.links.model import LinkResult, Status
from macros.links.options import Settings

# Small times so the whole file runs in seconds; the behaviour is the same as with the defaults.
FAST = dict(
    timeout=1.0, retries=2, backoff=0.05, max_retry_after=1.5, allow_private=True
)  # the test servers are on 127.0.0.1


def check(urls: list[str], **settings) -> dict[str, LinkResult]:
    return asyncio.run(Checker(Settings(**{**FAST, **settings})).check_all(urls))


@pytest.fixture(scope="module")
def classified():
    """One run over every behaviour at once (as a real run would be), shared by the cases below."""
    with LinkServer() as server:
        urls = {
            "ok": server.url("/ok"),
            "chain": server.url("/chain/3"),
            "perm308": server.url("/perm308"),
            "temp302": server.url("/temp302"),
            "mixed": server.url("/mixed"),
            "loop": server.url("/loop/a"),
            "cookie": server.url("/cookie"),
            "missing": server.url("/missing"),
            "gone": server.url("/gone"),
            "forbidden": server.url("/forbidden"),
            "error500": server.url("/error500"),
            "flaky503": server.url("/flaky503"),
            "ratelimited": server.url("/ratelimited"),
            "no-head": server.url("/no-head"),
            "head-404": server.url("/head-404"),
            "slow": server.url("/slow?delay=3"),
            "closed": f"http://127.0.0.1:{closed_port()}/page",
            "tls": server.url("/ok").replace("http://", "https://"),  # TLS handshake with a plain-HTTP server
            "dns": "http://no-such-host.test/page",
        }
        results = check(list(urls.values()), resolver=FakeResolver(set()))
        yield server, urls, {name: results[url] for name, url in urls.items()}


CASES = [
    # name, status, code, words in the reason/message
    ("ok", Status.OK, 200, []),
    ("chain", Status.MOVED, 200, ["moved: update the data to", "/ok"]),
    ("perm308", Status.MOVED, 200, ["moved: update the data to", "/ok"]),
    ("temp302", Status.OK, 200, []),
    ("mixed", Status.MOVED, 200, ["/temp302"]),
    ("loop", Status.BROKEN, 302, ["redirect loop", "/loop/a -> http", "/loop/b -> http", "/loop/a (again)"]),
    ("cookie", Status.OK, 200, []),
    ("missing", Status.BROKEN, 404, ["404 Not Found"]),
    ("gone", Status.BROKEN, 410, ["410 Gone"]),
    ("forbidden", Status.BROKEN, 403, ["403 Forbidden", "linkcheck.yaml"]),
    ("error500", Status.UNVERIFIED, 500, ["server error 500", "3 tries"]),
    ("flaky503", Status.OK, 200, []),
    ("ratelimited", Status.UNVERIFIED, 429, ["unverified (rate limited)"]),
    ("no-head", Status.OK, 200, []),
    ("head-404", Status.OK, 200, []),
    ("slow", Status.UNVERIFIED, None, ["timed out", "3 tries"]),
    ("closed", Status.BROKEN, None, ["connection refused"]),
    ("tls", Status.BROKEN, None, ["TLS error"]),
    ("dns", Status.BROKEN, None, ["DNS failure", "no-such-host.test"]),
]


@pytest.mark.parametrize(("name", "status", "code", "words"), CASES, ids=[case[0] for case in CASES])
def test_classification(classified, name, status, code, words):
    _server, _urls, results = classified
    result = results[name]
    assert result.status is status, result
    assert result.code == code, result
    for word in words:
        assert word in result.message(), result.message()


def test_redirect_details(classified):
    server, urls, results = classified
    assert [code for code, _target in results["chain"].redirects] == [301, 301, 301]
    assert results["chain"].new_url == server.url("/ok")
    assert results["perm308"].redirects == [(308, server.url("/ok"))]
    assert results["temp302"].final_url == server.url("/ok") and results["temp302"].new_url is None
    assert results["mixed"].new_url == server.url("/temp302") and results["mixed"].final_url == server.url("/ok")


def test_head_first_then_get_only_when_needed(classified):
    server, _urls, results = classified
    assert results["ok"].method == "HEAD"
    assert server.hits[("HEAD", "/no-head")] == 1 and server.hits[("GET", "/no-head")] == 1
    assert results["no-head"].method == "GET"
    assert results["head-404"].method == "GET"
    assert results["missing"].method == "GET"  # a 404 to HEAD is confirmed with GET before it counts


def test_a_host_that_refused_head_gets_get_straight_away(server):
    first, second = server.url("/no-head"), server.url("/ok")
    check([first, second], per_host=1)  # one at a time, in order
    assert server.hits[("HEAD", "/ok")] == 0 and server.hits[("GET", "/ok")] == 1


def test_retries_happen_only_for_transient_failures(classified):
    server, _urls, results = classified
    assert results["flaky503"].attempts == 2 and server.count("/flaky503") == 3  # HEAD+GET, then HEAD
    assert results["error500"].attempts == 3
    assert results["missing"].attempts == 1  # a 404 is an answer, not a hiccup
    assert results["closed"].attempts == 3  # refused only after the retries
    assert results["tls"].attempts == 1  # a TLS failure will not fix itself in a moment


def test_retry_after_is_honoured(server):
    url = server.url("/ratelimited-once")
    result = check([url], retries=1, backoff=0.01)[url]
    assert result.status is Status.OK and result.attempts == 2
    first, second = server.times["/ratelimited-once"]
    assert second - first >= 0.9  # waited the second the server asked for, not the 0.01 s backoff


def test_rate_limited_long_wait_ends_unverified(server):
    url = server.url("/ratelimited-long")
    result = check([url], retries=1, max_retry_after=0.1)[url]
    assert result.status is Status.UNVERIFIED and "rate limited" in result.reason
    assert server.count("/ratelimited-long") == 2


def test_each_distinct_url_is_checked_once(server):
    url = server.url("/ok")
    results = check([url, url, url])
    assert list(results) == [url] and server.count("/ok") == 1


def test_per_host_limit_is_respected(server):
    urls = [server.url(f"/delay?d=0.1&n={n}") for n in range(30)]
    results = check(urls, per_host=3, concurrency=100)
    assert all(result.status is Status.OK for result in results.values())
    assert server.max_in_flight == 3  # never more than the limit, and the limit was actually used


def test_overall_limit_spans_hosts():
    with LinkServer(ports=3) as server:  # three host:port pairs, counted together
        urls = [server.url(f"/delay?d=0.1&n={n}", port_index=n % 3) for n in range(30)]
        results = check(urls, per_host=10, concurrency=4)
        assert all(result.status is Status.OK for result in results.values())
        assert server.max_in_flight == 4


def test_total_time_bound_leaves_the_rest_unverified(server):
    url = server.url("/slow?delay=3")
    result = check([url], timeout=5, retries=0, total_timeout=0.3)[url]
    assert result.status is Status.UNVERIFIED
    assert "total time limit" in result.reason
