"""Build time of the two-language site against the English-only site (issue 15: <= 2.1x).

Both are `mkdocs build --strict` of mkdocs.yml in a subprocess, as `make build` runs it; the
English-only build uses a copy of mkdocs.yml without `extra.alternate`, so no other language is
built. Median of 3 runs each (wall and CPU time of the child), printed with the ratio.

    .venv/bin/python benchmarks/i18n_build.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"


def english_only_text() -> str:
    """mkdocs.yml's text without the language selector (extra.alternate): no other language is built."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    stripped = re.sub(r"\n  alternate:\n(    .*\n)+", "\n", text)
    assert stripped != text, "mkdocs.yml has no extra.alternate block to remove"
    return stripped


def english_only_config() -> Path:
    """mkdocs.yml without the language selector, next to the real one (its paths stay valid)."""
    config = ROOT / ".bench-english-only.yml"
    config.write_text(english_only_text(), encoding="utf-8")
    return config


def timed_build(config: Path, site: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [str(MKDOCS), "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
        check=True,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        english = english_only_config()
        try:
            results = {}
            for name, config in (("English only", english), ("English + pt-BR", ROOT / "mkdocs.yml")):
                runs = [timed_build(config, Path(tmp) / "site") for _ in range(args.runs)]
                results[name] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
                print(f"{name:16} median of {args.runs}: {results[name][0]:6.2f} s wall, {results[name][1]:6.2f} s CPU")
        finally:
            english.unlink(missing_ok=True)
    (one_wall, one_cpu), (two_wall, two_cpu) = results["English only"], results["English + pt-BR"]
    print(
        f"ratio (two languages / English only): {two_wall / one_wall:.2f}x wall, {two_cpu / one_cpu:.2f}x CPU (target <= 2.1x)"
    )


if __name__ == "__main__":
    main()
