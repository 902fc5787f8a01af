"""Time the test suite: `make test-fast` (the edit loop) and `make test` (everything, browser and PDF
included, under CI=true so nothing is skipped), each run as a developer runs it.

Prints for each: wall time, CPU time (user + system of pytest and everything it started), the load
average before and after (the machine may be shared: a high load makes the wall time meaningless),
the pass/fail line and pytest's 10 slowest tests. Targets (issue 11): test-fast <= 30 s, test
<= 3 min of pytest on the 2-core machine.

Usage: python benchmarks/test_speed.py [--only test-fast|test]
(not collected by pytest: testpaths is tests/, and this file defines no test)
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"test-fast": 30.0, "test": 180.0}
SUMMARY = re.compile(r"^=* ?(\d+ (?:passed|failed|error).* in [\d.]+s\S*(?: \([\d:]+\))?)", re.M)  # -q: no ===
SLOWEST = re.compile(r"^=+ slowest 10 durations =+$\n(.*?)^(?:=|\Z)", re.M | re.S)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(target: str) -> None:
    env = {**os.environ, "CI": "true"}
    load_before = os.getloadavg()[0]
    cpu_before, start = children_cpu(), time.perf_counter()
    result = subprocess.run(
        ["make", "-s", target, "PYTEST_ARGS=--durations=10 -q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall, cpu = time.perf_counter() - start, children_cpu() - cpu_before
    summary = SUMMARY.findall(result.stdout)
    slowest = SLOWEST.search(result.stdout)
    verdict = "within" if wall <= TARGETS[target] else "OVER"
    print(f"make {target}: {wall:.1f} s wall ({verdict} the {TARGETS[target]:.0f} s target), {cpu:.1f} s CPU")
    print(f"  load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after ({os.cpu_count()} cores)")
    print(f"  {summary[-1] if summary else f'exit {result.returncode}, no pytest summary'}")
    if slowest:
        print("  slowest tests:")
        for line in slowest.group(1).strip().splitlines():
            print(f"    {line}")
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(TARGETS), help="time one target only")
    args = parser.parse_args()
    for target in [args.only] if args.only else ["test-fast", "test"]:
        run(target)


if __name__ == "__main__":
    main()
