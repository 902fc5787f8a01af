"""linkchecker crawls the built site over HTTP: no broken internal link or anchor.

Over HTTP, because linkchecker's anchor check does not follow `page/#anchor`
links between local directory-URL files. External links are not fetched here
(no network in tests); `roadmap links` checks those against local servers.
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
LINKCHECKER = Path(sys.executable).parent / "linkchecker"


def linkcheck(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINKCHECKER), "-f", str(RC), "--no-robots", "--no-status", url],
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
    (tmp_path / "index.html").write_text('<a href="missing.html">x</a> <a href="other.html#nowhere">y</a>')
    (tmp_path / "other.html").write_text('<h1 id="here">Other</h1>')
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
    assert "nowhere" in report
