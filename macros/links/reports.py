"""The three ways a run is reported: terminal text, JSON, and Markdown.

Every failure names the URL, what went wrong, and each data file:line that uses
it, so a fix needs no searching. The Markdown is what the weekly workflow posts
as an issue; the JSON is for tools.
"""

from __future__ import annotations

import json
import time

from .model import LinkResult, Status
from .run import LinkReport

SECTIONS = (
    (Status.BROKEN, "Broken", "These fail the check: fix or replace each link (an archived copy is suggested when one exists)."),
    (Status.MOVED, "Moved", "Permanent redirects: update the data to the new address."),
    (Status.UNVERIFIED, "Unverified", "Could not be confirmed either way; not a failure, but worth a look by hand now and then."),
)


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
    lines.append("FAILED: broken links found" if report.failed else "OK: no broken links")
    return "\n".join(lines)


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
                "uses": [{"file": use.file, "line": use.line, "field": use.field} for use in report.uses.get(result.url, [])],
            }
            for result in report.outcome.results
        ],
    }
    return json.dumps(data, indent=2) + "\n"


def _cell(text: str) -> str:
    # Table cells: a pipe would split the cell, a newline would end the row.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _link(url: str) -> str:
    # GFM splits table rows on pipes before reading autolinks, so escape them even inside <…>.
    return f"<{url.replace('|', '%7C')}>" if " " not in url and ">" not in url else _cell(url)


def to_markdown(report: LinkReport) -> str:
    counts = report.counts
    lines = [
        "# Link check report",
        "",
        f"{_cell(summary_line(report))}",
        "",
        "| Result | Links |",
        "| --- | ---: |",
        *(f"| {status.value} | {counts[status.value]} |" for status in Status),
        "",
        "**Failed: broken links found.**" if report.failed else "**Passed: no broken links.**",
    ]
    for status, title, explanation in SECTIONS:
        results: list[LinkResult] = report.with_status(status)
        if not results:
            continue
        lines += ["", f"## {title} ({len(results)})", "", explanation, "", "| URL | Problem | Used at |", "| --- | --- | --- |"]
        for result in results:
            problem = _cell(result.message())
            if result.archived:
                problem += f"<br>archived copy: {_link(result.archived)}"
            where = "<br>".join(f"`{_cell(place)}`" for place in _where(report, result.url)) or "–"
            lines.append(f"| {_link(result.url)} | {problem} | {where} |")
    return "\n".join(lines) + "\n"
