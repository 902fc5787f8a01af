"""verdict.py's rules on hand-made answers: the same words the end-to-end tests see, without a server."""

from __future__ import annotations

import pytest

from macros.links import verdict
from macros.links.config import UnverifiedHost
from macros.links.model import Status
from macros.links.transport import Answer

URL = "http://a.example/page"


def judge(answer: Answer, attempts: int = 1):
    return verdict.for_answer(URL, answer, attempts, max_redirects=10)


def test_only_the_leading_run_of_permanent_redirects_moves_the_link():
    hops = [
        (301, "http://a.example/b"),
        (308, "http://a.example/c"),
        (302, "http://a.example/d"),
        (301, "http://a.example/e"),
    ]
    result = judge(Answer(200, "http://a.example/e", "HEAD", hops))
    assert (
        result.status is Status.MOVED
        and result.new_url == "http://a.example/c"
        and result.final_url == "http://a.example/e"
    )
    assert judge(Answer(200, "http://a.example/d", "HEAD", [(302, "http://a.example/d")])).status is Status.OK


@pytest.mark.parametrize(
    ("code", "reason", "status", "words"),
    [
        (404, "", Status.BROKEN, "404 Not Found"),
        (410, "", Status.BROKEN, "410 Gone"),
        (403, "", Status.BROKEN, "403 Forbidden (if this host refuses all robots, list it in linkcheck.yaml"),
        (
            999,
            "Robot  Denied\n",
            Status.BROKEN,
            "999 Robot Denied (if this host",
        ),  # an undefined code keeps the server's phrase, folded
        (418, "", Status.BROKEN, "418 I'm a Teapot"),
        (429, "", Status.UNVERIFIED, "still 429 Too Many Requests after 4 tries"),
        (503, "", Status.UNVERIFIED, "server error 503 Service Unavailable after 4 tries"),
        (304, "", Status.UNVERIFIED, "unexpected answer 304 Not Modified"),
    ],
)
def test_final_statuses(code, reason, status, words):
    result = judge(Answer(code, URL, "GET", reason=reason), attempts=4)
    assert result.status is status and result.code == code and words in result.reason, result.reason


def test_redirect_problems():
    loop = judge(Answer(302, URL, "HEAD", [(302, "http://a.example/b"), (302, URL)], problem="loop"))
    assert (
        loop.status is Status.BROKEN and loop.reason == f"redirect loop: {URL} -> http://a.example/b -> {URL} (again)"
    )
    assert judge(Answer(301, URL, "HEAD", problem="too many")).reason == "more than 10 redirects"
    scheme = judge(Answer(302, "ftp://a.example/", "HEAD", [(302, "ftp://a.example/")], problem="scheme"))
    assert scheme.status is Status.UNVERIFIED and scheme.reason == "redirects to a non-web address: ftp://a.example/"
    lost = judge(Answer(404, "http://a.example/b", "GET", [(302, "http://a.example/b")]))
    assert lost.reason == "404 Not Found (after redirects to http://a.example/b)"


def test_refusals_say_where_in_the_chain():
    hop = "http://10.0.0.1/"
    refused = judge(
        Answer(
            None,
            hop,
            "",
            [(302, hop)],
            problem="refused",
            detail="non-public address 10.0.0.1 (private network, RFC 1918)",
        )
    )
    assert refused.status is Status.REFUSED and refused.failed
    assert (
        refused.reason == f"refused: non-public address 10.0.0.1 (private network, RFC 1918) at redirect 1 (to {hop})"
    )
    credentials = judge(Answer(None, "http://***@a.example/", "", problem="credentials"))
    assert credentials.reason == "refused: credentials in the URL (user:password@); the checker never sends them"


def test_errors_timeouts_and_unchecked_links():
    timed_out = verdict.for_error(URL, TimeoutError(), 3, timeout=2.5)
    assert timed_out.status is Status.UNVERIFIED and timed_out.reason == "timed out after 2.5 s (3 tries)"
    assert verdict.for_error(URL, ValueError("odd"), 1, timeout=1).reason == "ValueError: odd (1 try)"
    assert verdict.out_of_time(URL, 600).reason == "not checked: the total time limit (600 s) ran out"
    exempt = verdict.exempted(URL, UnverifiedHost(host="a.example", reason="answers 403 to every robot"))
    assert (
        exempt.status is Status.UNVERIFIED
        and exempt.reason == "unverified: a.example refuses automated clients (answers 403 to every robot)"
    )
