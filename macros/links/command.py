"""`roadmap links`: check every external URL in the data and report.

Exit codes: 0 no broken or refused link (moved and unverified links are
reported, not failures), 1 at least one broken or refused link, 2 the check
could not run (invalid data, invalid linkcheck.yaml, unknown git revision, a
report that could not be written).

Links to non-public addresses (loopback, private networks, link-local, …) are
refused at connect time unless --allow-private is given (guard.py).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from ..atomic import AtomicWriteError, write_text_atomic
from ..loader import load_for_command
from .archive import WAYBACK
from .cache import DEFAULT_MAX_AGE, LinkCache
from .changes import GitError, urls_at
from .checker import Settings
from .config import ConfigError, load_config
from .reports import to_json, to_markdown, to_text
from .run import LinkReport, check_links

DEFAULT_CONFIG = Path("linkcheck.yaml")
DEFAULT_CACHE = Path(".cache/links.json")
PROGRESS_FROM = 20  # URLs: below this a run is over before a bar helps


def add_parser(commands: argparse._SubParsersAction) -> None:
    d = Settings()
    links = commands.add_parser(
        "links",
        help="check every external URL in the data (exit 1 if any is broken or refused)",
        description="Check every distinct external URL in the data once, concurrently, with retries, a cache and exemptions from linkcheck.yaml.",
    )
    links.add_argument("--config", type=Path, default=None, help=f"hosts that refuse robots, with reasons (default: {DEFAULT_CONFIG} if present)")
    links.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"cache file (default: {DEFAULT_CACHE})")
    links.add_argument("--no-cache", action="store_true", help="check everything again; the fresh results still refresh the cache")
    links.add_argument("--max-age", type=float, default=DEFAULT_MAX_AGE / 3600, metavar="HOURS", help="how long a good result stays fresh (default: 24)")
    links.add_argument("--changed-since", metavar="REF", help="check only URLs added since git revision REF (e.g. origin/main)")
    links.add_argument("--json", type=Path, metavar="FILE", help="write a JSON report")
    links.add_argument("--markdown", type=Path, metavar="FILE", help="write a Markdown report")
    links.add_argument("--timeout", type=float, default=d.timeout, metavar="SECONDS", help=f"per request (default: {d.timeout:g})")
    links.add_argument("--retries", type=int, default=d.retries, help=f"retries of transient failures (default: {d.retries})")
    links.add_argument("--backoff", type=float, default=d.backoff, metavar="SECONDS", help=f"first retry wait, doubling (default: {d.backoff:g})")
    links.add_argument("--max-retry-after", type=float, default=d.max_retry_after, metavar="SECONDS", help=f"longest 429 Retry-After honoured (default: {d.max_retry_after:g})")
    links.add_argument("--per-host", type=int, default=d.per_host, help=f"requests in flight per host (default: {d.per_host})")
    links.add_argument("--concurrency", type=int, default=d.concurrency, help=f"requests in flight overall (default: {d.concurrency})")
    links.add_argument("--total-timeout", type=float, default=d.total_timeout, metavar="SECONDS", help=f"time bound for the whole run (default: {d.total_timeout:g})")
    links.add_argument("--archive-base", default=WAYBACK, metavar="URL", help=f"where to ask for archived copies of broken links (default: {WAYBACK})")
    links.add_argument("--no-archive", action="store_true", help="do not look for archived copies")
    links.add_argument(
        "--allow-private",
        action="store_true",
        help="also connect to loopback, private, link-local and other non-public addresses "
        "(refused by default, as a link in the data must not reach the machine's own network)",
    )
    links.set_defaults(func=cmd_links)


def _positive(args: argparse.Namespace) -> str | None:
    for name in ("timeout", "per_host", "concurrency", "total_timeout"):
        if getattr(args, name) <= 0:
            return f"--{name.replace('_', '-')} must be greater than 0"
    for name in ("retries", "backoff", "max_retry_after", "max_age"):
        if getattr(args, name) < 0:
            return f"--{name.replace('_', '-')} must not be negative"
    return None


class ProgressBar:
    """A one-line bar on stderr, redrawn in place; only used on a terminal."""

    def __init__(self, stream=None, width: int = 30):
        self.stream, self.width = stream or sys.stderr, width

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // total
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} links")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def cmd_links(args: argparse.Namespace) -> int:
    problem = _positive(args)
    if problem:
        print(f"roadmap links: {problem}", file=sys.stderr)
        return 2
    roadmap = load_for_command(args.data, "links")
    if roadmap is None:
        return 2
    try:
        config = load_config(args.config or DEFAULT_CONFIG, required=args.config is not None)
    except ConfigError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 2

    uses: dict[str, list] = {}
    for use in roadmap.url_uses():
        uses.setdefault(use.url, []).append(use)
    urls = list(uses)
    scope, skipped = f"{args.data.as_posix()}/", 0
    if args.changed_since:
        try:
            known = urls_at(args.changed_since, args.data)
        except GitError as exc:
            print(f"roadmap links: --changed-since: {exc}", file=sys.stderr)
            return 2
        added = [url for url in urls if url not in known]
        scope, skipped, urls = f"URLs added since {args.changed_since}", len(urls) - len(added), added

    cache = LinkCache(args.cache, max_age=args.max_age * 3600, refresh=args.no_cache).load()
    if cache.problem:
        print(f"roadmap links: {cache.problem}", file=sys.stderr)
    settings = Settings(
        timeout=args.timeout,
        retries=args.retries,
        backoff=args.backoff,
        max_retry_after=args.max_retry_after,
        per_host=args.per_host,
        concurrency=args.concurrency,
        total_timeout=args.total_timeout,
        allow_private=args.allow_private,
    )
    progress = ProgressBar() if sys.stderr.isatty() and len(urls) >= PROGRESS_FROM else None
    outcome = asyncio.run(
        check_links(
            urls,
            config=config,
            settings=settings,
            cache=cache,
            archive_base=None if args.no_archive else args.archive_base,
            progress=progress,
        )
    )
    report = LinkReport(outcome, {url: uses[url] for url in urls}, scope=scope, skipped=skipped)
    print(to_text(report))
    for path, render in ((args.json, to_json), (args.markdown, to_markdown)):
        if path:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_text_atomic(path, render(report))
            except (OSError, AtomicWriteError) as exc:
                print(f"roadmap links: {exc}", file=sys.stderr)
                return 2
    return 1 if report.failed else 0
