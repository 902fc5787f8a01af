"""The checking engine: every URL once, concurrently, politely, and with a verdict we can trust.

This module only orchestrates; each step has its own:
- transport.py: one attempt at a URL (HEAD/GET, redirects, the guarded connector);
- retry.py: whether an outcome is worth another attempt, and the wait before it;
- verdict.py: what the last outcome means for the reports.

Why it looks like this:
- asyncio + aiohttp: a link check is almost all waiting, so hundreds of
  requests can be in flight from one thread.
- Two semaphores bound the load (HostLimits): one per host (host:port) so no
  site sees more than `per_host` requests at once, and one overall. The
  per-host one is taken first so a busy host never sits on a global slot while
  it queues. Backoff sleeps happen outside both, so a waiting retry blocks
  nobody.
- The whole run is bounded by `total_timeout`: what is unfinished by then is
  "unverified", never silently dropped.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager

from . import verdict
from .model import LinkResult
from .options import Settings
from .retry import error_is_transient, status_is_transient, wait_before_retry
from .transport import NETWORK_ERRORS, Answer, Transport, checking_session

Progress = Callable[[int, int], None]  # (URLs done, URLs to check), after each URL


class HostLimits:
    """At most `per_host` requests in flight to one host:port, and `overall` in all (see the module notes)."""

    def __init__(self, per_host: int, overall: int):
        # Semaphores belong to the running event loop: make a new HostLimits per run.
        self._per_host = per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._overall = asyncio.Semaphore(overall)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        async with self._hosts.setdefault(host, asyncio.Semaphore(self._per_host)), self._overall:
            yield


class Checker:
    """Checks many URLs in one aiohttp session. Use `check_all`; one instance per run."""

    def __init__(self, settings: Settings | None = None, progress: Progress | None = None):
        self.settings = settings or Settings()
        self.progress = progress
        self.requests_made = 0

    async def check_all(self, urls: Iterable[str]) -> dict[str, LinkResult]:
        """Check each distinct URL once; returns {url: result} for all of them."""
        urls = list(dict.fromkeys(urls))
        results: dict[str, LinkResult] = {}
        if not urls:
            return results
        s = self.settings
        limits = HostLimits(s.per_host, s.concurrency)
        async with checking_session(s) as session:
            transport = Transport(session, s, limits.slot)
            self._report(0, len(urls))

            async def one(url: str) -> None:
                results[url] = await self.check(transport, url)
                self._report(len(results), len(urls))

            tasks = [asyncio.create_task(one(url)) for url in urls]
            finished, pending = await asyncio.wait(tasks, timeout=s.total_timeout)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
            self.requests_made += transport.requests_made
            for task in finished:
                if (bug := task.exception()) is not None:  # a bug, not a link problem: let it surface
                    raise bug
        return {url: results.get(url) or verdict.out_of_time(url, s.total_timeout) for url in urls}

    async def check(self, transport: Transport, url: str) -> LinkResult:
        """One URL, with retries; always returns a result, never raises (except cancellation)."""
        s = self.settings
        answer: Answer | None = None
        error: BaseException | None = None
        for attempt in range(s.retries + 1):
            try:
                answer, error = await transport.attempt(url), None
            except NETWORK_ERRORS as exc:
                answer, error = None, exc
                if not error_is_transient(exc):
                    break
            else:
                if not status_is_transient(answer.code):
                    break
            if attempt == s.retries:
                break
            code, asked = (answer.code, answer.retry_after) if answer else (None, None)
            await asyncio.sleep(
                wait_before_retry(
                    attempt, backoff=s.backoff, max_retry_after=s.max_retry_after, code=code, retry_after=asked
                )
            )
        attempts = attempt + 1
        if answer is None:
            assert error is not None  # an attempt either answers or raises
            return verdict.for_error(url, error, attempts, timeout=s.timeout)
        return verdict.for_answer(url, answer, attempts, max_redirects=s.max_redirects)

    def _report(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(done, total)
