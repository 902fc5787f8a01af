"""Suggest an archived copy of a broken page.

The Wayback Machine answers `https://web.archive.org/web/<url>` with a redirect
to its snapshot closest to now, or 404 when it has none. That one request is
cheaper and steadier than its JSON availability API, which is rate limited.
The base is configurable so tests (and mirrors) can stand in for it.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urljoin

import aiohttp
from aiohttp.abc import AbstractResolver

WAYBACK = "https://web.archive.org/web/"


async def _closest_snapshot(session: aiohttp.ClientSession, base: str, url: str) -> str | None:
    ask = base.rstrip("/") + "/" + url
    try:
        async with session.get(ask, allow_redirects=False) as response:
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                return urljoin(ask, response.headers["Location"])
            if response.status == 200:
                return str(response.url)  # some mirrors serve the snapshot directly
    except (aiohttp.ClientError, TimeoutError, OSError):
        pass  # a suggestion is a courtesy: no archive answer simply means no suggestion
    return None


async def find_archived(
    urls: list[str],
    *,
    base: str = WAYBACK,
    timeout: float = 20.0,
    resolver: AbstractResolver | None = None,
    concurrency: int = 4,
) -> dict[str, str]:
    """{url: snapshot URL} for those URLs the archive has a copy of."""
    if not urls:
        return {}
    found: dict[str, str] = {}
    # Few at a time: the archive is one host, and a shared public service.
    gate = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency, resolver=resolver)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)) as session:

        async def one(url: str) -> None:
            async with gate:
                snapshot = await _closest_snapshot(session, base, url)
            if snapshot:
                found[url] = snapshot

        await asyncio.gather(*(one(url) for url in urls))
    return found
