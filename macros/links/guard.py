"""Keep the link checker on the public internet (SSRF protection).

The roadmap's URLs come from contributors, and every redirect comes from a
server: either could point the weekly job at 127.0.0.1:22, at a cloud metadata
service (169.254.169.254) or at the CI runner's private network. So every
address is checked where the connection is made, never beforehand:

- `GuardedConnector._resolve_host` is the one place aiohttp turns a host into
  the addresses it is about to connect to, for DNS names (cached or not) and
  for IP literals alike (aiohttp skips the resolver for those, so a resolver
  wrapper alone would miss them). If any address is not public the request
  fails with `RefusedAddress` before a socket exists. The first request and
  every redirect hop go through it, and a name that answers differently the
  next time (DNS rebinding) is simply checked again.
- the socket factory checks the address of each socket just before connecting,
  as a second lock in case a future aiohttp bypasses `_resolve_host`.

`AddressPolicy(allow_private=True)` (`roadmap links --allow-private`) turns the
check off; the tests' and benchmark's servers live on 127.0.0.1. `allowed`
networks are exceptions for tests that need "public" traffic while protected.
"""

from __future__ import annotations

import inspect
import ipaddress
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import ResolveResult
from yarl import URL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_net = ipaddress.ip_network
_SHARED = _net("100.64.0.0/10")  # RFC 6598, carrier-grade NAT
_RFC1918 = (_net("10.0.0.0/8"), _net("172.16.0.0/12"), _net("192.168.0.0/16"))
_ULA = _net("fc00::/7")
_SITE_LOCAL = _net("fec0::/10")
_IPV4_COMPATIBLE = _net("::/96")
_NAT64 = _net("64:ff9b::/96")  # RFC 6052 well-known prefix: the last 32 bits are an IPv4 address
_NAT64_LOCAL = _net("64:ff9b:1::/48")  # RFC 8215, local-use translation
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


def address_problem(address: str | IPAddress) -> str | None:
    """Why this address is not on the public internet ("loopback", …), or None when it is."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0] if isinstance(address, str) else address)
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded, how = _embedded_ipv4(ip)
        if embedded is not None:
            inner = address_problem(embedded)
            return f"{inner}: {embedded} in {how} form" if inner else None
        if ip in _NAT64_LOCAL:
            return "local-use NAT64"
        if ip in _ULA:
            return "unique local (fc00::/7), cloud metadata service" if ip in _METADATA else "unique local (fc00::/7)"
        if ip in _SITE_LOCAL:
            return "site-local"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local, cloud metadata service" if ip in _METADATA else "link-local"
    if ip in _SHARED:
        return "shared address space (carrier-grade NAT, 100.64.0.0/10)"
    if any(ip in net for net in _RFC1918):
        return "private network, RFC 1918"
    if ip.is_multicast:
        return "multicast"
    if ip.is_reserved:
        return "reserved"
    if not ip.is_global:
        return "special-purpose, not globally routable"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address | None, str]:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped, "IPv4-mapped IPv6"
    if ip in _IPV4_COMPATIBLE and int(ip) > 1:  # :: and ::1 are IPv6's own unspecified and loopback
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "IPv4-compatible IPv6"
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "NAT64 (64:ff9b::/96)"
    if ip.sixtofour is not None:
        return ip.sixtofour, "6to4 (2002::/16)"
    return None, ""


class RefusedAddress(OSError):
    """A connection to a non-public address was refused before it was made."""

    def __init__(self, host: str, address: str, why: str):
        self.host, self.address, self.why = host, address, why
        where = "" if host.strip("[]").lower() == address.lower() else f" for host {host}"
        super().__init__(f"non-public address {address} ({why}){where}")


def find_refusal(exc: BaseException | None) -> RefusedAddress | None:
    """The RefusedAddress behind an aiohttp error (it wraps it as os_error or cause), if any."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, RefusedAddress):
            return exc
        exc = getattr(exc, "os_error", None) or exc.__cause__ or exc.__context__
    return None


def credentials_in(url: str) -> bool:
    """True when the URL has userinfo (user:password@), by either parser we rely on."""
    if "@" in urlsplit(url).netloc:
        return True
    try:
        parsed = URL(url)
    except (ValueError, TypeError):
        return False
    return parsed.raw_user is not None or parsed.raw_password is not None


def without_credentials(url: str) -> str:
    """The URL with its userinfo replaced by ***, for reports."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]).geturl()


@dataclass(frozen=True)
class AddressPolicy:
    allow_private: bool = False
    allowed: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def build(cls, allow_private: bool = False, allowed: Iterable[str] = ()) -> AddressPolicy:
        return cls(allow_private, tuple(ipaddress.ip_network(net) for net in allowed))

    @property
    def protected(self) -> bool:
        """True when every non-public address is refused (no switch, no exception)."""
        return not self.allow_private and not self.allowed

    def check(self, host: str, address: str) -> None:
        if self.allow_private:
            return
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            raise RefusedAddress(host, address, "not an IP address") from None
        if any(ip in net for net in self.allowed):
            return
        why = address_problem(ip)
        if why is not None:
            raise RefusedAddress(host, address, why)


class GuardedConnector(aiohttp.TCPConnector):
    """A TCPConnector that connects only to addresses the policy allows (see the module notes)."""

    def __init__(self, policy: AddressPolicy, **kwargs):
        self._policy = policy
        if _HAS_SOCKET_FACTORY:
            kwargs.setdefault("socket_factory", self._socket)
        super().__init__(**kwargs)

    async def _resolve_host(self, host: str, port: int, traces: Sequence | None = None) -> list[ResolveResult]:
        hosts = await super()._resolve_host(host, port, traces=traces)
        for entry in hosts:
            self._policy.check(host, str(entry["host"]))
        return hosts

    def _socket(self, addr_info: tuple) -> socket.socket:
        family, type_, proto, _canonname, address = addr_info
        self._policy.check(str(address[0]), str(address[0]))
        return socket.socket(family=family, type=type_, proto=proto)


_HAS_SOCKET_FACTORY = "socket_factory" in inspect.signature(aiohttp.TCPConnector.__init__).parameters
