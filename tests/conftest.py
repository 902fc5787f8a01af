"""Shared fixtures: the project paths, one strict build of the real site, and a local server for it."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

# Test lanes: `make test-fast` deselects these (-m "not browser and not pdf and not slow").
# Every test_browser*.py file is a browser test and every test_handbook*.py a PDF test, so a new
# file lands in its lane by its name; the rest are listed one by one.
_LANE_PREFIXES = {"test_browser": "browser", "test_handbook": "pdf"}
_LANES = {
    "test_hostile_output.py": "slow",
    "test_atomic_writes.py": "slow",
    "test_internal_links.py": "slow",
    "test_site.py": "slow",
    "test_links_cli.py": "slow",
    "test_validation_limits.py": "slow",
}


def lane_of(filename: str) -> str | None:
    for prefix, lane in _LANE_PREFIXES.items():
        if filename.startswith(prefix):
            return lane
    return _LANES.get(filename)


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        lane = lane_of(item.path.name)
        if lane:
            item.add_marker(getattr(pytest.mark, lane))


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite tests/fixtures/*/expected/ from the generators"
    )


ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BIN = Path(sys.executable).parent


def run_mkdocs_build(config: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` as a user runs it; returns the finished process (check returncode)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(config), "-d", str(site_dir), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with --strict."""
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass

    def end_headers(self) -> None:
        # linkchecker only goes above 10 requests a second per host when the server sends this
        # header (tests/linkcheckerrc sets maxrequestspersecond); without it a crawl takes minutes.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Base URL (with trailing slash) of the built site served on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


# Never copied into a throw-away project: build output, environments, caches.
_NOT_COPIED = {".git", ".venv", "site", "node_modules", ".cache", ".pytest_cache", "__pycache__"}


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throw-away copy of the project to break on purpose: data/, docs/ and mkdocs.yml are
    real copies; everything else the build reads (macros/, theme overrides, …) is linked."""
    for entry in ROOT.iterdir():
        if entry.name in _NOT_COPIED:
            continue
        if entry.name in ("data", "docs"):
            shutil.copytree(entry, tmp_path / entry.name)
        elif entry.name == "mkdocs.yml":
            shutil.copy(entry, tmp_path / entry.name)
        else:
            (tmp_path / entry.name).symlink_to(entry)
    return tmp_path
