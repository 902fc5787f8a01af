"""linkchecker crawls the built site over HTTP: no broken internal link or anchor.

Over HTTP, because linkchecker's anchor check does not follow `page/#anchor`
links between local directory-URL files. External links are not fetched here
(no network in tests); `roadmap links` checks those against local servers.
linkchecker runs through tests/linkchecker_once.py, which reads each page once
instead of once per `#anchor` linked on it (the same checks, a third of the time).
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import _QuietHandler

RC = Path(__file__).parent / "linkcheckerrc"
LINKCHECKER = Path(__file__).parent / "linkchecker_once.py"


def linkcheck(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(LINKCHECKER), "-f", str(RC), "--no-robots", "--no-status", url],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_built_site_has_no_broken_internal_links_or_anchors(site_url):
    result = linkcheck(site_url)
    report = result.stdout + result.stderr
    assert result.returncode == 0, f"linkchecker found problems:\n{report[-6000:]}"
    assert "links in" in report or "checked" in report.lower()


@pytest.fixture
def broken_site(tmp_path):
    # other.html is linked four times: every anchor must be checked, not only the first one read
    # (tests/linkchecker_once.py reads a page once), so both missing ones are reported whatever the
    # order. third.html is reached only through an anchor link: its own links must still be followed.
    (tmp_path / "index.html").write_text(
        '<a href="missing.html">x</a> <a href="other.html#here">y</a> <a href="other.html#nowhere">z</a>'
        ' <a href="other.html#elsewhere">t</a> <a href="other.html">w</a> <a href="third.html#top">v</a>'
    )
    (tmp_path / "other.html").write_text('<h1 id="here">Other</h1>')
    (tmp_path / "third.html").write_text('<h1 id="top">Third</h1> <a href="gone.html">u</a>')
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(tmp_path))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_check_catches_a_missing_page_and_a_missing_anchor(broken_site):
    """Guard the guard: the same settings must fail on a known-bad site."""
    result = linkcheck(broken_site)
    report = result.stdout + result.stderr
    assert result.returncode == 1, report
    assert "missing.html" in report
    assert "nowhere" in report and "elsewhere" in report
    assert "gone.html" in report, "the links of a page reached only through an #anchor were not followed"
    assert "Anchor `here'" not in report, "a present anchor was reported missing"
