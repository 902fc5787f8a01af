"""CPU and wall time of page loads of the real site in the two Debian builds of Chromium: the full
browser (package chromium, which Lighthouse uses) and its headless build (chromium-headless-shell,
which the browser tests use). Each build loads the same pages, each in a fresh context as the tests'
`page` fixture does, with the tests' launch flags.

Prints, for each build: launch time, wall time of the loads, and the CPU of the browser (user +
system of the process tree, which this script waits for). The suite is CPU-bound on two cores, so
the CPU per load is the figure that decides `make test`'s time.

Usage: python benchmarks/browser_speed.py [--loads 32]   (builds the site into a temporary folder)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import LAUNCH_ARGS  # noqa: E402  (the tests' flags, so the figures are theirs)

BUILDS = {"chromium": Path("/usr/bin/chromium"), "chromium-headless-shell": Path("/usr/bin/chromium-headless-shell")}
PAGES = ["", "skills/python/", "plan/", "progress/", "resources/", "steps/", "steps/core-ml-concepts/", "tiers/"]


def load_pages(executable: str, site: str, loads: int) -> None:
    """Run in a child process (so its CPU, and its browser's, can be read on its own)."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    start = time.perf_counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        launched = time.perf_counter()
        for index in range(loads):
            context = browser.new_context(viewport={"width": 1100, "height": 900})
            page = context.new_page()
            page.goto(base + PAGES[index % len(PAGES)])
            page.wait_for_load_state("load")
            context.close()
        loaded = time.perf_counter()
        browser.close()
    print(f"{launched - start:.2f} {loaded - launched:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=32)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)  # executable, site folder
    args = parser.parse_args()
    if args.child:
        load_pages(args.child[0], args.child[1], args.loads)
        return
    missing = [str(path) for path in BUILDS.values() if not path.is_file()]
    if missing:
        sys.exit(f"missing: {', '.join(missing)} (run .ci/system-deps.sh)")
    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True
        )
        print(
            f"{args.loads} page loads of the real site, each in a fresh context (load average {os.getloadavg()[0]:.1f})"
        )
        print(f"{'build':<26} {'launch s':>9} {'loads s':>8} {'CPU s':>6} {'CPU/load ms':>12}")
        for name, executable in BUILDS.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = subprocess.run(
                [sys.executable, __file__, "--loads", str(args.loads), "--child", str(executable), str(site)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            print(
                f"{name:<26} {float(out[0]):>9.2f} {float(out[1]):>8.2f} {cpu:>6.1f} {1000 * cpu / args.loads:>12.0f}"
            )


if __name__ == "__main__":
    main()
