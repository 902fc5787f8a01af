"""What the last attempt at a URL means: ok, moved, unverified, broken or refused (see model.py).

Every reason a report prints is worded here. A reason names the status or
error, how many tries it took when that matters, and what to do when there is
something to do (update the data, list a robot-shy host in linkcheck.yaml).
"""

from __future__ import annotations

import errno
import time
from http import HTTPStatus

import aiohttp

from .config import UnverifiedHost
from .model import LinkResult, Status
from .transport import Answer

PERMANENT_REDIRECTS = {301, 308}
GONE = {404, 410}


def phrase(code: int, server_reason: str = "") -> str:
    """The standard phrase; for a code HTTP does not define, the server's own (reports escape it)."""
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        server_reason = " ".join(server_reason.split())[:100]
        return f"{code} {server_reason}" if server_reason else str(code)


def describe_error(exc: BaseException) -> tuple[bool, str]:
    """(confirmed broken?, short reason) for an exception that outlived the retries."""
    if isinstance(exc, aiohttp.ClientSSLError):
        return True, f"TLS error: {getattr(exc, 'os_error', exc) or exc}"
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return True, f"DNS failure: cannot resolve {exc.host}"
    if isinstance(exc, aiohttp.ClientConnectorError):
        os_error = getattr(exc, "os_error", None)
        if getattr(os_error, "errno", None) == errno.ECONNREFUSED:
            return True, f"connection refused by {exc.host}:{exc.port}"
        return True, f"cannot connect to {exc.host}:{exc.port}: {getattr(os_error, 'strerror', None) or exc}"
    if isinstance(exc, aiohttp.InvalidURL):
        return True, f"invalid URL: {exc}"
    if isinstance(exc, TimeoutError):
        return False, "timed out"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return False, "server closed the connection without answering"
    return False, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def for_error(url: str, error: BaseException, attempts: int, *, timeout: float) -> LinkResult:
    """The verdict when the last attempt raised instead of answering."""
    broken, reason = describe_error(error)
    if reason == "timed out":
        reason = f"timed out after {timeout:g} s ({_tries(attempts)})"
    elif not broken:
        reason = f"{reason} ({_tries(attempts)})"
    return LinkResult(
        url, Status.BROKEN if broken else Status.UNVERIFIED, reason=reason, attempts=attempts, checked_at=time.time()
    )


def for_answer(url: str, answer: Answer, attempts: int, *, max_redirects: int) -> LinkResult:
    """The verdict on the final answer (or redirect problem) of the last attempt."""
    status, reason, new_url = _judge(url, answer, attempts, max_redirects)
    if answer.redirects and status is Status.BROKEN and not answer.problem:
        reason += f" (after redirects to {answer.url})"
    return LinkResult(
        url,
        status,
        code=answer.code,
        reason=reason,
        final_url=answer.url,
        new_url=new_url,
        redirects=answer.redirects,
        method=answer.method,
        attempts=attempts,
        checked_at=time.time(),
    )


def _judge(url: str, answer: Answer, attempts: int, max_redirects: int) -> tuple[Status, str, str | None]:
    code = answer.code
    hop = f" at redirect {len(answer.redirects)} (to {answer.url})" if answer.redirects else ""
    if answer.problem == "refused":
        return Status.REFUSED, f"refused: {answer.detail}{hop}", None
    if answer.problem == "credentials":
        return (
            Status.REFUSED,
            f"refused: credentials in the URL (user:password@){hop}; the checker never sends them",
            None,
        )
    if answer.problem == "loop":
        chain = " -> ".join(dict.fromkeys([url, *(target for _code, target in answer.redirects)]))
        return Status.BROKEN, f"redirect loop: {chain} -> {answer.url} (again)", None
    if answer.problem == "too many":
        return Status.BROKEN, f"more than {max_redirects} redirects", None
    if answer.problem == "scheme":
        return Status.UNVERIFIED, f"redirects to a non-web address: {answer.url}", None
    assert code is not None  # only a redirect problem comes without a status
    if 200 <= code < 300:
        # The data should point where the leading run of permanent
        # redirects ends; a temporary hop after that is the site's business.
        new_url = None
        for hop_code, target in answer.redirects:
            if hop_code not in PERMANENT_REDIRECTS:
                break
            new_url = target
        return (Status.OK, "", None) if new_url is None else (Status.MOVED, "", new_url)
    if code == 429:
        return (
            Status.UNVERIFIED,
            f"unverified (rate limited): still 429 Too Many Requests after {_tries(attempts)}",
            None,
        )
    if 500 <= code < 600:
        return Status.UNVERIFIED, f"unverified: server error {phrase(code)} after {_tries(attempts)}", None
    if code in GONE:
        return Status.BROKEN, phrase(code), None
    if code in (401, 403) or code >= 600:
        return (
            Status.BROKEN,
            f"{phrase(code, answer.reason)} (if this host refuses all robots, list it in linkcheck.yaml with the reason)",
            None,
        )
    if code >= 400:
        return Status.BROKEN, phrase(code, answer.reason), None
    # 1xx, 304, a redirect without Location: not an answer a reader can use.
    return Status.UNVERIFIED, f"unexpected answer {phrase(code, answer.reason)}", None


def _unverified(url: str, reason: str) -> LinkResult:
    """A link that was not requested, with the reason every report shows: never a pass."""
    return LinkResult(url, Status.UNVERIFIED, reason=reason, checked_at=time.time())


def exempted(url: str, exemption: UnverifiedHost) -> LinkResult:
    """A link never requested because linkcheck.yaml lists its host."""
    return _unverified(url, f"unverified: {exemption.host} refuses automated clients ({exemption.reason})")


def out_of_time(url: str, total_timeout: float) -> LinkResult:
    return _unverified(url, f"not checked: the total time limit ({total_timeout:g} s) ran out")


def _tries(attempts: int) -> str:
    return f"{attempts} tr{'y' if attempts == 1 else 'ies'}"
