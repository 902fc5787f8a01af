"""One attempt at one URL: HEAD (or GET), redirects followed by hand, through the guarded connector.

Why it works this way:
- Redirects are followed by hand (allow_redirects=False): that is the only way
  to see each hop's status (301/308 mean "update the data") and to notice a
  loop by the URLs themselves instead of a bare "too many redirects".
- HEAD first (no body to download), GET when the server refuses HEAD or gives
  an error to HEAD only; hosts that refused HEAD once get GET straight away.
- Every connection goes through guard.py's connector, for the first request
  and every hop, so only public addresses are reached (unless allow_private);
  a URL (or hop) with user:password@ is never requested, since aiohttp would
  send the credentials as Basic auth to whoever the host is.
- Environment proxies are ignored (trust_env=False): the address checked must
  be the one connected to.

An attempt ends in an `Answer` (a final status, or a redirect problem) or
raises one of NETWORK_ERRORS; retry.py says whether to try again and
verdict.py what it means. How many requests may be in flight is the caller's
business: it hands in `slot`, held for each request (checker.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import aiohttp

from .guard import GuardedConnector, credentials_in, find_refusal, without_credentials
from .options import Settings

REDIRECTS = {301, 302, 303, 307, 308}
# What a request may raise besides an answer; anything else is a bug.
NETWORK_ERRORS = (aiohttp.ClientError, TimeoutError, OSError)
ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8"

Slot = Callable[[str], AbstractAsyncContextManager]  # host:port -> held while requests to it are in flight


def guarded_session(
    settings: Settings, *, limit: int, limit_per_host: int = 0, ttl_dns_cache: int = 10, **session
) -> aiohttp.ClientSession:
    """The only way the link checker (and its archive look-ups) connect anywhere."""
    conn = GuardedConnector(
        settings.policy,
        ssl=settings.ssl,
        resolver=settings.resolver,
        limit=limit,
        limit_per_host=limit_per_host,
        ttl_dns_cache=ttl_dns_cache,
    )
    headers = {"User-Agent": settings.user_agent, **session.pop("headers", {})}
    # trust_env=False: no HTTP(S)_PROXY from the environment, whose address nobody checks.
    return aiohttp.ClientSession(connector=conn, trust_env=False, headers=headers, **session)


def checking_session(settings: Settings) -> aiohttp.ClientSession:
    """The session a run checks its links with."""
    # The connector's own limits sit above the caller's slots: queuing
    # happens there, outside the per-request timeout, never inside aiohttp.
    return guarded_session(
        settings,
        limit=settings.concurrency,
        limit_per_host=settings.per_host,
        ttl_dns_cache=300,
        headers={"Accept": ACCEPT},
        cookie_jar=aiohttp.CookieJar(unsafe=True),
    )


def host_key(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


@dataclass
class Answer:
    """The end of one attempt: a final status, or a redirect problem."""

    code: int | None
    url: str
    method: str
    redirects: list[tuple[int, str]] = field(default_factory=list)
    retry_after: str | None = None
    problem: str = ""  # "loop", "too many", "scheme", "refused" or "credentials"
    detail: str = ""  # for "refused": what the guard said
    reason: str = ""  # the server's own reason phrase


@dataclass
class _Response:
    code: int
    location: str | None
    retry_after: str | None
    reason: str
    method: str = ""


class Transport:
    """Attempts URLs over one session (see the module notes); one instance per run."""

    def __init__(self, session: aiohttp.ClientSession, settings: Settings, slot: Slot):
        self.session, self.settings, self.slot = session, settings, slot
        self._head_refused: set[str] = set()  # hosts that answered HEAD with 405/501
        self.requests_made = 0

    async def attempt(self, url: str) -> Answer:
        """Follow the redirect chain from `url` to a final answer; raises one of NETWORK_ERRORS."""
        # Some sites redirect a page to itself once, to set a cookie and then
        # serve it; a browser copes, so we keep cookies and allow one return
        # visit. A third visit to the same URL is a loop.
        visits = Counter({url: 1})
        hops: list[tuple[int, str]] = []
        current = url
        while True:
            if credentials_in(current):
                if hops:
                    hops[-1] = (hops[-1][0], without_credentials(current))
                return Answer(None, without_credentials(current), "", hops, problem="credentials")
            try:
                response = await self._fetch(current)
            except (aiohttp.ClientError, OSError) as exc:
                refused = find_refusal(exc)
                if refused is None:
                    raise
                return Answer(None, current, "", hops, problem="refused", detail=str(refused))
            code, method = response.code, response.method
            if code in REDIRECTS and response.location:
                target = urljoin(current, response.location)
                hops.append((code, target))
                visits[target] += 1
                if visits[target] > 2:
                    return Answer(code, target, method, hops, problem="loop")
                if len(hops) > self.settings.max_redirects:
                    return Answer(code, target, method, hops, problem="too many")
                if urlsplit(target).scheme not in ("http", "https"):
                    return Answer(code, target, method, hops, problem="scheme")
                current = target
                continue
            return Answer(code, current, method, hops, retry_after=response.retry_after, reason=response.reason)

    async def _fetch(self, url: str) -> _Response:
        """One answer to `url`: HEAD, or GET if HEAD is refused."""
        host = host_key(url)
        # The slot is held across HEAD and a fallback GET (still one request in
        # flight at a time), and the HEAD-refused memory is read only once the
        # slot is ours, so a queued request learns from the one before it.
        async with self.slot(host):
            if host not in self._head_refused:
                try:
                    response = await self._request("HEAD", url)
                except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.ClientResponseError):
                    pass  # some servers simply hang up on HEAD: ask with GET instead
                else:
                    if response.code in (405, 501):
                        self._head_refused.add(host)
                    # Any other error status to HEAD may be the server mishandling
                    # HEAD (seen in the wild: 400, 403, 404 to HEAD, 200 to GET), so
                    # GET gets the last word; 429 and redirects are answers as they are.
                    if response.code < 400 or response.code == 429:
                        return response
            return await self._request("GET", url)

    async def _request(self, method: str, url: str) -> _Response:
        self.requests_made += 1
        timeout = aiohttp.ClientTimeout(total=self.settings.timeout)
        async with self.session.request(method, url, allow_redirects=False, timeout=timeout) as response:
            # The body is never read: for GET the connection is simply
            # closed on release, which is cheaper than downloading a page.
            headers = response.headers
            return _Response(
                response.status, headers.get("Location"), headers.get("Retry-After"), response.reason or "", method
            )
