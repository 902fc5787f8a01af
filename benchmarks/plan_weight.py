"""Page weight of the study plan page (plan/): its HTML and its own script and stylesheet.

Builds the real site (`mkdocs build --strict`) into a temporary folder, or reads an existing
build given with --site, and prints the bytes of plan/index.html, plan.js and reader.css (the one stylesheet of the reader's pages), raw and
gzip-compressed (as a static host serves them), then the same with every other file the page
loads (Material's bundle and styles, roadmap-data.js, progress.js and the other site scripts;
not the search index, fetched after the page is shown). The target is the first total, raw:
under 250 kB. Exits 1 when it is missed.

    .venv/bin/python benchmarks/plan_weight.py [--site site/]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 250_000
OWN = ("plan/index.html", "assets/javascripts/plan.js", "assets/stylesheets/reader.css")


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "--strict", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True)


def loaded_by(site: Path) -> list[str]:
    """Site files the plan page links as scripts and stylesheets, relative to the site root."""
    html = (site / "plan" / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="([^"#?]+)', html)
    files = []
    for ref in found:
        path = (site / "plan" / ref).resolve()
        if path.is_file() and path.is_relative_to(site.resolve()):
            files.append(path.relative_to(site.resolve()).as_posix())
    return sorted(set(files))


def weigh(site: Path, files) -> tuple[int, int]:
    raw = sum((site / name).stat().st_size for name in files)
    packed = sum(len(gzip.compress((site / name).read_bytes(), compresslevel=9)) for name in files)
    return raw, packed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build of the site (default: build one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        site = args.site or Path(work) / "site"
        if not args.site:
            build(site)
        print(f"{'file':<48} {'bytes':>9} {'gzip':>9}")
        for name in OWN:
            raw, packed = weigh(site, [name])
            print(f"{name:<48} {raw:>9,} {packed:>9,}")
        own_raw, own_gzip = weigh(site, OWN)
        print(f"{'plan page: HTML + its own JS/CSS':<48} {own_raw:>9,} {own_gzip:>9,}")
        everything = sorted(set(OWN) | set(loaded_by(site)))
        all_raw, all_gzip = weigh(site, everything)
        print(f"{f'with every script and stylesheet ({len(everything)} files)':<48} {all_raw:>9,} {all_gzip:>9,}")
        verdict = "under" if own_raw < TARGET else "OVER"
        print(f"target: HTML + own JS/CSS under {TARGET:,} bytes: {verdict}")
        if own_raw >= TARGET:
            sys.exit(1)


if __name__ == "__main__":
    main()
