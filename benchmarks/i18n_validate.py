"""What translations add to `roadmap validate`: the real data with and without data/i18n/, and the
translation steps alone (read and check every language, localise) in one process.

Prints min / median / max over --runs runs (after a warm-up run) of the wall and CPU time of the
whole command, for a copy of data/ without i18n/ and for data/ as it is; then the in-process time
of scan_languages + collect_translation + localise per language.

    .venv/bin/python benchmarks/i18n_validate.py [--runs 5]
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


def run_once(data: Path) -> tuple[float, float]:
    before = os.times()
    start = time.perf_counter()
    subprocess.run(
        [str(ROADMAP), "--data", str(data), "validate"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def figures(values: list[float]) -> str:
    return f"min {min(values):.3f}  median {statistics.median(values):.3f}  max {max(values):.3f} s"


def measure(label: str, data: Path, runs: int) -> float:
    run_once(data)  # warm-up: bytecode cached, files in the page cache
    walls, cpus = zip(*(run_once(data) for _ in range(runs)), strict=True)
    print(f"{label:<28} wall {figures(list(walls))}   cpu {figures(list(cpus))}")
    return statistics.median(cpus)


def in_process(data: Path, runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    from macros.i18n.translations import collect_translation, expected_files, localise, scan_languages
    from macros.model.load import load_roadmap

    roadmap = load_roadmap(data)
    for lang in scan_languages(data)[0]:
        read, put = [], []
        for _ in range(runs):
            start = time.perf_counter()
            translation, errors = collect_translation(data, lang, roadmap, expected_files(roadmap))
            middle = time.perf_counter()
            done = localise(roadmap, translation)
            read.append(middle - start)
            put.append(time.perf_counter() - middle)
        total = done.total()
        print(
            f"{lang}: {len(translation.files)} files, {total.translated}/{total.total} units translated, "
            f"{len(errors)} errors; read+check {figures(read)}; localise {figures(put)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    data = ROOT / "data"
    with tempfile.TemporaryDirectory() as scratch:
        english = Path(scratch) / "data"
        shutil.copytree(data, english, ignore=shutil.ignore_patterns("i18n"))
        without = measure("validate, English only", english, runs)
    with_i18n = measure("validate, with data/i18n/", data, runs)
    print(f"translations add {with_i18n - without:+.3f} s CPU (median), x{with_i18n / without:.2f}")
    in_process(data, runs)


if __name__ == "__main__":
    main()
