"""retry.py's rules, without a server or a clock: what is retried, and how long to wait first."""

from __future__ import annotations

import email.utils
import ssl
import time

import aiohttp
import pytest

from macros.links.guard import RefusedAddress
from macros.links.retry import error_is_transient, retry_after_seconds, status_is_transient, wait_before_retry

WAITS = dict(backoff=0.05, max_retry_after=2.0)


def test_backoff_doubles_for_errors_and_server_errors():
    assert [wait_before_retry(n, **WAITS) for n in range(3)] == pytest.approx([0.05, 0.1, 0.2])  # an error: no status
    assert wait_before_retry(2, **WAITS, code=503, retry_after="3600") == pytest.approx(
        0.2
    )  # Retry-After only matters for 429
    assert wait_before_retry(8, **WAITS, code=500) == pytest.approx(12.8)  # only a 429 is capped


def test_a_429_waits_for_retry_after_but_never_longer_than_the_cap():
    assert wait_before_retry(0, **WAITS, code=429, retry_after="1") == 1.0
    assert wait_before_retry(0, **WAITS, code=429, retry_after="3600") == 2.0
    assert wait_before_retry(1, **WAITS, code=429) == pytest.approx(0.1)  # no header: plain backoff, doubled
    assert wait_before_retry(8, **WAITS, code=429) == 2.0  # and capped
    now = time.time()
    assert wait_before_retry(
        0, **WAITS, code=429, retry_after=email.utils.formatdate(now + 1, usegmt=True), now=now
    ) == pytest.approx(1, abs=1)


def test_retry_after_formats():
    now = time.time()
    assert retry_after_seconds("7") == 7.0 and retry_after_seconds(" 7 ") == 7.0
    assert retry_after_seconds(email.utils.formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30, abs=1)
    assert retry_after_seconds(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None and retry_after_seconds("") is None
    assert retry_after_seconds("-5") is None  # not delta-seconds, not a date


@pytest.mark.parametrize(
    ("code", "transient"),
    [
        (429, True),
        (500, True),
        (503, True),
        (599, True),
        (200, False),
        (301, False),
        (404, False),
        (403, False),
        (None, False),
    ],
)
def test_which_statuses_are_retried(code, transient):
    assert status_is_transient(code) is transient


def _key(port: int = 80) -> aiohttp.client_reqrep.ConnectionKey:
    return aiohttp.client_reqrep.ConnectionKey("h", port, port == 443, True, None, None, None)


def _connector_error(os_error: OSError) -> aiohttp.ClientConnectorError:
    return aiohttp.ClientConnectorError(_key(), os_error)


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (TimeoutError(), True),
        (aiohttp.ServerDisconnectedError(), True),
        (_connector_error(ConnectionRefusedError(111, "refused")), True),  # the server may be restarting
        (aiohttp.InvalidURL("http://[bad"), False),
        (aiohttp.ClientSSLError(_key(443), ssl.SSLError()), False),
        (_connector_error(RefusedAddress("h", "127.0.0.1", "loopback")), False),  # refused by the guard: final
    ],
    ids=["timeout", "disconnected", "connection-refused", "invalid-url", "tls", "guard"],
)
def test_which_errors_are_retried(error, transient):
    assert error_is_transient(error) is transient
