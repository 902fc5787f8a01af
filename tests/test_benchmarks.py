"""The build benchmark still runs: it broke unseen once (it linked the data folder, which the build
refuses since the hostile-checkout fixes). On the small fixture roadmap, so it costs ~2 s; the
README's figures come from the real data (`make bench`)."""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURE_DATA, ROOT


def test_build_benchmark_runs_both_builds_and_prints_the_ratio():
    result = subprocess.run(
        [sys.executable, "benchmarks/build_speed.py", "--data", str(FIXTURE_DATA), "--factors", "1", "--repeat", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    header, row = result.stdout.splitlines()
    assert header.split() == ["data", "pages", "roadmap", "s", "pages/s", "plain", "s", "pages/s", "overhead"]
    label, pages, roadmap_s, _, plain_s, _, overhead = row.split()
    assert label == "real" and int(pages) >= 10, row  # the fixture's pages were built and counted
    assert abs(float(overhead) - float(roadmap_s) / float(plain_s)) < 0.03, row  # times printed to 0.01 s
