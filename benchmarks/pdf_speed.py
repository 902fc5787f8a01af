"""Time the printable handbook build (`roadmap pdf`) on the real data, phase by phase.

Prints wall-clock and CPU seconds for loading the data, assembling the HTML, WeasyPrint's
layout and writing the PDF, then the total and pages per second. The target is a total
under 30 s. CPU time is printed too because wall time grows when the machine is busy.
Usage: python benchmarks/pdf_speed.py [--repeat 2] [--output /tmp/handbook.pdf]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.handbook import book as handbook  # noqa: E402
from macros.model.load import load_roadmap  # noqa: E402


class Clock:
    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        result = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return result


def run_once(output: Path) -> tuple[dict[str, tuple[float, float]], int]:
    phases: dict[str, tuple[float, float]] = {}
    clock = Clock()
    roadmap = load_roadmap(ROOT / "data")
    phases["load data"] = clock.lap()
    html = handbook.build_html(roadmap, handbook.load_settings(ROOT / "mkdocs.yml"))
    phases["assemble HTML"] = clock.lap()
    rendered = handbook.render_document(html)
    phases["layout (WeasyPrint)"] = clock.lap()
    rendered.write_pdf(output)
    phases["write PDF"] = clock.lap()
    return phases, len(rendered.pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs; the fastest total is reported (default 1)")
    parser.add_argument("--output", type=Path, default=None, help="where to write the PDF (default: a temporary file)")
    args = parser.parse_args()
    problems = handbook.check_requirements()
    if problems:
        print("cannot render the PDF here:\n  - " + "\n  - ".join(problems), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        output = args.output or Path(tmp) / handbook.PDF_NAME
        runs = [run_once(output) for _ in range(args.repeat)]
        size_kb = output.stat().st_size / 1024
    phases, pages = min(runs, key=lambda run: sum(wall for wall, _cpu in run[0].values()))
    print(f"{'phase':<22}{'wall s':>9}{'cpu s':>9}")
    for name, (wall, cpu) in phases.items():
        print(f"{name:<22}{wall:>9.2f}{cpu:>9.2f}")
    total_wall = sum(wall for wall, _cpu in phases.values())
    total_cpu = sum(cpu for _wall, cpu in phases.values())
    print(f"{'total':<22}{total_wall:>9.2f}{total_cpu:>9.2f}")
    print(
        f"{pages} pages, {size_kb:.0f} KB, {pages / total_wall:.1f} pages/s; target < 30 s: {'met' if total_wall < 30 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
