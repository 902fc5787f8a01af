"""The on-disk result cache (.cache/links.json by default).

Only good answers are kept (ok and moved), and only for `max_age` seconds: a
failure is always checked again on the next run, since a retry costs little
and a stale "broken" would be crying wolf. Writes go through a temporary file
and a rename so an interrupted run never leaves half a JSON file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from .model import LinkResult, Status
from .options import MAX_AGE_HOURS

CACHE_VERSION = 2  # 2: entries say whether they were checked with --allow-private
DEFAULT_MAX_AGE = MAX_AGE_HOURS * 3600
CACHEABLE = {Status.OK, Status.MOVED}


class LinkCache:
    def __init__(self, path: Path, max_age: float = DEFAULT_MAX_AGE, *, refresh: bool = False):
        self.path = Path(path)
        self.max_age = max_age
        self.refresh = refresh  # --no-cache: reuse nothing, but still record the new results
        self.entries: dict[str, LinkResult] = {}
        self.problem = ""  # set when an unreadable cache file was ignored

    def load(self) -> LinkCache:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("version") != CACHE_VERSION:
                raise ValueError(f"cache version {raw.get('version')!r}, expected {CACHE_VERSION}")
            self.entries = {url: LinkResult.from_dict(entry) for url, entry in raw["results"].items()}
        except FileNotFoundError:
            self.entries = {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # A damaged cache only costs a full run; say so and carry on.
            self.problem = f"ignored unreadable cache {self.path}: {exc}"
            self.entries = {}
        return self

    def fresh(self, url: str, now: float | None = None, *, protected: bool = True) -> LinkResult | None:
        """The cached result if it is still young enough to trust, else None.

        A protected run (no --allow-private) never trusts a result checked
        without the protection: that "ok" may be for a private address.
        """
        entry = None if self.refresh else self.entries.get(url)
        now = time.time() if now is None else now
        if entry is None or entry.status not in CACHEABLE or now - entry.checked_at > self.max_age:
            return None
        if protected and entry.private_allowed:
            return None
        return LinkResult.from_dict({**entry.to_dict(), "from_cache": True})

    def store(self, result: LinkResult) -> None:
        if result.from_cache:
            return  # keep the original check time: caching must not extend its own life
        if result.status in CACHEABLE:
            self.entries[result.url] = result
        else:
            self.entries.pop(result.url, None)

    def save(self, now: float | None = None) -> None:
        now = time.time() if now is None else now
        keep = {
            url: entry.to_dict()
            for url, entry in sorted(self.entries.items())
            if now - entry.checked_at <= self.max_age
        }
        for entry in keep.values():
            entry.pop("from_cache", None)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".links-", suffix=".json", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"version": CACHE_VERSION, "results": keep}, handle, indent=1)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
