"""Lighthouse on the built site: the four category scores and the page weight.

Builds the site (`mkdocs build --strict`), serves it on 127.0.0.1 with gzip like a
static host (GitHub Pages compresses too), and runs Lighthouse (npm, from
benchmarks/node_modules; `npm ci --prefix benchmarks`) with Debian's chromium on the
home page, one skill page, the study plan and the Portuguese home page. Prints
performance, accessibility, best practices, SEO, the page weight in bytes, the number of requests and any request to another host.
Exits 1 when a score misses its target (performance >= 95, accessibility 100,
best practices >= 95, SEO >= 95) or a request leaves 127.0.0.1.

    .venv/bin/python benchmarks/lighthouse.py [--preset desktop] [--runs 3]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types when the client accepts it."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):  # noqa: D401 - same contract as the base class
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or path.suffix not in COMPRESSIBLE
            or not path.is_file()
        ):
            return super().send_head()
        if self.path.split("?")[0].endswith("/") is False and Path(self.translate_path(self.path)).is_dir():
            return super().send_head()  # let the base class redirect to the trailing slash
        body = gzip.compress(path.read_bytes(), compresslevel=9)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "-q", "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"mkdocs build failed:\n{result.stdout}{result.stderr}")


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def lighthouse(url: str, preset: str | None) -> dict:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-flags={flags}",
        "--only-categories=performance,accessibility,best-practices,seo",
    ]
    if preset:
        command.append(f"--preset={preset}")
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROME})
    if result.returncode:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def summarise(report: dict) -> dict:
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        **{cat: round(report["categories"][cat]["score"] * 100) for cat in TARGETS},
        "bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "third_party": sorted({r["url"] for r in requests if urlsplit(r["url"]).hostname not in ("127.0.0.1", None)}),
        "failed": [f"{cat}: {audit}" for cat in TARGETS for audit in _failed_audits(report, cat)],
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
    }


def _failed_audits(report: dict, category: str) -> list[str]:
    failed = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 0.9:
            failed.append(f"{ref['id']} ({audit.get('displayValue') or audit['score']})")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=["desktop"], help="Lighthouse preset (default: mobile, throttled)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median score is reported")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix benchmarks` (PUPPETEER_SKIP_DOWNLOAD=1 is fine)")
    if not Path(CHROME).exists():
        sys.exit(f"{CHROME} is missing: run .ci/system-deps.sh (Debian chromium) or set CHROME_PATH")

    sys.path.insert(0, str(ROOT))
    from macros.model.load import load_roadmap

    skill = load_roadmap(ROOT / "data").skills[0]
    pages = {"home": "", f"skill ({skill.id})": f"skills/{skill.id}/", "plan": "plan/", "home (pt-BR)": "pt-BR/"}
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site)
        server, base = serve(site)
        try:
            print(f"Lighthouse {args.preset or 'mobile'} on {base} ({args.runs} run(s) per page, median)")
            print(
                f"{'page':<28} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'bytes':>8} {'reqs':>4}  fcp/lcp ms  tbt ms  cls"
            )
            for name, path in pages.items():
                runs = [summarise(lighthouse(base + path, args.preset)) for _ in range(args.runs)]
                row = {
                    key: statistics.median(r[key] for r in runs)
                    for key in (*TARGETS, "bytes", "requests", "fcp_ms", "lcp_ms", "tbt_ms", "cls")
                }
                print(
                    f"{name:<28} {row['performance']:>4.0f} {row['accessibility']:>4.0f} {row['best-practices']:>4.0f} {row['seo']:>4.0f} "
                    f"{row['bytes']:>8.0f} {row['requests']:>4.0f}  {row['fcp_ms']:.0f}/{row['lcp_ms']:.0f}  {row['tbt_ms']:>6.0f}  {row['cls']}"
                )
                third_party = sorted({u for r in runs for u in r["third_party"]})
                failed = sorted({f for r in runs for f in r["failed"]})
                for url in third_party:
                    print(f"    request to another host: {url}")
                for audit in failed:
                    print(f"    below 0.9: {audit}")
                missed = [cat for cat, target in TARGETS.items() if row[cat] < target]
                if missed or third_party:
                    ok = False
                    print(f"    MISSED: {', '.join(missed) or 'third-party requests'}")
        finally:
            server.shutdown()
            server.server_close()
            shutil.rmtree(site, ignore_errors=True)
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
