"""The three ways a run is reported: terminal text, JSON, and Markdown.

Every failure names the URL, what went wrong, and each data file:line that uses
it, so a fix needs no searching. The Markdown is what the weekly workflow posts
as an issue; the JSON is for tools.

Much of what is printed comes from servers (redirect targets, reason phrases)
or from contributors (URLs). So the terminal text shows control characters as
visible escapes (no terminal escape sequence gets through), and the Markdown
makes every such value inert on GitHub: HTML and Markdown syntax become
character references, @mentions and #references cannot ping or cross-link,
nothing can end a table row, and only http(s) URLs become links (autolinks with
anything odd percent-encoded). JSON escapes by itself.
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import quote, urlsplit

from .model import LinkResult, Status
from .run import LinkReport

SECTIONS = (
    (
        Status.BROKEN,
        "Broken",
        "These fail the check: fix or replace each link (an archived copy is suggested when one exists).",
    ),
    (
        Status.REFUSED,
        "Refused",
        "These fail the check and were never requested: the link (or a redirect) leads to a non-public address, "
        "or the URL holds credentials. Replace each with a public address without user:password@.",
    ),
    (Status.MOVED, "Moved", "Permanent redirects: update the data to the new address."),
    (
        Status.UNVERIFIED,
        "Unverified",
        "Could not be confirmed either way; not a failure, but worth a look by hand now and then.",
    ),
)


# C0 and C1 controls, DEL, and the invisible or reordering Unicode format characters
# (zero-width, bidi overrides and isolates, line/paragraph separators, BOM).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def plain(text: str) -> str:
    """The text with every control character shown as an escape (\\x1b, \\u202e): safe for a terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def _failure_words(report: LinkReport) -> str:
    counts = report.counts
    words = []
    if counts[Status.BROKEN.value]:
        words.append("broken links found")
    if counts[Status.REFUSED.value]:
        words.append("links refused (non-public address or credentials)")
    return "; ".join(words)


def _where(report: LinkReport, url: str) -> list[str]:
    return [f"{use.file}:{use.line} ({use.field})" for use in report.uses.get(url, [])]


def summary_line(report: LinkReport) -> str:
    results = report.outcome.results
    cached = sum(result.from_cache for result in results)
    counts = report.counts
    parts = ", ".join(f"{counts[status.value]} {status.value}" for status in Status)
    scope = f" ({report.skipped} unchanged URLs not checked)" if report.skipped else ""
    return (
        f"Checked {len(results)} distinct URLs from {report.scope}{scope} in {report.outcome.elapsed:.1f} s "
        f"({cached} from cache, {report.outcome.requests} requests): {parts}"
    )


def to_text(report: LinkReport) -> str:
    lines = [summary_line(report)]
    for status, title, _explanation in SECTIONS:
        results = report.with_status(status)
        if not results:
            continue
        lines += ["", f"{title.upper()} ({len(results)})"]
        for result in results:
            lines.append(f"  {result.url}")
            lines.append(f"    {result.message()}")
            lines.extend(f"    used at {where}" for where in _where(report, result.url))
            if result.archived:
                lines.append(f"    archived copy: {result.archived}")
    lines.append("")
    lines.append(f"FAILED: {_failure_words(report)}" if report.failed else "OK: no broken links")
    return "\n".join(plain(line) for line in lines)  # per line: a newline inside a value shows as \x0a


def to_json(report: LinkReport) -> str:
    data = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(report.generated_at)),
        "scope": report.scope,
        "skipped_unchanged": report.skipped,
        "elapsed_seconds": round(report.outcome.elapsed, 3),
        "requests": report.outcome.requests,
        "counts": dict(report.counts),
        "failed": report.failed,
        "results": [
            {
                **result.to_dict(),
                "message": result.message(),
                "uses": [
                    {"file": use.file, "line": use.line, "field": use.field} for use in report.uses.get(result.url, [])
                ],
            }
            for result in report.outcome.results
        ],
    }
    return json.dumps(data, indent=2) + "\n"


# Everything GitHub's Markdown (GFM) or HTML treat as syntax inside a table cell, as a
# numeric character reference: no tag, link, image, emphasis, code span, math or pipe can form.
_SYNTAX = str.maketrans({ch: f"&#{ord(ch)};" for ch in "&<>\"'\\`*_{}[]()#+!|~^$"})
# What would still ping someone or cross-link an issue once the references are decoded:
# a zero-width space after the @ or # breaks the mention or reference, not the reading.
_PING = re.compile(r"([@#])(?=[\w-])")
# A URL inside a message: becomes an autolink of its own.
_URL = re.compile(r"https?://[^\s<>\"'`]+")
# Inside <…> nothing is unescaped, so anything odd is percent-encoded instead; GFM splits
# table rows on pipes before it reads autolinks, so | is among them.
_URL_SAFE = "/:?#[]@!$&()*+,;=-._~%"


def _text(text: str) -> str:
    """Arbitrary text made inert in a GFM table cell (see the module notes)."""
    text = re.sub(r"\s+", " ", plain(text))
    return _PING.sub("\\1\u200b", text).translate(_SYNTAX)


def _link(url: str) -> str:
    """An http(s) URL as a safe autolink; anything else as inert text."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return _text(url)
    return f"<{quote(plain(url), safe=_URL_SAFE)}>"


def _rich(text: str) -> str:
    """A message: its http(s) URLs as autolinks, the rest as inert text."""
    parts, last = [], 0
    for match in _URL.finditer(text):
        url = match.group()
        # Punctuation after a URL belongs to the sentence: "(after redirects to …)", "…, then".
        while url and (url[-1] in ".,;:!?" or (url[-1] == ")" and url.count(")") > url.count("("))):
            url = url[:-1]
        end = match.start() + len(url)
        parts += [_text(text[last : match.start()]), _link(url)]
        last = end
    parts.append(_text(text[last:]))
    return "".join(parts)


def _code(text: str) -> str:
    """A data location (file:line (field)) as a code span, or as inert text if it holds a
    backtick or backslash (either could end the span or unescape a pipe)."""
    text = plain(text)
    if "`" in text or "\\" in text:
        return _text(text)
    return "`" + re.sub(r"\s+", " ", text).replace("|", "\\|") + "`"


def to_markdown(report: LinkReport) -> str:
    counts = report.counts
    lines = [
        "# Link check report",
        "",
        _text(summary_line(report)),
        "",
        "| Result | Links |",
        "| --- | ---: |",
        *(f"| {status.value} | {counts[status.value]} |" for status in Status),
        "",
        f"**Failed: {_failure_words(report)}.**" if report.failed else "**Passed: no broken links.**",
    ]
    for status, title, explanation in SECTIONS:
        results: list[LinkResult] = report.with_status(status)
        if not results:
            continue
        lines += [
            "",
            f"## {title} ({len(results)})",
            "",
            explanation,
            "",
            "| URL | Problem | Used at |",
            "| --- | --- | --- |",
        ]
        for result in results:
            problem = _rich(result.message())
            if result.archived:
                problem += f"<br>archived copy: {_link(result.archived)}"
            where = "<br>".join(_code(place) for place in _where(report, result.url)) or "–"
            lines.append(f"| {_link(result.url)} | {problem} | {where} |")
    return "\n".join(lines) + "\n"
