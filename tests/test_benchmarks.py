"""The build benchmark still runs: it broke unseen twice (it linked the data folder, which the build
refuses since the hostile-checkout fixes; its 10x and 100x data broke the career-ladder rules). On
the small fixture roadmap, so it costs ~2 s; the README's figures come from the real data (`make bench`)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import DATA, FIXTURE_DATA, ROOT

from macros.model.load import collect


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


@pytest.mark.parametrize("source", [DATA, FIXTURE_DATA], ids=["real data", "fixture"])
def test_the_synthetic_data_of_the_10x_and_100x_builds_is_valid(tmp_path, source):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(source, tmp_path / "data", 2)
    original, _ = collect(source)
    scaled, errors = collect(tmp_path / "data")
    assert [str(error) for error in errors] == []
    assert original is not None and scaled is not None
    assert len(scaled.skills) == 2 * len(original.skills) and len(scaled.tiers) == 2 * len(original.tiers)
    assert scaled.role.tier == (original.role.tier and f"{original.role.tier}-x0")
