"""A whole link-check run: cache, exemptions, archive suggestions, config errors and reports."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from links_server import FakeResolver, no_internet, server  # noqa: F401  (fixtures)

from macros.links.cache import LinkCache
from macros.links.config import ConfigError, LinkCheckConfig, UnverifiedHost, load_config
from macros.links.model import LinkResult, Status
from macros.links.options import Settings
from macros.links.reports import to_json, to_markdown, to_text
from macros.links.run import LinkReport, RunOutcome, check_links
from macros.model.roadmap import UrlUse

FAST = Settings(timeout=2.0, retries=1, backoff=0.01, allow_private=True)  # the test server is on 127.0.0.1


def run(urls, **kwargs) -> dict[str, LinkResult]:
    kwargs.setdefault("settings", FAST)
    kwargs.setdefault("archive_base", None)
    outcome = asyncio.run(check_links(urls, **kwargs))
    return {result.url: result for result in outcome.results}


# -- cache ---------------------------------------------------------------------
def test_second_run_uses_the_cache_for_good_links_and_rechecks_failures(server, tmp_path):
    good, moved, bad = server.url("/ok"), server.url("/perm308"), server.url("/missing")
    path = tmp_path / "links.json"
    first = run([good, moved, bad], cache=LinkCache(path).load())
    assert [first[u].status for u in (good, moved, bad)] == [Status.OK, Status.MOVED, Status.BROKEN]
    before = server.count("/ok"), server.count("/perm308"), server.count("/missing")

    second = run([good, moved, bad], cache=LinkCache(path).load())
    assert (server.count("/ok"), server.count("/perm308")) == before[:2]  # no request for fresh good links
    assert server.count("/missing") > before[2]  # failures are never cached
    assert second[good].from_cache and second[moved].from_cache and not second[bad].from_cache
    assert second[moved].status is Status.MOVED and second[moved].new_url == server.url("/ok")
    assert set(json.loads(path.read_text())["results"]) == {good, moved}


def test_stale_entries_and_no_cache_force_a_new_check(server, tmp_path):
    good = server.url("/ok")
    path = tmp_path / "links.json"
    run([good], cache=LinkCache(path).load())
    run([good], cache=LinkCache(path, max_age=0).load())  # older than max age: due again
    assert server.count("/ok") == 2
    refreshed = run([good], cache=LinkCache(path, refresh=True).load())  # --no-cache
    assert server.count("/ok") == 3 and not refreshed[good].from_cache


def test_a_damaged_cache_costs_only_a_full_run(server, tmp_path):
    path = tmp_path / "links.json"
    path.write_text("{not json")
    cache = LinkCache(path).load()
    assert "ignored unreadable cache" in cache.problem
    assert run([server.url("/ok")], cache=cache)[server.url("/ok")].status is Status.OK
    assert json.loads(path.read_text())["version"] == 2


# -- exemptions ----------------------------------------------------------------
def blocked_config() -> LinkCheckConfig:
    return LinkCheckConfig(unverified_hosts=[UnverifiedHost(host="blocked.test", reason="answers 403 to every robot")])


def test_exempt_hosts_are_unverified_and_never_requested(server):
    port = server.ports[0]
    urls = [f"http://blocked.test:{port}/forbidden", f"http://www.blocked.test:{port}/forbidden"]
    settings = Settings(
        timeout=2.0, retries=0, resolver=FakeResolver({"blocked.test", "www.blocked.test"}), allow_private=True
    )
    results = run(urls, config=blocked_config(), settings=settings)
    for url in urls:
        assert results[url].status is Status.UNVERIFIED
        assert "blocked.test refuses automated clients (answers 403 to every robot)" in results[url].message()
    assert server.count("/forbidden") == 0

    plain = run(urls[:1], settings=settings)  # without the entry the same 403 is a failure
    assert plain[urls[0]].status is Status.BROKEN and plain[urls[0]].code == 403


def test_exemption_matches_whole_host_names_only():
    config = blocked_config()
    assert config.exemption_for("https://blocked.test/a") is not None
    assert config.exemption_for("https://docs.blocked.test/a") is not None
    assert config.exemption_for("https://notblocked.test/a") is None
    assert config.exemption_for("https://blocked.test.example.org/a") is None


def test_real_config_is_valid():
    from conftest import ROOT

    config = load_config(ROOT / "linkcheck.yaml", required=True)
    assert config.unverified_hosts and all(entry.reason for entry in config.unverified_hosts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "unverified_hosts:\n  - host: a.example.org\n    reason: blocks every robot\n    note: x\n",
            "linkcheck.yaml:4: unverified_hosts.0.note: unknown key",
        ),
        (
            "unverified_hosts:\n  - host: https://a.example.org/\n    reason: blocks every robot\n",
            "linkcheck.yaml:2: unverified_hosts.0.host: Value error, must be a lower-case host name",
        ),
        (
            "unverified_hosts:\n  - host: a.example.org\n    reason: too short\n",
            "linkcheck.yaml:3: unverified_hosts.0.reason: String should have at least 10 characters",
        ),
        (
            "unverified_hosts:\n  - host: a.example.org\n    reason: no\n",
            "linkcheck.yaml:3: unverified_hosts.0.reason: Input should be a valid string (found False)",
        ),
        ("unverified_hosts:\n  - host: a.example.org\n", "linkcheck.yaml:2: unverified_hosts.0.reason: Field required"),
        (
            "unverified_hosts:\n  - host: a.example.org\n    reason: blocks every robot\n  - host: a.example.org\n    reason: blocks every robot\n",
            "linkcheck.yaml:1: unverified_hosts: Value error, host 'a.example.org' is listed twice",
        ),
        ("unverified_hosts: [\n", "linkcheck.yaml:2: YAML syntax error"),
        ("hosts: []\n", "linkcheck.yaml:1: hosts: unknown key"),
    ],
)
def test_bad_config_gives_a_located_error(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "linkcheck.yaml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(Path("linkcheck.yaml"))  # relative, as the command passes it
    assert expected in str(caught.value)


def test_missing_config_is_an_error_only_when_named(tmp_path):
    assert load_config(tmp_path / "absent.yaml").unverified_hosts == []
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "absent.yaml", required=True)


# -- archive suggestions -------------------------------------------------------
def test_broken_links_get_an_archived_copy_when_one_exists(server):
    missing, gone, good = server.url("/missing"), server.url("/gone"), server.url("/ok")
    results = run([missing, gone, good], archive_base=server.url("/web/"))
    assert results[missing].archived == server.url(f"/web/20200101000000/{missing}")
    assert results[gone].archived is None  # the archive has no copy of this one
    assert results[good].archived is None
    assert server.count(f"/web/{good}") == 0  # only broken links are looked up


# -- reports -------------------------------------------------------------------
def sample_report() -> LinkReport:
    results = [
        LinkResult(
            "https://a.example/gone",
            Status.BROKEN,
            code=404,
            reason="404 Not Found",
            archived="https://archive.example/web/1/https://a.example/gone",
        ),
        LinkResult("https://b.example/old", Status.MOVED, code=200, new_url="https://b.example/new"),
        LinkResult(
            "https://c.example/|x",
            Status.UNVERIFIED,
            reason="unverified: c.example refuses automated clients (blocks robots)",
        ),
        LinkResult("https://d.example/", Status.OK, code=200),
    ]
    uses = {
        "https://a.example/gone": [
            UrlUse("https://a.example/gone", "data/skills/x.yaml", 12, "resources.0.url"),
            UrlUse("https://a.example/gone", "data/tools/y.yaml", 7, "docs_url"),
        ],
        "https://b.example/old": [UrlUse("https://b.example/old", "data/steps/z.yaml", 30, "resources.2.url")],
        "https://c.example/|x": [UrlUse("https://c.example/|x", "data/projects/p.yaml", 5, "datasets.0.url")],
        "https://d.example/": [UrlUse("https://d.example/", "data/tools/d.yaml", 4, "docs_url")],
    }
    return LinkReport(RunOutcome(results, requests=9, elapsed=1.25), uses)


def test_terminal_report_names_every_use_of_a_broken_link():
    text = to_text(sample_report())
    assert "1 ok, 1 moved, 1 unverified, 1 broken" in text
    broken = text.split("BROKEN (1)")[1].split("MOVED")[0]
    assert "https://a.example/gone" in broken and "404 Not Found" in broken
    assert "used at data/skills/x.yaml:12 (resources.0.url)" in broken
    assert "used at data/tools/y.yaml:7 (docs_url)" in broken
    assert "archived copy: https://archive.example/web/1/https://a.example/gone" in broken
    assert "moved: update the data to https://b.example/new" in text
    assert "d.example" not in text  # good links are counted, not listed
    assert text.rstrip().endswith("FAILED: broken links found")


def test_json_report_holds_every_result_with_its_uses():
    data = json.loads(to_json(sample_report()))
    assert (
        data["counts"] == {"ok": 1, "moved": 1, "unverified": 1, "broken": 1, "refused": 0} and data["failed"] is True
    )
    by_url = {entry["url"]: entry for entry in data["results"]}
    assert by_url["https://a.example/gone"]["uses"] == [
        {"file": "data/skills/x.yaml", "line": 12, "field": "resources.0.url"},
        {"file": "data/tools/y.yaml", "line": 7, "field": "docs_url"},
    ]
    assert by_url["https://b.example/old"]["message"] == "moved: update the data to https://b.example/new"


def test_markdown_report_has_one_table_per_problem_kind():
    markdown = to_markdown(sample_report())
    assert markdown.startswith("# Link check report")
    assert "**Failed: broken links found.**" in markdown
    assert "## Broken (1)" in markdown and "## Moved (1)" in markdown and "## Unverified (1)" in markdown
    assert "`data/skills/x.yaml:12 (resources.0.url)`<br>`data/tools/y.yaml:7 (docs_url)`" in markdown
    assert "<https://c.example/%7Cx>" in markdown and "c.example/|x" not in markdown  # a pipe cannot break the table
    assert "## Ok" not in markdown
