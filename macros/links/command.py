"""`roadmap links`: check every external URL in the data and report.

Exit codes: 0 no broken or refused link (moved and unverified links are
reported, not failures), 1 at least one broken or refused link, 2 the check
could not run (invalid data, invalid linkcheck.yaml, unknown git revision, a
report that could not be written, an option out of its range).

Links to non-public addresses (loopback, private networks, link-local, …) are
refused at connect time unless --allow-private is given (guard.py).

`run_links` is the command itself, called by the click command in macros/cli.py
with values already checked against their ranges (options.NUMERIC); the progress
bar is click's, drawn on a terminal only.
"""

from __future__ import annotations

import asyncio
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from macros.atomic import AtomicWriteError, write_text_atomic
from macros.model.load import load_for_command
from macros.model.roadmap import Roadmap, UrlUse

from .cache import LinkCache
from .changes import GitError, urls_at
from .config import ConfigError, load_config
from .options import (
    DEFAULT_CACHE,
    DEFAULT_CONFIG,
    DEFAULTS,
    MAX_AGE_HOURS,
    PROGRESS_FROM,
    WAYBACK,
    Settings,
)
from .reports import to_json, to_markdown, to_text
from .run import LinkReport, check_links

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


def run_links(
    data: Path,
    *,
    config: Path | None = None,
    cache: Path = DEFAULT_CACHE,
    no_cache: bool = False,
    max_age: float = MAX_AGE_HOURS,
    changed_since: str | None = None,
    json: Path | None = None,
    markdown: Path | None = None,
    timeout: float = DEFAULTS.timeout,
    retries: int = DEFAULTS.retries,
    backoff: float = DEFAULTS.backoff,
    max_retry_after: float = DEFAULTS.max_retry_after,
    per_host: int = DEFAULTS.per_host,
    concurrency: int = DEFAULTS.concurrency,
    total_timeout: float = DEFAULTS.total_timeout,
    archive_base: str = WAYBACK,
    no_archive: bool = False,
    allow_private: bool = False,
) -> int:
    """Check the links of the data in `data`, print the report, write --json/--markdown; the exit code.

    Each keyword is the option of the same name (--max-age is max_age, in
    hours), so a command-line front end can pass its parsed options as they
    are. Numbers must already lie in their ranges (options.NUMERIC).
    """
    roadmap = load_for_command(data, "links")
    if roadmap is None:
        return 2
    try:
        exemptions = load_config(config or DEFAULT_CONFIG, required=config is not None)
    except ConfigError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 2
    try:
        uses, scope, skipped = _in_scope(roadmap, data, changed_since)
    except GitError as exc:
        print(f"roadmap links: --changed-since: {exc}", file=sys.stderr)
        return 2

    link_cache = LinkCache(cache, max_age=max_age * 3600, refresh=no_cache).load()
    if link_cache.problem:
        print(f"roadmap links: {link_cache.problem}", file=sys.stderr)
    settings = Settings(
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        max_retry_after=max_retry_after,
        per_host=per_host,
        concurrency=concurrency,
        total_timeout=total_timeout,
        allow_private=allow_private,
    )
    show_progress = sys.stderr.isatty() and len(uses) >= PROGRESS_FROM
    with TerminalProgress() if show_progress else nullcontext() as progress:
        outcome = asyncio.run(
            check_links(
                list(uses),
                config=exemptions,
                settings=settings,
                cache=link_cache,
                archive_base=None if no_archive else archive_base,
                progress=progress,
            )
        )
    report = LinkReport(outcome, uses, scope=scope, skipped=skipped)
    print(to_text(report))
    for path, render in ((json, to_json), (markdown, to_markdown)):
        if path:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_text_atomic(path, render(report))
            except (OSError, AtomicWriteError) as exc:
                print(f"roadmap links: {exc}", file=sys.stderr)
                return 2
    return 1 if report.failed else 0


def _in_scope(roadmap: Roadmap, data: Path, changed_since: str | None) -> tuple[dict[str, list[UrlUse]], str, int]:
    """({url: its uses} to check, what the report says was checked, how many URLs were left out as unchanged)."""
    uses: dict[str, list[UrlUse]] = {}
    for use in roadmap.url_uses():
        uses.setdefault(use.url, []).append(use)
    if not changed_since:
        return uses, f"{data.as_posix()}/", 0
    known = urls_at(changed_since, data)  # raises GitError
    added = {url: places for url, places in uses.items() if url not in known}
    return added, f"URLs added since {changed_since}", len(uses) - len(added)


class TerminalProgress:
    """click's progress bar on stderr, fed by the engine's progress(done, total) calls; a context manager."""

    def __init__(self, file: TextIO | None = None):
        self.file = file
        self._bar: ProgressBar[int] | None = None

    def __call__(self, done: int, total: int) -> None:
        if (
            self._bar is None
        ):  # the engine says how many URLs it checks (after cache and exemptions) with its first call
            self._bar = click.progressbar(
                length=total, label="Checking links", show_pos=True, file=self.file or sys.stderr
            )
            self._bar.__enter__()
        self._bar.update(done - self._bar.pos)

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:  # ends the bar's line and shows the cursor again, also on Ctrl-C
            self._bar.__exit__(*exc)
