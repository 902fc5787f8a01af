"""Which outcomes of an attempt are worth another try, and how long to wait before it.

Transient trouble (connection errors, timeouts, 5xx, 429) is retried with
doubling backoff; a 429 waits for its Retry-After instead, but never longer
than `max_retry_after`, so one server cannot stall the run. A TLS or URL
problem, or a refused address, will not fix itself in a second and is not
retried. What is still transient after the last try ends "unverified", not
"broken" (verdict.py): a weekly run must not cry wolf over one bad hour.

Pure functions, so every rule is tested without a server or a clock.
"""

from __future__ import annotations

import email.utils
import time

import aiohttp

from .guard import find_refusal

RATE_LIMITED = 429


def error_is_transient(exc: BaseException) -> bool:
    return not isinstance(exc, (aiohttp.ClientSSLError, aiohttp.InvalidURL)) and find_refusal(exc) is None


def status_is_transient(code: int | None) -> bool:
    """429 and 5xx: the server may answer properly in a moment. No status (a redirect problem) is final."""
    return code is not None and (code == RATE_LIMITED or code >= 500)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def wait_before_retry(
    attempt: int,
    *,
    backoff: float,
    max_retry_after: float,
    code: int | None = None,
    retry_after: str | None = None,
    now: float | None = None,
) -> float:
    """Seconds to wait after attempt number `attempt` (0 for the first) ended in `code` (None: an error)."""
    wait = backoff * (2**attempt)
    if code != RATE_LIMITED:
        return wait
    asked = retry_after_seconds(retry_after, now)
    return min(wait if asked is None else asked, max_retry_after)
