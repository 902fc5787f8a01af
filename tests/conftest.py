"""Shared fixtures and the test lanes.

Fixtures any test file can name (no import needed):

- `built_site`: the real site, built once with `mkdocs build --strict` for the whole run (with
  pytest-xdist the first worker builds it under a file lock, the others wait and reuse it). Read it,
  never write into it: break a `project_copy` instead.
- `site_url`: that site served on 127.0.0.1 (one server per worker), base URL with a trailing slash;
  its sitemap.xml names this local address, so Material's instant navigation works.
- `project_copy`: a throw-away copy of the project (data/, docs/, mkdocs.yml copied, the rest linked).
- `browser`: Debian's Chromium through Python Playwright, launched once per test module. Not per
  session: the sync API keeps an event loop running while the browser lives, and other modules call
  asyncio.run(). Without Chromium it fails under CI=true and skips elsewhere (`unavailable`).
- `page`: a page in a fresh context (empty localStorage) on `site_url`; `page.base` is the site's
  URL. Every request is recorded; one outside 127.0.0.1 (which the browser cannot reach: no other
  host name resolves) or any console error fails the test afterwards.

A new browser test file is named tests/test_browser_<topic>.py (it lands in the browser lane by its
name) and just names `page` or `browser`. `make test` runs pytest-xdist with --dist loadfile: a file's
tests run on one worker, so a module-scoped build of a project copy is made once. (--dist loadgroup
would balance better, but pytest-xdist 3.8 cannot group under pytest 9: it renames `item._nodeid`,
which pytest 9 no longer reads, so every test is handed out alone.)
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Test lanes: `make test-fast` deselects these (-m "not browser and not pdf and not slow").
# Every test_browser*.py file is a browser test and every test_handbook*.py a PDF test, so a new
# file lands in its lane by its name; the rest are listed one by one, and any other test that
# reads the real built site (`built_site`) is slow: it waits for a full build.
_LANE_PREFIXES = {"test_browser": "browser", "test_handbook": "pdf"}
_LANES = {
    "test_hostile_output.py": "slow",
    "test_atomic_writes.py": "slow",
    "test_internal_links.py": "slow",
    "test_site.py": "slow",
    "test_i18n_site_build.py": "slow",
    "test_links_cli.py": "slow",
    "test_validation_limits.py": "slow",
    "test_benchmarks.py": "slow",
}


def lane_of(filename: str) -> str | None:
    for prefix, lane in _LANE_PREFIXES.items():
        if filename.startswith(prefix):
            return lane
    return _LANES.get(filename)


# Started first under xdist (`--dist loadfile --no-loadscope-reorder` keeps this order): the two
# longest files, the handbook (one PDF per process) and the link crawl, on different workers.
_LONGEST_FIRST = ("test_handbook.py", "test_internal_links.py")


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        lane = lane_of(item.path.name)
        if lane:
            item.add_marker(getattr(pytest.mark, lane))
        elif "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)  # it waits for the real site's build (both languages)

    def rank(item) -> int:
        name = item.path.name
        return _LONGEST_FIRST.index(name) if name in _LONGEST_FIRST else len(_LONGEST_FIRST)

    items.sort(key=rank)  # stable: the collection order within each rank


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite tests/fixtures/*/expected/ from the generators"
    )


ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "valid" / "data"  # the small roadmap of the golden pages
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


@functools.cache
def schema_validator(schema_file: Path):
    """A validator for the JSON Schema in `schema_file`, that schema checked once: jsonschema.validate
    checks the schema again on every call (seconds over the ~540 data files)."""
    import jsonschema

    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@contextlib.contextmanager
def _exclusive(lock: Path):
    """Hold an exclusive lock on `lock` (an flock, released even if the holder dies)."""
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_folder(tmp_path_factory) -> Path:
    """A folder every xdist worker of this run shares (each worker's basetemp is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test run with --strict (shared by the xdist workers)."""
    shared = _run_folder(tmp_path_factory)
    site, done = shared / "real-site", shared / "real-site.built"
    with _exclusive(shared / "real-site.lock"):
        if not done.is_file():
            shutil.rmtree(site, ignore_errors=True)  # what a failed build on another worker left
            result = run_mkdocs_build(ROOT / "mkdocs.yml", site)
            assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
            done.touch()
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass

    def end_headers(self) -> None:
        # linkchecker only goes above 10 requests a second per host when the server sends this
        # header (tests/linkcheckerrc sets maxrequestspersecond); without it a crawl takes minutes.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


class _SiteHandler(_QuietHandler):
    """Serves sitemap.xml (each language has one) with this server's address in place of the
    published one (SITE_URL below), as if the site were published here: Material's instant
    navigation only follows links listed in the sitemap. Done here rather than by intercepting
    the browser's requests, which would hold every request for a round trip to Python."""

    def send_head(self):
        if not self.path.split("?", 1)[0].endswith("/sitemap.xml"):
            return super().send_head()
        file = Path(self.translate_path(self.path))
        if not file.is_file():
            return super().send_head()
        host, port = self.server.server_address[:2]
        body = file.read_text(encoding="utf-8").replace(SITE_URL, f"http://{host}:{port}/").encode("utf-8")
        self.send_response(http.server.HTTPStatus.OK)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Base URL (with trailing slash) of the built site served on 127.0.0.1 (sitemap.xml rewritten to it)."""
    handler = functools.partial(_SiteHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


# Never copied into a throw-away project: build output, environments, caches.
_NOT_COPIED = {".git", ".venv", "site", "node_modules", ".cache", ".pytest_cache", "__pycache__"}


def copy_project(target: Path) -> Path:
    """Copy the project into `target` (an empty or missing folder) the way `project_copy` does."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        if entry.name in _NOT_COPIED:
            continue
        if entry.name in ("data", "docs"):
            shutil.copytree(entry, target / entry.name)
        elif entry.name == "mkdocs.yml":
            shutil.copy(entry, target / entry.name)
        else:
            (target / entry.name).symlink_to(entry)
    return target


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throw-away copy of the project to break on purpose: data/, docs/ and mkdocs.yml are
    real copies; everything else the build reads (macros/, theme overrides, …) is linked.
    (`copy_project(folder)` makes one for a module-scoped fixture.)"""
    return copy_project(tmp_path)


# -- the browser ---------------------------------------------------------------------------------

# Debian's headless build of Chromium (package chromium-headless-shell, same source and Blink as
# the chromium package): no browser UI layer to start, so a page load costs about a third of the CPU
# (32 loads of the real site: 4.8 s against 15.1 s, benchmarks/browser_speed.py) on a CPU-bound suite.
CHROMIUM = Path("/usr/bin/chromium-headless-shell")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Nothing leaves 127.0.0.1: every other host name fails to resolve. The `page` fixture still
    # records such requests (request events do not hold them) and fails the test on any.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
# Material's instant navigation only follows links listed in sitemap.xml, which names the
# published address (site_url); the tests serve the site elsewhere, so the test server
# (`site_url`) rewrites the sitemap to the local address, as if the site were published there.
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)


def unavailable(reason: str):
    """A missing browser or tool fails the test under CI=true and skips it elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")  # not session: see the module docstring
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Python Playwright is not installed (pip install -r requirements.txt)")
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is missing (run .ci/system-deps.sh)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


class Recorder:
    def __init__(self):
        self.requests: list[str] = []
        self.external: list[str] = []
        self.errors: list[str] = []


def is_local(url: str) -> bool:
    """What a page of a test site may request: itself on 127.0.0.1, or data: and blob: URLs."""
    return url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1"


@pytest.fixture
def page(browser, site_url):
    """A page in a fresh context; afterwards, no external request and no console error."""
    recorder = Recorder()
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)

    def record(request):
        # An event, not a route: routing "**/*" would hold every request until Python answers it
        # (and turns off the HTTP cache); LAUNCH_ARGS already keep other hosts unreachable.
        url = request.url
        recorder.requests.append(url)
        if not is_local(url):
            recorder.external.append(url)

    context.on("request", record)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: recorder.errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: recorder.errors.append(f"uncaught: {exc}"))
    page.recorder = recorder
    page.base = site_url
    yield page
    context.close()
    assert not recorder.external, f"requests left 127.0.0.1: {recorder.external}"
    assert not recorder.errors, f"browser errors: {recorder.errors}"


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session) -> None:
    """The process ends next: move every object into the collector's permanent generation, so the
    interpreter's exit does not walk them all once more before it frees them. A worker that held the
    laid-out handbook spent ~6 s of the run's tail on that."""
    gc.freeze()
