"""Suggest an archived copy of a broken page.

The Wayback Machine answers `https://web.archive.org/web/<url>` with a redirect
to its snapshot closest to now, or 404 when it has none. That one request is
cheaper and steadier than its JSON availability API, which is rate limited.
The base (options.WAYBACK by default) is configurable so tests (and mirrors)
can stand in for it.

The look-ups go through the same guarded connector as the checks (a mirror on
a private address is refused like any link) and share the run's time budget:
whatever is unanswered when `time_left` runs out simply gets no suggestion.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urljoin

import aiohttp

from .options import WAYBACK, Settings
from .transport import NETWORK_ERRORS, REDIRECTS, guarded_session


async def _closest_snapshot(session: aiohttp.ClientSession, base: str, url: str) -> str | None:
    ask = base.rstrip("/") + "/" + url
    try:
        async with session.get(ask, allow_redirects=False) as response:
            if response.status in REDIRECTS and response.headers.get("Location"):
                return urljoin(ask, response.headers["Location"])
            if response.status == 200:
                return str(response.url)  # some mirrors serve the snapshot directly
    except NETWORK_ERRORS:
        pass  # a suggestion is a courtesy: no archive answer (or a refused one) simply means no suggestion
    return None


async def find_archived(
    urls: list[str],
    *,
    base: str = WAYBACK,
    settings: Settings | None = None,
    time_left: float | None = None,
    concurrency: int = 4,
) -> dict[str, str]:
    """{url: snapshot URL} for those URLs the archive has a copy of, found within `time_left` seconds."""
    settings = settings or Settings()
    time_left = settings.total_timeout if time_left is None else time_left
    if not urls or time_left <= 0:
        return {}
    found: dict[str, str] = {}
    # Few at a time: the archive is one host, and a shared public service.
    gate = asyncio.Semaphore(concurrency)
    async with guarded_session(
        settings, limit=concurrency, timeout=aiohttp.ClientTimeout(total=settings.timeout)
    ) as session:

        async def one(url: str) -> None:
            async with gate:
                snapshot = await _closest_snapshot(session, base, url)
            if snapshot:
                found[url] = snapshot

        tasks = [asyncio.create_task(one(url)) for url in urls]
        _done, pending = await asyncio.wait(tasks, timeout=time_left)
        for task in pending:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return found
