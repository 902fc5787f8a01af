"""What a link check can conclude about one URL.

Five verdicts, chosen so that the run fails only when a reader would really hit
a dead end, and nothing that could not be checked is quietly counted as good:

- ok: the page answered 2xx (temporary redirects are fine);
- moved: it answers, but through a permanent redirect, so the data should be
  updated to the new address (reported, never a failure);
- unverified: we could not get a trustworthy answer (host listed as refusing
  robots, rate limited, timeouts or server errors that outlived every retry,
  the total time limit ran out). Listed in every report, never a failure;
- broken: the server or the network said no for certain (404, 410, other 4xx,
  DNS failure, connection refused, TLS error, redirect loop). Fails the run;
- refused: never requested because the URL (or a redirect hop) leads to a
  non-public address (loopback, private network, link-local such as the cloud
  metadata service, …) or carries user:password@ credentials. Fails the run:
  the data must not point there (see guard.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Status(StrEnum):
    OK = "ok"
    MOVED = "moved"
    UNVERIFIED = "unverified"
    BROKEN = "broken"
    REFUSED = "refused"


@dataclass
class LinkResult:
    """The outcome of checking one distinct URL."""

    url: str
    status: Status
    code: int | None = None  # last HTTP status seen, None when no answer came
    reason: str = ""  # short human explanation: "404 Not Found", "DNS failure: …"
    final_url: str | None = None  # where the redirects ended
    new_url: str | None = None  # for MOVED: the address the data should use
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (status, target) per hop
    method: str = ""  # HEAD, or GET when the server refused HEAD
    attempts: int = 0
    archived: str | None = None  # for BROKEN: the closest archived copy, when one exists
    checked_at: float = 0.0  # Unix time of the check (the cache ages entries by it)
    from_cache: bool = False
    private_allowed: bool = False  # checked with --allow-private: a protected run must check it again

    @property
    def failed(self) -> bool:
        return self.status in (Status.BROKEN, Status.REFUSED)

    def message(self) -> str:
        """One line saying what happened and what to do, for every report format."""
        if self.status is Status.MOVED:
            return f"moved: update the data to {self.new_url}"
        if self.status is Status.OK:
            return f"{self.code} OK" if self.code else "ok"
        return self.reason

    def to_dict(self) -> dict:
        data = asdict(self)
        data["status"] = self.status.value
        data["redirects"] = [list(hop) for hop in self.redirects]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> LinkResult:
        data = dict(data)
        data["status"] = Status(data["status"])
        data["redirects"] = [(int(code), str(url)) for code, url in data.get("redirects", [])]
        known = cls.__dataclass_fields__
        return cls(**{key: value for key, value in data.items() if key in known})
