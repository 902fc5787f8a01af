"""The checking engine: every URL once, concurrently, politely, and with a verdict we can trust.

Design notes (why it looks like this):
- asyncio + aiohttp: a link check is almost all waiting, so hundreds of
  requests can be in flight from one thread.
- Two semaphores bound the load: one per host (host:port) so no site sees more
  than `per_host` requests at once, and one overall. The per-host one is taken
  first so a busy host never sits on a global slot while it queues. Backoff
  sleeps happen outside both, so a waiting retry blocks nobody.
- Redirects are followed by hand (allow_redirects=False): that is the only way
  to see each hop's status (301/308 mean "update the data") and to notice a
  loop by the URLs themselves instead of a bare "too many redirects".
- HEAD first (no body to download), GET when the server refuses HEAD or gives
  an error to HEAD only; hosts that refused HEAD once get GET straight away.
- Transient trouble (connection errors, timeouts, 5xx, 429) is retried with
  doubling backoff; 429 waits for Retry-After, but never longer than
  `max_retry_after`. What is still transient after the last try is
  "unverified", not "broken": a weekly run must not cry wolf over one bad hour.
- Only the public internet is reached (guard.py): the connector refuses any
  non-public address at connect time, for the first request and every hop,
  unless `allow_private` is set; URLs with user:password@ are never requested.
  Either ends as "refused", which fails the run like "broken".
- Environment proxies are ignored (trust_env=False): the address checked must
  be the one connected to.
"""

from __future__ import annotations

import asyncio
import email.utils
import errno
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver

from .guard import AddressPolicy, GuardedConnector, credentials_in, find_refusal, without_credentials
from .model import LinkResult, Status

PERMANENT_REDIRECTS = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
GONE = {404, 410}
USER_AGENT = "ml-engineer-roadmap-linkcheck/1.0 (+https://github.com/ml-engineer-roadmap; checks the roadmap's links once a week)"

Progress = Callable[[int, int], None]


@dataclass
class Settings:
    """Every knob of a run. Defaults suit the real web; tests shrink the times."""

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


def guarded_connector(settings: Settings, **kwargs) -> GuardedConnector:
    """The only way the link checker (and its archive look-ups) connect anywhere."""
    return GuardedConnector(settings.policy, ssl=settings.ssl, resolver=settings.resolver, **kwargs)


def open_session(settings: Settings, conn: aiohttp.TCPConnector, **kwargs) -> aiohttp.ClientSession:
    # trust_env=False: no HTTP(S)_PROXY from the environment, whose address nobody checks.
    return aiohttp.ClientSession(connector=conn, trust_env=False, **kwargs)


@dataclass
class _Answer:
    """The end of one attempt: a final status, or a redirect problem."""

    code: int | None
    url: str
    method: str
    redirects: list[tuple[int, str]] = field(default_factory=list)
    retry_after: str | None = None
    problem: str = ""  # "loop", "too many", "scheme", "refused" or "credentials"
    detail: str = ""  # for "refused": what the guard said
    reason: str = ""  # the server's own reason phrase


def _phrase(code: int, server_reason: str = "") -> str:
    """The standard phrase; for a code HTTP does not define, the server's own (reports escape it)."""
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        server_reason = " ".join(server_reason.split())[:100]
        return f"{code} {server_reason}" if server_reason else str(code)


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


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
        return True, f"cannot connect to {exc.host}:{exc.port}: {os_error.strerror if getattr(os_error, 'strerror', None) else exc}"
    if isinstance(exc, aiohttp.InvalidURL):
        return True, f"invalid URL: {exc}"
    if isinstance(exc, TimeoutError):
        return False, "timed out"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return False, "server closed the connection without answering"
    return False, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _transient(exc: BaseException) -> bool:
    # A TLS or URL problem, or a refused address, will not fix itself in a second; everything else might.
    return not isinstance(exc, (aiohttp.ClientSSLError, aiohttp.InvalidURL)) and find_refusal(exc) is None


class Checker:
    """Checks many URLs in one aiohttp session. Use `check_all`; one instance per run."""

    def __init__(self, settings: Settings | None = None, progress: Progress | None = None):
        self.settings = settings or Settings()
        self.progress = progress
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._overall: asyncio.Semaphore | None = None
        self._head_refused: set[str] = set()  # hosts that answered HEAD with 405/501
        self.requests_made = 0

    # -- public ---------------------------------------------------------------
    async def check_all(self, urls: Iterable[str]) -> dict[str, LinkResult]:
        """Check each distinct URL once; returns {url: result} for all of them."""
        urls = list(dict.fromkeys(urls))
        results: dict[str, LinkResult] = {}
        if not urls:
            return results
        s = self.settings
        # Semaphores belong to the running event loop: make fresh ones per run.
        self._hosts = {}
        self._overall = asyncio.Semaphore(s.concurrency)
        # The connector's own limits sit above ours: queuing happens in our
        # semaphores, outside the per-request timeout, never inside aiohttp.
        conn = guarded_connector(s, limit=s.concurrency, limit_per_host=s.per_host, ttl_dns_cache=300)
        headers = {"User-Agent": s.user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
        async with open_session(s, conn, headers=headers, cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
            done = 0

            async def one(url: str) -> None:
                nonlocal done
                results[url] = await self.check(client, url)
                done += 1
                if self.progress:
                    self.progress(done, len(urls))

            tasks = [asyncio.create_task(one(url)) for url in urls]
            finished, pending = await asyncio.wait(tasks, timeout=s.total_timeout)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
            for task in finished:
                if task.exception() is not None:  # a bug, not a link problem: let it surface
                    raise task.exception()
        now = time.time()
        for url in urls:
            if url not in results:
                results[url] = LinkResult(url, Status.UNVERIFIED, reason=f"not checked: the total time limit ({s.total_timeout:g} s) ran out", checked_at=now)
        return {url: results[url] for url in urls}

    async def check(self, session: aiohttp.ClientSession, url: str) -> LinkResult:
        """One URL, with retries; always returns a result, never raises (except cancellation)."""
        s = self.settings
        answer: _Answer | None = None
        error: BaseException | None = None
        attempts = 0
        for attempt in range(s.retries + 1):
            attempts = attempt + 1
            error = None
            try:
                answer = await self._follow(session, url)
            except asyncio.CancelledError:
                raise
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                error, answer = exc, None
                if not _transient(exc):
                    break
            else:
                if answer.code != 429 and not (answer.code is not None and answer.code >= 500):
                    break
            if attempt == s.retries:
                break
            await asyncio.sleep(self._wait_before_retry(attempt, answer))
        return self._verdict(url, answer, error, attempts)

    # -- one attempt: follow the redirect chain -------------------------------
    async def _follow(self, session: aiohttp.ClientSession, url: str) -> _Answer:
        # Some sites redirect a page to itself once, to set a cookie and then
        # serve it; a browser copes, so we keep cookies and allow one return
        # visit. A third visit to the same URL is a loop.
        visits = Counter({url: 1})
        hops: list[tuple[int, str]] = []
        current = url
        while True:
            if credentials_in(current):
                # aiohttp would send them as Basic auth, to whoever the host is.
                if hops:
                    hops[-1] = (hops[-1][0], without_credentials(current))
                return _Answer(None, without_credentials(current), "", hops, problem="credentials")
            try:
                code, location, retry_after, method, reason = await self._fetch(session, current)
            except (aiohttp.ClientError, OSError) as exc:
                refused = find_refusal(exc)
                if refused is None:
                    raise
                return _Answer(None, current, "", hops, problem="refused", detail=str(refused))
            if code in REDIRECTS and location:
                target = urljoin(current, location)
                hops.append((code, target))
                visits[target] += 1
                if visits[target] > 2:
                    return _Answer(code, target, method, hops, problem="loop")
                if len(hops) > self.settings.max_redirects:
                    return _Answer(code, target, method, hops, problem="too many")
                if urlsplit(target).scheme not in ("http", "https"):
                    return _Answer(code, target, method, hops, problem="scheme")
                current = target
                continue
            return _Answer(code, current, method, hops, retry_after=retry_after, reason=reason)

    async def _fetch(self, session: aiohttp.ClientSession, url: str) -> tuple[int, str | None, str | None, str, str]:
        """One request (HEAD, or GET if HEAD is refused); returns (status, Location, Retry-After, method, reason)."""
        host = _host_key(url)
        gate = self._hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host))
        # The slot is held across HEAD and a fallback GET (still one request in
        # flight at a time), and the HEAD-refused memory is read only once the
        # slot is ours, so a queued request learns from the one before it.
        async with gate, self._overall:
            return await self._head_then_get(session, host, url)

    async def _head_then_get(self, session: aiohttp.ClientSession, host: str, url: str) -> tuple[int, str | None, str | None, str, str]:
        if host not in self._head_refused:
            try:
                code, location, retry_after, reason = await self._request(session, "HEAD", url)
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.ClientResponseError):
                pass  # some servers simply hang up on HEAD: ask with GET instead
            else:
                if code in (405, 501):
                    self._head_refused.add(host)
                # Any other error status to HEAD may be the server mishandling
                # HEAD (seen in the wild: 400, 403, 404 to HEAD, 200 to GET), so
                # GET gets the last word; 429 and redirects are answers as they are.
                if code < 400 or code == 429:
                    return code, location, retry_after, "HEAD", reason
        code, location, retry_after, reason = await self._request(session, "GET", url)
        return code, location, retry_after, "GET", reason

    async def _request(self, session: aiohttp.ClientSession, method: str, url: str) -> tuple[int, str | None, str | None, str]:
        self.requests_made += 1
        timeout = aiohttp.ClientTimeout(total=self.settings.timeout)
        async with session.request(method, url, allow_redirects=False, timeout=timeout) as response:
            # The body is never read: for GET the connection is simply
            # closed on release, which is cheaper than downloading a page.
            return response.status, response.headers.get("Location"), response.headers.get("Retry-After"), response.reason or ""

    def _wait_before_retry(self, attempt: int, answer: _Answer | None) -> float:
        s = self.settings
        wait = s.backoff * (2**attempt)
        if answer is not None and answer.code == 429:
            asked = retry_after_seconds(answer.retry_after)
            if asked is not None:
                wait = asked
        return min(wait, s.max_retry_after) if answer is not None and answer.code == 429 else wait

    # -- the verdict ------------------------------------------------------------
    def _verdict(self, url: str, answer: _Answer | None, error: BaseException | None, attempts: int) -> LinkResult:
        now = time.time()
        tries = f"{attempts} tr{'y' if attempts == 1 else 'ies'}"
        if answer is None:
            assert error is not None
            broken, reason = describe_error(error)
            if reason == "timed out":
                reason = f"timed out after {self.settings.timeout:g} s ({tries})"
            elif not broken:
                reason = f"{reason} ({tries})"
            return LinkResult(url, Status.BROKEN if broken else Status.UNVERIFIED, reason=reason, attempts=attempts, checked_at=now)

        result = LinkResult(
            url,
            Status.OK,
            code=answer.code,
            final_url=answer.url,
            redirects=answer.redirects,
            method=answer.method,
            attempts=attempts,
            checked_at=now,
        )
        code = answer.code
        hop = f" at redirect {len(answer.redirects)} (to {answer.url})" if answer.redirects else ""
        if answer.problem == "refused":
            result.status, result.reason = Status.REFUSED, f"refused: {answer.detail}{hop}"
        elif answer.problem == "credentials":
            result.status = Status.REFUSED
            result.reason = f"refused: credentials in the URL (user:password@){hop}; the checker never sends them"
        elif answer.problem == "loop":
            chain = " -> ".join(dict.fromkeys([url, *(target for _code, target in answer.redirects)]))
            chain += f" -> {answer.url} (again)"
            result.status, result.reason = Status.BROKEN, f"redirect loop: {chain}"
        elif answer.problem == "too many":
            result.status, result.reason = Status.BROKEN, f"more than {self.settings.max_redirects} redirects"
        elif answer.problem == "scheme":
            result.status, result.reason = Status.UNVERIFIED, f"redirects to a non-web address: {answer.url}"
        elif 200 <= code < 300:
            # The data should point where the leading run of permanent
            # redirects ends; a temporary hop after that is the site's business.
            new_url = None
            for hop_code, target in answer.redirects:
                if hop_code not in PERMANENT_REDIRECTS:
                    break
                new_url = target
            if new_url is not None:
                result.status, result.new_url = Status.MOVED, new_url
        elif code == 429:
            result.status, result.reason = Status.UNVERIFIED, f"unverified (rate limited): still 429 Too Many Requests after {tries}"
        elif code >= 500 and code < 600:
            result.status, result.reason = Status.UNVERIFIED, f"unverified: server error {_phrase(code)} after {tries}"
        elif code in GONE:
            result.status, result.reason = Status.BROKEN, _phrase(code)
        elif code in (401, 403) or code >= 600:
            result.status = Status.BROKEN
            result.reason = f"{_phrase(code, answer.reason)} (if this host refuses all robots, list it in linkcheck.yaml with the reason)"
        elif code >= 400:
            result.status, result.reason = Status.BROKEN, _phrase(code, answer.reason)
        else:  # 1xx, 304, a redirect without Location: not an answer a reader can use
            result.status, result.reason = Status.UNVERIFIED, f"unexpected answer {_phrase(code, answer.reason)}"
        if result.redirects and result.status is Status.BROKEN and not answer.problem:
            result.reason += f" (after redirects to {answer.url})"
        return result
