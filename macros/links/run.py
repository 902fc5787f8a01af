"""One link-check run: exemptions, cache, the engine, archive suggestions, in that order.

Kept apart from the command line so the benchmark and the tests drive exactly
what `roadmap links` runs.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from macros.model.roadmap import UrlUse

from . import verdict
from .archive import find_archived
from .cache import LinkCache
from .checker import Checker, Progress
from .config import LinkCheckConfig
from .model import LinkResult, Status
from .options import WAYBACK, Settings


@dataclass
class RunOutcome:
    results: list[LinkResult]  # one per distinct URL, in the order given
    requests: int  # HTTP requests the engine made (archive look-ups not counted)
    elapsed: float


async def check_links(
    urls: list[str],
    *,
    config: LinkCheckConfig | None = None,
    settings: Settings | None = None,
    cache: LinkCache | None = None,
    archive_base: str | None = WAYBACK,
    progress: Progress | None = None,
) -> RunOutcome:
    started = time.monotonic()
    config = config or LinkCheckConfig()
    settings = settings or Settings()
    now = time.time()
    order = list(dict.fromkeys(urls))
    results: dict[str, LinkResult] = {}
    todo: list[str] = []
    for url in order:
        exemption = config.exemption_for(url)
        if exemption is not None:
            results[url] = verdict.exempted(url, exemption)
        elif cache is not None and (hit := cache.fresh(url, now, protected=settings.policy.protected)) is not None:
            results[url] = hit
        else:
            todo.append(url)

    checker = Checker(settings, progress)
    checked = await checker.check_all(todo)
    results.update(checked)
    for result in checked.values():
        result.private_allowed = not settings.policy.protected
    if cache is not None:
        for result in checked.values():
            cache.store(result)
        cache.save()

    broken = [url for url in todo if results[url].status is Status.BROKEN]
    time_left = settings.total_timeout - (time.monotonic() - started)  # --total-timeout bounds the archive too
    if archive_base and broken and time_left > 0:
        archived = await find_archived(broken, base=archive_base, settings=settings, time_left=time_left)
        for url, snapshot in archived.items():
            results[url].archived = snapshot
    return RunOutcome([results[url] for url in order], checker.requests_made, time.monotonic() - started)


@dataclass
class LinkReport:
    """Results joined with where the data uses each URL: what every report format prints."""

    outcome: RunOutcome
    uses: dict[str, list[UrlUse]]
    scope: str = "every URL in the data"
    skipped: int = 0  # URLs left out because --changed-since found them unchanged
    generated_at: float = field(default_factory=time.time)

    @property
    def counts(self) -> Counter:
        counts = Counter({status.value: 0 for status in Status})
        counts.update(result.status.value for result in self.outcome.results)
        return counts

    def with_status(self, status: Status) -> list[LinkResult]:
        return [result for result in self.outcome.results if result.status is status]

    @property
    def failed(self) -> bool:
        return any(result.failed for result in self.outcome.results)
