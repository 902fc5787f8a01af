"""Every knob of a link-check run: its default and the range it must lie in, in one place.

`Settings` holds what the engine uses; `NUMERIC` lists the command-line options
that set numbers, each with its default and the bound it must respect, from which
`roadmap links` (macros/cli.py) makes click's IntRange/FloatRange options. Plain
data: the link checker itself needs neither click nor a command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .guard import AddressPolicy

if TYPE_CHECKING:  # the annotation only: importing aiohttp takes a quarter of a second
    from aiohttp.abc import AbstractResolver

USER_AGENT = "ml-engineer-roadmap-linkcheck/1.0 (+https://github.com/ml-engineer-roadmap; checks the roadmap's links once a week)"
WAYBACK = "https://web.archive.org/web/"  # where archived copies of broken links are asked for (archive.py)
DEFAULT_CONFIG = Path("linkcheck.yaml")
DEFAULT_CACHE = Path(".cache/links.json")
MAX_AGE_HOURS = 24.0  # how long a good result stays fresh in the cache
PROGRESS_FROM = 20  # URLs: below this a run is over before a progress bar helps


@dataclass
class Settings:
    """What the engine (checker, transport, archive) is told. Defaults suit the real web; tests shrink the times."""

    timeout: float = 20.0  # seconds per request
    retries: int = 3  # extra attempts after the first, for transient failures
    backoff: float = 1.0  # first wait before a retry; doubles each time
    max_retry_after: float = 30.0  # longest we honour a 429's Retry-After
    per_host: int = 10  # requests in flight to one host:port
    concurrency: int = 128  # requests in flight overall
    total_timeout: float = 600.0  # the whole run; unfinished links end up unverified
    max_redirects: int = 10
    user_agent: str = USER_AGENT
    resolver: AbstractResolver | None = None  # tests map names to 127.0.0.1 with this
    ssl: object = True  # passed to aiohttp (True = verify certificates)
    allow_private: bool = False  # --allow-private: also connect to loopback, private, link-local… addresses
    # For tests only (no command-line switch): networks treated as public while
    # the protection stays on, e.g. ("127.0.0.1/32",) to prove 127.0.0.2 is refused.
    allowed_networks: tuple[str, ...] = ()

    @property
    def policy(self) -> AddressPolicy:
        return AddressPolicy.build(self.allow_private, self.allowed_networks)


DEFAULTS = Settings()


@dataclass(frozen=True)
class Numeric:
    """A numeric option: `--name`, its type and default, and the bound its values respect."""

    name: str  # the keyword of run_links(), and the option --name-with-dashes
    type: type[int] | type[float]
    default: int | float
    min: int | float  # the smallest value allowed (or, with min_open, the bound it must exceed)
    help: str
    min_open: bool = False
    metavar: str | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


NUMERIC = (
    Numeric("max_age", float, MAX_AGE_HOURS, 0, "how long a good result stays fresh", metavar="HOURS"),
    Numeric("timeout", float, DEFAULTS.timeout, 0, "per request", min_open=True, metavar="SECONDS"),
    Numeric("retries", int, DEFAULTS.retries, 0, "retries of transient failures"),
    Numeric("backoff", float, DEFAULTS.backoff, 0, "first retry wait, doubling", metavar="SECONDS"),
    Numeric(
        "max_retry_after", float, DEFAULTS.max_retry_after, 0, "longest 429 Retry-After honoured", metavar="SECONDS"
    ),
    Numeric("per_host", int, DEFAULTS.per_host, 1, "requests in flight per host"),
    Numeric("concurrency", int, DEFAULTS.concurrency, 1, "requests in flight overall"),
    Numeric(
        "total_timeout",
        float,
        DEFAULTS.total_timeout,
        0,
        "time bound for the whole run",
        min_open=True,
        metavar="SECONDS",
    ),
)
