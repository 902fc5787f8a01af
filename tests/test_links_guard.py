"""SSRF protection of the link checker: non-public addresses are refused at connect time.

Only 127.0.0.0/8 exists for tests, so "public" traffic under the protection is
simulated with `allowed_networks=("127.0.0.1/32",)` (a Python-API switch for
tests only); every other address stays refused. The `connections` spy records
every socket connect, so "refused" is proved by what was *not* attempted, not
by trying.
"""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
from links_server import FakeResolver, LinkServer, closed_port, connections, no_internet, server  # noqa: F401  (fixtures)
from test_links_cli import at, line_of, local_names, project, write_data  # noqa: F401  (fixtures)

from macros.cli import main
from macros.links.cache import LinkCache
from macros.links.checker import Checker
from macros.links.guard import GuardedConnector, address_problem, credentials_in, without_credentials
from macros.links.model import LinkResult, Status
from macros.links.options import Settings
from macros.links.run import check_links

FAST = dict(timeout=1.0, retries=2, backoff=0.01)
AS_PUBLIC = ("127.0.0.1/32",)  # the test server plays the public web; 127.0.0.2 and the rest stay private


def check(urls: list[str], **settings) -> dict[str, LinkResult]:
    return asyncio.run(Checker(Settings(**{**FAST, **settings})).check_all(urls))


def attempted(seen: list[tuple], host: str) -> bool:
    return any(address[0] == host for address in seen)


# -- the rule ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("127.0.0.2", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private network, RFC 1918"),
        ("172.16.0.1", "private network, RFC 1918"),
        ("192.168.1.1", "private network, RFC 1918"),
        ("169.254.169.254", "link-local, cloud metadata service"),
        ("fe80::1%eth0", "link-local"),
        ("fd00:ec2::254", "cloud metadata service"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("224.0.1.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "not globally routable"),
        ("fc00::1", "unique local"),
        ("fec0::1", "site-local"),
        ("::ffff:127.0.0.1", "loopback: 127.0.0.1 in IPv4-mapped IPv6 form"),
        ("::ffff:169.254.169.254", "cloud metadata service: 169.254.169.254 in IPv4-mapped"),
        ("::127.0.0.1", "loopback: 127.0.0.1 in IPv4-compatible"),
        ("64:ff9b::a00:1", "private network, RFC 1918: 10.0.0.1 in NAT64"),
        ("64:ff9b:1::1", "local-use NAT64"),
        ("2002:7f00:1::", "loopback: 127.0.0.1 in 6to4"),
        ("2001::1", "not globally routable"),  # Teredo
    ],
)
def test_non_public_addresses_are_named(address, why):
    assert why in (address_problem(address) or "")


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::808:808"]
)
def test_public_addresses_pass(address):
    assert address_problem(address) is None


# -- refused at connect time, without a connection -----------------------------
def test_a_direct_link_to_loopback_is_refused_without_the_switch(server, connections):
    url = server.url("/ok")
    result = check([url])[url]
    assert result.status is Status.REFUSED and result.failed
    assert result.message() == "refused: non-public address 127.0.0.1 (loopback)"
    assert result.attempts == 1  # a refusal is not retried
    assert server.count("/ok") == 0 and not attempted(connections, "127.0.0.1")

    allowed = check([url], allow_private=True)[url]  # --allow-private: the same link is fine
    assert allowed.status is Status.OK and server.count("/ok") == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[::ffff:127.0.0.1]:{port}/ok",
        "http://[::ffff:a9fe:a9fe]/latest/meta-data/",
        "http://[::1]:{port}/ok",
        "http://[fd00:ec2::254]/",
        "http://0.0.0.0:{port}/ok",
        "http://10.0.0.1/admin",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://[64:ff9b::7f00:1]:{port}/ok",
        "http://127.0.0.1:22/",  # port probes
        "http://127.0.0.1:6379/",
        "https://127.0.0.1:{port}/ok",
    ],
)
def test_ip_literals_are_refused_without_any_connection_attempt(server, connections, url):
    url = url.format(port=server.ports[0])
    resolver = FakeResolver(set())
    result = check([url], resolver=resolver)[url]
    assert result.status is Status.REFUSED, result
    assert result.message().startswith("refused: non-public address ")
    assert connections == [] and resolver.lookups == []  # no socket, and no DNS either: it is a literal
    assert server.hits == {}


def test_a_name_that_resolves_to_loopback_is_caught_at_connect_time(server, connections):
    # DNS says a public-looking name is 127.0.0.1: only the address connected to counts.
    url = f"http://docs.public-looking.example.com:{server.ports[0]}/ok"
    resolver = FakeResolver({"docs.public-looking.example.com"})
    result = check([url], resolver=resolver)[url]
    assert result.status is Status.REFUSED
    assert result.reason == "refused: non-public address 127.0.0.1 (loopback) for host docs.public-looking.example.com"
    assert resolver.lookups == ["docs.public-looking.example.com"]
    assert connections == [] and server.count("/ok") == 0


def test_localhost_port_probe_through_the_real_resolver_is_refused(connections):
    url = "http://localhost:22/"
    result = check([url])[url]  # the system resolver (the fixture lets "localhost" through)
    assert result.status is Status.REFUSED and "loopback" in result.reason and "for host localhost" in result.reason
    assert connections == []


class Rebinding(FakeResolver):
    """A name that answers 127.0.0.1 (public, for this test) first and 127.0.0.2 after that."""

    def answer(self, host: str) -> str:
        return "127.0.0.1" if len(self.lookups) == 1 else "127.0.0.2"


def test_dns_rebinding_is_caught_on_the_redirect_hop(connections):
    with LinkServer(ports=2) as server:
        first, second = server.ports
        url = f"http://flip.test:{first}/redirect?to=http://flip.test:{second}/ok"
        resolver = Rebinding({"flip.test"})
        result = check([url], resolver=resolver, allowed_networks=AS_PUBLIC)[url]
        assert result.status is Status.REFUSED
        assert "non-public address 127.0.0.2 (loopback) for host flip.test" in result.reason
        assert f"at redirect 1 (to http://flip.test:{second}/ok)" in result.reason
        assert resolver.lookups == ["flip.test", "flip.test"]  # resolved again for the hop, and checked again
        assert attempted(connections, "127.0.0.1") and not attempted(connections, "127.0.0.2")
        assert server.count("/ok") == 0


@pytest.mark.parametrize(
    ("target", "address", "hop"),
    [
        ("http://127.0.0.2:{port}/ok", "127.0.0.2", "http://127.0.0.2:{port}/ok"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254", "http://169.254.169.254/latest/meta-data/"),
        (
            "http://[::ffff:127.0.0.1]:{port}/ok",
            "::ffff:7f00:1",
            "http://[::ffff:7f00:1]:{port}/ok",
        ),  # as the Location header says it
    ],
)
def test_a_redirect_to_a_private_address_is_refused_at_the_hop(server, connections, target, address, hop):
    target, hop = target.format(port=server.ports[0]), hop.format(port=server.ports[0])
    url = server.url(f"/redirect?to={target}")
    result = check([url], allowed_networks=AS_PUBLIC)[url]
    assert result.status is Status.REFUSED, result
    assert f"non-public address {address} (" in result.reason and result.reason.endswith(f"at redirect 1 (to {hop})")
    assert result.redirects == [(302, hop)] and result.final_url == hop
    assert result.attempts == 1
    assert not attempted(connections, address) and not attempted(connections, "169.254.169.254")
    assert server.count("/ok") == 0


def test_allowed_traffic_still_works_under_the_protection(server):
    ok, moved = server.url("/ok"), server.url("/perm308")
    results = check([ok, moved], allowed_networks=AS_PUBLIC)
    assert results[ok].status is Status.OK and results[moved].status is Status.MOVED


def test_the_socket_factory_is_a_second_lock(server, connections, monkeypatch):
    # Were aiohttp ever to skip _resolve_host, the socket factory still refuses before connecting.
    monkeypatch.setattr(GuardedConnector, "_resolve_host", aiohttp.TCPConnector._resolve_host)
    url = server.url("/ok")
    result = check([url])[url]
    assert result.status is Status.REFUSED and "non-public address 127.0.0.1 (loopback)" in result.reason
    assert connections == [] and server.count("/ok") == 0


def test_environment_proxies_are_not_used(server, monkeypatch):
    trap = f"http://127.0.0.1:{closed_port()}"
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, trap)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    url = server.url("/ok")
    assert check([url], allow_private=True)[url].status is Status.OK  # straight to the server, not the proxy


# -- credentials -----------------------------------------------------------------
def test_credentials_in_a_url_are_never_sent(server, connections):
    url = f"http://reader:s3cret@127.0.0.1:{server.ports[0]}/ok"
    result = check([url], allow_private=True)[url]  # even with the address switch off
    assert result.status is Status.REFUSED
    assert result.reason == "refused: credentials in the URL (user:password@); the checker never sends them"
    assert connections == [] and server.hits == {}


def test_a_redirect_to_a_url_with_credentials_is_refused_at_the_hop(server):
    target = f"http://reader:s3cret@127.0.0.1:{server.ports[0]}/ok"
    url = server.url(f"/redirect?to={target}")
    result = check([url], allow_private=True)[url]
    assert result.status is Status.REFUSED and "at redirect 1" in result.reason
    assert "s3cret" not in json.dumps(
        [result.reason, result.final_url, result.redirects]
    )  # not repeated from the Location
    assert result.redirects == [(302, f"http://***@127.0.0.1:{server.ports[0]}/ok")]
    assert server.count("/ok") == 0


@pytest.mark.parametrize(
    "url",
    ["http://u:p@example.org/", "http://u@example.org/", "https://@example.org/", "http://example.org\\@evil.test/"],
)
def test_credentials_are_spotted(url):
    assert credentials_in(url)
    assert "u:p" not in without_credentials(url)


def test_at_signs_in_paths_are_not_credentials():
    assert not credentials_in("https://medium.com/@author/a-post") and not credentials_in("https://example.org/?q=a@b")


# -- the archive and the cache -----------------------------------------------------
def test_archive_lookups_go_through_the_protected_connector(server, connections):
    missing = server.url("/missing")
    archive = f"http://127.0.0.2:{server.ports[0]}/web/"
    settings = Settings(**FAST, allowed_networks=AS_PUBLIC)
    outcome = asyncio.run(check_links([missing], settings=settings, archive_base=archive))
    assert outcome.results[0].status is Status.BROKEN and outcome.results[0].archived is None
    assert not attempted(connections, "127.0.0.2")


def test_archive_lookups_count_against_the_total_time_limit(server):
    missing = server.url("/missing")
    settings = Settings(**FAST, allow_private=True, total_timeout=1.0)  # the archive takes 3 s to answer
    outcome = asyncio.run(check_links([missing], settings=settings, archive_base=server.url("/slow-web/")))
    result = outcome.results[0]
    assert result.status is Status.BROKEN
    assert result.archived is None  # given up when the run's budget ran out, not after the archive's answer
    assert server.count(f"/slow-web/{missing}") == 1


def test_a_protected_run_does_not_trust_results_cached_with_allow_private(server, tmp_path):
    url = server.url("/ok")
    path = tmp_path / "links.json"
    first = asyncio.run(
        check_links(
            [url], settings=Settings(**FAST, allow_private=True), cache=LinkCache(path).load(), archive_base=None
        )
    )
    assert first.results[0].status is Status.OK and first.results[0].private_allowed
    again = asyncio.run(check_links([url], settings=Settings(**FAST), cache=LinkCache(path).load(), archive_base=None))
    assert again.results[0].status is Status.REFUSED and not again.results[0].from_cache
    assert server.count("/ok") == 1


def test_results_cached_with_allow_private_serve_runs_with_it(server, tmp_path):
    url = server.url("/ok")
    path = tmp_path / "links.json"
    unprotected = Settings(**FAST, allow_private=True)
    asyncio.run(check_links([url], settings=unprotected, cache=LinkCache(path).load(), archive_base=None))
    cached = asyncio.run(check_links([url], settings=unprotected, cache=LinkCache(path).load(), archive_base=None))
    assert cached.results[0].from_cache and server.count("/ok") == 1
    assert not Settings(allowed_networks=AS_PUBLIC).policy.protected  # a test allow-list counts as unprotected too


# -- the command -----------------------------------------------------------------
def test_the_command_refuses_private_addresses_by_default(project, server, connections, local_names, capsys):
    # The data names links.test, which (only) this test's DNS answers with 127.0.0.1.
    write_data(project, server)
    args = ["links", "--timeout", "2", "--retries", "1", "--json", "out/links.json", "--markdown", "out/links.md"]
    assert main(args) == 1
    out = capsys.readouterr().out
    numpy_line = line_of(project / "data/tools/numpy.yaml", "/ok")
    refused = out.split("REFUSED (2)")[1]
    assert f"{at(server, '/ok')}\n    refused: non-public address 127.0.0.1 (loopback) for host links.test\n" in refused
    assert f"used at data/tools/numpy.yaml:{numpy_line} (docs_url)" in refused
    assert "0 broken, 2 refused" in out and out.rstrip().endswith(
        "FAILED: links refused (non-public address or credentials)"
    )
    assert server.hits == {} and connections == [] and "links.test" in local_names.lookups

    report = json.loads((project / "out/links.json").read_text())
    assert report["failed"] is True and report["counts"]["refused"] == 2
    entry = next(result for result in report["results"] if result["url"] == at(server, "/ok"))
    assert entry["status"] == "refused" and entry["uses"] == [
        {"file": "data/tools/numpy.yaml", "line": numpy_line, "field": "docs_url"}
    ]
    markdown = (project / "out/links.md").read_text()
    assert "## Refused (2)" in markdown and f"`data/tools/numpy.yaml:{numpy_line} (docs_url)`" in markdown
    assert "non-public address 127.0.0.1 &#40;loopback&#41;" in markdown

    assert main([*args, "--allow-private", "--no-archive"]) == 0  # the switch turns it off
    assert server.count("/ok") > 0
