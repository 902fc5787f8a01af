"""A hostile server cannot inject anything into the reports.

The weekly job posts the Markdown report as a GitHub issue and prints the text
report in a terminal; reason phrases and Location headers are the server's to
choose. Here a raw local server sends HTML, Markdown links, @mentions, issue
references, table rows and terminal escapes in both.
"""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from links_server import HostileServer, no_internet  # noqa: F401  (fixture)

from macros.links.checker import Checker
from macros.links.model import LinkResult, Status
from macros.links.options import Settings
from macros.links.reports import plain, to_json, to_markdown, to_text
from macros.links.run import LinkReport, RunOutcome
from macros.model.roadmap import UrlUse

EVIL = b"<img src=x onerror=alert(1)> ](javascript:alert(1)) @everyone @octocat #1 owner/repo#2 \x1b[2J\x1b]0;pwned\x07 \xe2\x80\xae | fake | row |"
RESPONSES = {
    "/reason": b"HTTP/1.1 999 " + EVIL + b"\r\n",  # an unknown code: the server's phrase is reported
    "/moved": b"HTTP/1.1 301 Moved Permanently\r\nLocation: /ok" + EVIL + b"\r\n",
    "/lost": b"HTTP/1.1 302 Found\r\nLocation: /gone" + EVIL + b"\r\n",
    "/script": b"HTTP/1.1 302 Found\r\nLocation: javascript:alert(1)//" + EVIL + b"\r\n",
    "/fold": b"HTTP/1.1 302 Found\r\nLocation: /gone\r\n | fake | row |\r\n",  # obs-fold: a header "newline"
}
SERVER_TEXT = ["<img", "](javascript:", "@everyone", "@octocat", "#1", "\x1b", "\x07", "\u202e"]


@pytest.fixture(scope="module")
def hostile():
    with HostileServer(RESPONSES) as server:
        urls = [server.url(path) for path in RESPONSES]
        results = asyncio.run(Checker(Settings(timeout=2.0, retries=0, allow_private=True)).check_all(urls))
        uses = {url: [UrlUse(url, "data/skills/x.yaml", n, "resources.0.url")] for n, url in enumerate(urls, 1)}
        yield server, LinkReport(RunOutcome(list(results.values()), requests=len(urls), elapsed=0.1), uses)


def test_the_hostile_text_really_reaches_the_results(hostile):
    _server, report = hostile
    by_path = {result.url.rsplit("/", 1)[1]: result for result in report.outcome.results}
    assert by_path["reason"].status is Status.BROKEN and by_path["reason"].message().startswith(
        "999 <img src=x onerror=alert(1)>"
    )
    assert by_path["moved"].status is Status.MOVED and "@everyone" in by_path["moved"].message()
    assert by_path["lost"].status is Status.BROKEN and "\x1b[2J" in by_path["lost"].message()
    assert by_path["script"].status is Status.UNVERIFIED and "javascript:alert(1)" in by_path["script"].message()
    assert by_path["fold"].status is Status.BROKEN and "| fake | row |" in by_path["fold"].message()


def _rows(markdown: str) -> list[list[str]]:
    """Every table row, split on the pipes GFM splits on (unescaped ones)."""
    return [re.split(r"(?<!\\)\|", line)[1:-1] for line in markdown.splitlines() if line.startswith("|")]


def test_markdown_report_is_inert(hostile):
    _server, report = hostile
    markdown = to_markdown(report)
    for text in ["<img", "](javascript:", "@everyone", "@octocat", " #1", "repo#2", "\x1b", "\x07", "\u202e"]:
        assert text not in markdown, text
    assert "@\u200beveryone" in markdown and "&#35;\u200b1" in markdown  # shown, but no ping and no reference
    # Every row of every table keeps its three (or two) cells: no row was added or split.
    rows = _rows(markdown)
    assert len(rows) == 2 + 5 + 3 * 2 + len(report.outcome.results)
    assert [len(row) for row in rows] == [2] * 7 + [3] * (len(rows) - 7), (
        rows
    )  # the counts table, then URL | Problem | Used at
    assert not any(row[0].strip() == "fake" for row in rows)
    # Links are only ever autolinks of http(s) URLs, with nothing that can end them early.
    for link in re.findall(r"<([^<>]*)>", markdown.replace("<br>", "")):
        assert re.fullmatch(r"https?://[\w\-.:/?#\[\]@!$&()*+,;=%~]+", link), link


def test_markdown_report_renders_without_html_links_or_extra_rows(hostile):
    markdown_it = pytest.importorskip("markdown_it")
    _server, report = hostile
    # GitHub renders raw HTML (then sanitises it): render with HTML on, as the worst case.
    html = (
        markdown_it.MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .render(to_markdown(report))
    )
    assert "<img" not in html and "javascript:" not in re.sub(
        r"&#?\w+;", "", "".join(re.findall(r'href="([^"]*)"', html))
    )
    assert re.findall(r"<(\w+)", html) and set(re.findall(r"<(\w+)", html)) <= {
        "h1",
        "h2",
        "p",
        "strong",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
        "br",
        "code",
    }
    assert html.count("<tr>") == 1 + 5 + 3 + len(report.outcome.results)  # header rows, counts table, one per result
    assert all(href.startswith("http://127.0.0.1:") for href in re.findall(r'href="([^"]*)"', html))


def test_terminal_report_has_no_control_characters(hostile):
    _server, report = hostile
    text = to_text(report)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    assert "\\x1b[2J" in text and "\\x07" in text and "\\u202e" in text  # visible, so a reader sees something odd
    for result in report.outcome.results:
        assert f"  {plain(result.url)}\n    {plain(result.message())}\n" in text


def test_json_report_escapes_control_characters(hostile):
    _server, report = hostile
    raw = to_json(report)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202e]", raw.replace("\n", ""))
    assert any("\x1b[2J" in entry["message"] for entry in json.loads(raw)["results"])  # the data itself is kept exactly


def test_newlines_and_pipes_in_any_value_cannot_add_rows():
    # Values no HTTP header can carry, but a URL in the data or a future message might.
    url = "https://evil.example/a\n| fake | row | x |\n"
    result = LinkResult(
        url,
        Status.BROKEN,
        code=404,
        reason="404 Not Found\n| fake | row | x |\r\n@everyone\u2028#3",
        archived="https://archive.example/web/1/x\n| y |",
    )
    report = LinkReport(
        RunOutcome([result], requests=1, elapsed=0.1), {url: [UrlUse(url, "data/x.yaml\n| z |", 3, "url`|")]}
    )
    markdown = to_markdown(report)
    assert [len(row) for row in _rows(markdown)] == [2] * 7 + [3] * 3
    assert "@everyone" not in markdown and "| fake" not in markdown
    text = to_text(report)
    assert "\n| fake" not in text and "\\x0a| fake | row | x |\\x0d\\x0a@everyone\\u2028#3" in text


def test_reports_still_read_well(hostile):
    _server, report = hostile
    markdown = to_markdown(report)
    lost = next(result for result in report.outcome.results if result.url.endswith("/lost"))
    assert (
        f"| <{lost.url}> | 404 Not Found &#40;after redirects to <{lost.url.rsplit('/', 1)[0]}/gone>&#60;img"
        in markdown
    )
