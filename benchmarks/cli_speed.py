"""How fast the `roadmap` command starts: the import of macros.cli, `roadmap validate` on the
real data (with its translations, and on a copy of data/ without data/i18n/) and `roadmap --help`,
each as whole processes.

Prints min / median / max over --runs runs (after one warm-up run, so the bytecode is cached:
the runs write it even where PYTHONDONTWRITEBYTECODE is set, or every edited module would be
compiled again in every run) of the wall time and of the CPU time (user + system of the command
and its children; steadier than wall on a busy machine), and the import time of macros.cli as
`python -X importtime` reports it. The target (issue "Architecture") is `roadmap validate`
<= 0.4 s wall, median of 5, on the 2-core machine.

The runnable tasks Linux counts before and after the runs are printed: on a shared machine they
say how much of a figure is other people's work.

    .venv/bin/python benchmarks/cli_speed.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROADMAP = Path(sys.executable).parent / "roadmap"
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `command` in the project folder."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def import_seconds() -> float:
    """macros.cli's cumulative import time from `-X importtime` (its own line, in microseconds)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import macros.cli"],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(line for line in result.stderr.splitlines() if line.rstrip().endswith("| macros.cli"))
    return int(line.split("|")[1]) / 1e6


def runnable() -> str:
    """Linux's count of runnable tasks and of all tasks ("3/250"), or "?" elsewhere."""
    try:
        return Path("/proc/loadavg").read_text().split()[3]
    except (OSError, IndexError):
        return "?"


def spread(values: list[float]) -> str:
    return f"{min(values):6.3f} {statistics.median(values):8.3f} {max(values):6.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="counted runs of each figure (default: 5)")
    runs = parser.parse_args().runs

    print(f"{runs} runs each after one warm-up; seconds: min median max; runnable tasks now {runnable()}")
    import_seconds()
    print(f"{'import macros.cli':<40} {spread([import_seconds() for _ in range(runs)])}")
    with tempfile.TemporaryDirectory() as scratch:
        english = Path(scratch) / "data"
        shutil.copytree(ROOT / "data", english, ignore=shutil.ignore_patterns("i18n"))
        for label, command in (
            ("roadmap validate", [str(ROADMAP), "validate"]),
            ("roadmap validate, no translations", [str(ROADMAP), "--data", str(english), "validate"]),
            ("roadmap --help", [str(ROADMAP), "--help"]),
        ):
            run_once(command)
            timings = [run_once(command) for _ in range(runs)]
            print(f"{label + ' (wall)':<40} {spread([wall for wall, _cpu in timings])}")
            print(f"{label + ' (cpu)':<40} {spread([cpu for _wall, cpu in timings])}")
    print(f"runnable tasks at the end: {runnable()}")


if __name__ == "__main__":
    main()
