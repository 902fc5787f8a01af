"""Benchmark: `roadmap links`' engine against linkchecker on the same 500 external links.

Everything is local. A server in a separate process listens on --hosts ports of
127.0.0.1 (each port is a separate host to both checkers) and answers every
request after --delay seconds, like a distant web server. The same --urls links
are then checked side by side:

- our checker with a cold cache (every link requested), default settings
  plus --allow-private (the server is on 127.0.0.1);
- our checker again with the warm cache that run left (no request is due);
- linkchecker --check-extern on a local HTML page holding the same links,
  with robots.txt off, redirect warnings ignored and --threads threads.

Run: .venv/bin/python benchmarks/links_speed.py  (or `make bench-links`)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# -- the slow web server (runs in its own process, so it never competes with a checker for the GIL)
def serve(hosts: int, delay: float) -> None:
    from aiohttp import web

    async def page(request: web.Request) -> web.Response:
        await asyncio.sleep(delay)
        return web.Response(text="<html><body>a page</body></html>", content_type="text/html")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/{tail:.*}", page)  # HEAD is answered by the same handler
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        ports = []
        for _ in range(hosts):
            site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
            await site.start()
            ports.append(site._server.sockets[0].getsockname()[1])
        print(json.dumps(ports), flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


# -- the two checkers -----------------------------------------------------------
def time_ours(urls: list[str], cache_path: Path) -> tuple[float, dict]:
    from macros.links.cache import LinkCache
    from macros.links.options import Settings
    from macros.links.run import check_links

    started = time.perf_counter()
    cache = LinkCache(cache_path).load()
    # Default settings, except that the local server's 127.0.0.1 is allowed (--allow-private).
    outcome = asyncio.run(check_links(urls, cache=cache, archive_base=None, settings=Settings(allow_private=True)))
    elapsed = time.perf_counter() - started
    statuses: dict[str, int] = {}
    for result in outcome.results:
        statuses[result.status.value] = statuses.get(result.status.value, 0) + 1
    return elapsed, {
        "statuses": statuses,
        "requests": outcome.requests,
        "from cache": sum(r.from_cache for r in outcome.results),
    }


def time_linkchecker(urls: list[str], workdir: Path, threads: int) -> tuple[float, str]:
    page = workdir / "links.html"
    page.write_text(
        "<!doctype html><html><body>\n"
        + "\n".join(f'<a href="{url}">link {n}</a>' for n, url in enumerate(urls))
        + "\n</body></html>\n"
    )
    rc = workdir / "linkcheckerrc"
    # Since 10.3 every redirect is a warning (see /work/shared/NOTES.md); none occur here, but keep runs comparable.
    rc.write_text(
        f"[checking]\nthreads={threads}\ntimeout=20\n[filtering]\nignorewarnings=http-redirected\n[output]\nstatus=0\n"
    )
    linkchecker = shutil.which("linkchecker", path=str(Path(sys.executable).parent)) or "linkchecker"
    command = [linkchecker, "--check-extern", "--no-robots", "--no-status", "-f", str(rc), str(page)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=workdir)
    elapsed = time.perf_counter() - started
    summary = re.search(r"(\d+) links? in (\d+) URLs? checked.*?(\d+) errors? found", done.stdout, re.S)
    if done.returncode != 0 or summary is None:
        raise SystemExit(f"linkchecker failed (exit {done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed, f"{summary.group(2)} URLs checked, {summary.group(3)} errors"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=50, help="distinct host:port pairs the links are spread over")
    parser.add_argument("--delay", type=float, default=0.1, help="seconds the server takes to answer")
    parser.add_argument(
        "--threads",
        type=int,
        nargs="+",
        default=[10, 100],
        help="linkchecker thread counts to time (10 is its default)",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.hosts, args.delay)
        return 0

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--hosts", str(args.hosts), "--delay", str(args.delay)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ports = json.loads(server.stdout.readline())
        # Interleaved, so neighbouring links are on different hosts (kind to linkchecker's per-host pacing).
        urls = [f"http://127.0.0.1:{ports[n % len(ports)]}/page/{n}" for n in range(args.urls)]
        print(f"{len(urls)} links over {len(ports)} local hosts, each answer delayed {args.delay * 1000:.0f} ms\n")
        with tempfile.TemporaryDirectory(prefix="links-bench-") as tmp:
            workdir = Path(tmp)
            workdir.chmod(0o755)  # linkchecker run as root drops to user nobody, who must read the page
            cache = workdir / "links.json"
            cold, cold_info = time_ours(urls, cache)
            warm, warm_info = time_ours(urls, cache)
            rows = [("roadmap links, cold cache", cold, f"{cold_info['statuses']}, {cold_info['requests']} requests")]
            rows.append(
                (
                    "roadmap links, warm cache",
                    warm,
                    f"{warm_info['statuses']}, {warm_info['requests']} requests, {warm_info['from cache']} from cache",
                )
            )
            theirs = []
            for threads in args.threads:
                seconds, info = time_linkchecker(urls, workdir, threads)
                theirs.append((threads, seconds))
                rows.append((f"linkchecker --check-extern, {threads} threads", seconds, info))
        width = max(len(name) for name, _s, _i in rows)
        for name, seconds, info in rows:
            print(f"{name:<{width}}  {seconds:7.2f} s   {info}")
        print()
        for threads, seconds in theirs:
            print(f"cold: {seconds / cold:5.1f}x faster than linkchecker with {threads} threads")
        print(f"warm: {warm:.3f} s ({'under' if warm < 1 else 'OVER'} the 1 s target)")
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
