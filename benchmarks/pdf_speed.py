"""Time the printable handbook build (`roadmap pdf`) on the real data, phase by phase.

Prints wall-clock and CPU seconds for loading the data, assembling the HTML, WeasyPrint's
layout (with the page numbers filled in) and writing the PDF, then the total, pages per second
and how many times WeasyPrint laid each page out. The target is a total under 30 s. CPU time is
printed too because wall time grows when the machine is busy.
Usage: python benchmarks/pdf_speed.py [--repeat 2] [--lang pt-BR] [--output /tmp/handbook.pdf]
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

# The build before page references were filled in after layout (target-counter(), three layout
# passes): 240 pages, measured on the same 2-core machine, mostly idle (README: "Printable handbook").
BEFORE = "before: 72.5 s wall (load 0.3, HTML 4.8, layout 56.9, write 10.5), 240 pages, 3 layout passes"


class Clock:
    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        result = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return result


def _count_page_layouts() -> list[int]:
    """A counter of WeasyPrint's page layouts (each pass lays out every page it must redo again)."""
    from weasyprint.layout import page

    made = [0]
    original = page.remake_page

    def counted(*args, **kwargs):
        made[0] += 1
        return original(*args, **kwargs)

    page.remake_page = counted
    return made


def run_once(output: Path, lang: str) -> tuple[dict[str, tuple[float, float]], int]:
    phases: dict[str, tuple[float, float]] = {}
    clock = Clock()
    roadmap = load_roadmap(ROOT / "data")
    localised = None
    if lang != handbook.SOURCE_LANGUAGE:
        from macros.i18n.translations import load_translation, localise

        localised = localise(roadmap, load_translation(ROOT / "data", lang, roadmap))
        roadmap = localised.roadmap
    phases["load data"] = clock.lap()
    config = ROOT / f"mkdocs.{lang}.yml"
    settings = handbook.load_settings(config if config.is_file() else ROOT / "mkdocs.yml")
    html = handbook.build_html(roadmap, settings, lang, localised)
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
    parser.add_argument("--lang", default=handbook.SOURCE_LANGUAGE, help="en (default) or a translation, e.g. pt-BR")
    args = parser.parse_args()
    problems = handbook.check_requirements()
    if problems:
        print("cannot render the PDF here:\n  - " + "\n  - ".join(problems), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        output = args.output or Path(tmp) / handbook.pdf_name(args.lang)
        made = _count_page_layouts()
        runs = [run_once(output, args.lang) for _ in range(args.repeat)]
        size_kb = output.stat().st_size / 1024
    phases, pages = min(runs, key=lambda run: sum(wall for wall, _cpu in run[0].values()))
    print(f"{'phase':<22}{'wall s':>9}{'cpu s':>9}")
    for name, (wall, cpu) in phases.items():
        print(f"{name:<22}{wall:>9.2f}{cpu:>9.2f}")
    total_wall = sum(wall for wall, _cpu in phases.values())
    total_cpu = sum(cpu for _wall, cpu in phases.values())
    print(f"{'total':<22}{total_wall:>9.2f}{total_cpu:>9.2f}")
    passes = made[0] / (pages * args.repeat)
    print(
        f"{pages} pages, {size_kb:.0f} KB, {pages / total_wall:.1f} pages/s, {passes:.1f} layout passes; "
        f"target < 30 s: {'met' if total_wall < 30 else 'NOT met'}"
    )
    print(BEFORE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
