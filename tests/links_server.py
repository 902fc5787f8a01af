"""Local stand-ins for the web, for the link checker tests: nothing here leaves 127.0.0.1.

`LinkServer` is an aiohttp app on its own event loop in a background thread
(the checker under test runs its own loop with asyncio.run in the test thread).
Each path plays one kind of website behaviour; the server counts every request
per path and the peak number of requests in flight, so tests can assert what
the checker did, not only what it concluded.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter, defaultdict

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver

LOCAL_NAMES = {"127.0.0.1", "localhost", "::1"}


class LinkServer:
    def __init__(self, ports: int = 1):
        self.hits: Counter = Counter()  # (method, path) -> requests
        self.times: dict[str, list[float]] = defaultdict(list)  # path -> request times
        self.in_flight = 0
        self.max_in_flight = 0
        self._ports = ports
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self.ports: list[int] = []

    # -- lifecycle --------------------------------------------------------------
    def __enter__(self) -> LinkServer:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self._ready.wait(10), "test server did not start"
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        self._loop.run_until_complete(self._runner.setup())
        for _ in range(self._ports):
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.ports.append(site._server.sockets[0].getsockname()[1])
        self._ready.set()
        self._loop.run_forever()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.ports[0]}"

    def url(self, path: str, port_index: int = 0) -> str:
        return f"http://127.0.0.1:{self.ports[port_index]}{path}"

    def count(self, path: str) -> int:
        return sum(n for (_method, p), n in self.hits.items() if p == path)

    # -- behaviours -------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.raw_path  # keeps query strings and the archive's embedded URLs intact
        self.hits[(request.method, path)] += 1
        self.times[path].append(time.monotonic())
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._respond(request, path)
        finally:
            self.in_flight -= 1

    async def _respond(self, request: web.Request, path: str) -> web.StreamResponse:
        name = path.split("?")[0]
        seen = self.count(path)
        if name in ("/ok", "/page"):
            return web.Response(text="fine")
        if name.startswith("/chain/"):  # /chain/3 -> /chain/2 -> /chain/1 -> /ok, all 301
            left = int(name.rsplit("/", 1)[1])
            raise web.HTTPMovedPermanently("/ok" if left <= 1 else f"/chain/{left - 1}")
        if name == "/perm308":
            raise web.HTTPPermanentRedirect("/ok")
        if name == "/temp302":
            raise web.HTTPFound("/ok")
        if name == "/mixed":  # permanent first, then temporary: the data should say /temp302
            raise web.HTTPMovedPermanently("/temp302")
        if name == "/cookie":  # redirects to itself once to set a cookie, then serves the page
            if request.cookies.get("visited") != "yes":
                response = web.HTTPFound("/cookie")
                response.set_cookie("visited", "yes")
                raise response
            return web.Response(text="welcome back")
        if name == "/loop/a":
            raise web.HTTPFound("/loop/b")
        if name == "/loop/b":
            raise web.HTTPFound("/loop/a")
        if name == "/missing":
            raise web.HTTPNotFound()
        if name == "/gone":
            raise web.HTTPGone()
        if name == "/forbidden":
            raise web.HTTPForbidden()
        if name == "/error500":
            raise web.HTTPInternalServerError()
        if name == "/flaky503":  # down for the first HEAD and the first GET, then up
            if self.hits[(request.method, path)] == 1:
                raise web.HTTPServiceUnavailable()
            return web.Response(text="back")
        if name == "/ratelimited":
            raise web.HTTPTooManyRequests(headers={"Retry-After": "1"})
        if name == "/ratelimited-once":
            if seen == 1:
                raise web.HTTPTooManyRequests(headers={"Retry-After": "1"})
            return web.Response(text="fine")
        if name == "/ratelimited-long":
            raise web.HTTPTooManyRequests(headers={"Retry-After": "3600"})
        if name == "/no-head":
            if request.method == "HEAD":
                raise web.HTTPMethodNotAllowed("HEAD", ["GET"])
            return web.Response(text="fine")
        if name == "/head-404":  # a server that mishandles HEAD only
            if request.method == "HEAD":
                raise web.HTTPNotFound()
            return web.Response(text="fine")
        if name == "/slow":
            await asyncio.sleep(float(request.query.get("delay", "2")))
            return web.Response(text="late")
        if name == "/delay":
            await asyncio.sleep(float(request.query.get("d", "0.1")))
            return web.Response(text="fine")
        if name == "/redirect":  # /redirect?to=URL: a temporary redirect to anywhere
            raise web.HTTPFound(request.query["to"])
        if name.startswith("/slow-web/"):  # an archive that takes 3 s to find its snapshot
            await asyncio.sleep(3)
            raise web.HTTPFound(f"/web/20200101000000/{path[len('/slow-web/') :]}")
        if name.startswith("/web/"):  # the archive: a snapshot exists for pages called /missing
            target = path[len("/web/") :]
            if target.endswith("/missing"):
                raise web.HTTPFound(f"/web/20200101000000/{target}")
            raise web.HTTPNotFound()
        raise web.HTTPNotFound()


class FakeResolver(AbstractResolver):
    """Resolves the given names to 127.0.0.1 (or `address`) and fails every other lookup, like a DNS miss.

    `lookups` records every name asked for, so a test can tell a resolved name from an IP literal.
    """

    def __init__(self, names: set[str], address: str = "127.0.0.1"):
        self.names = names
        self.address = address
        self.lookups: list[str] = []

    def answer(self, host: str) -> str:
        return self.address

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[dict]:
        self.lookups.append(host)
        if host.rstrip(".") in self.names | LOCAL_NAMES:
            address = self.answer(host)
            return [
                {
                    "hostname": host,
                    "host": address,
                    "port": port,
                    "family": socket.AF_INET,
                    "proto": 0,
                    "flags": socket.AI_NUMERICHOST,
                }
            ]
        raise OSError(socket.EAI_NONAME, f"Name or service not known: {host}")

    async def close(self) -> None:
        pass


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Belt and braces: any name lookup other than local ones fails the test loudly."""
    real = socket.getaddrinfo

    def local_only(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOCAL_NAMES:
            raise AssertionError(f"test tried to resolve {name!r}: tests must stay on 127.0.0.1")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


@pytest.fixture
def server():
    with LinkServer() as running:
        yield running


@pytest.fixture
def connections(monkeypatch) -> list[tuple]:
    """Every address a socket tried to connect to during the test (the checker's or anyone's)."""
    seen: list[tuple] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(sock, address):
        seen.append(tuple(address))
        return real_connect(sock, address)

    def connect_ex(sock, address):
        seen.append(tuple(address))
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    return seen


class HostileServer:
    """A raw HTTP server on 127.0.0.1 that says whatever bytes it likes: reason phrases and
    Location headers full of HTML, Markdown, @mentions and terminal escapes. aiohttp's own
    server would refuse to send some of them; a hostile one would not.

    `responses` maps a path to the status line and headers to send (no body); any other
    path whose name starts with /ok gets 200, the rest 404.
    """

    def __init__(self, responses: dict[str, bytes]):
        self.responses = responses
        self.paths: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()

    def __enter__(self) -> HostileServer:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self._ready.wait(10), "hostile server did not start"
        return self

    def __exit__(self, *exc) -> None:
        def stop() -> None:
            self._server.close()
            self._loop.stop()

        self._loop.call_soon_threadsafe(stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1].decode("latin-1")
            self.paths.append(path)
            if path in self.responses:
                answer = self.responses[path]
            elif path.startswith("/ok"):
                answer = b"HTTP/1.1 200 OK\r\n"
            else:
                answer = b"HTTP/1.1 404 Not Found\r\n"
            writer.write(answer + b"Content-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
