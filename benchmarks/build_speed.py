"""Time a full `mkdocs build` of the real site and of synthetic data 10x and 100x its size,
next to the same pages written out as plain Markdown and built without hooks or macros.

Prints seconds, pages per second and the overhead ratio (roadmap build / plain build).
Usage: python benchmarks/build_speed.py [--factors 1 10 100] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from i18n_build import english_only_text  # noqa: E402
from synthetic import generate  # noqa: E402

from macros.model.load import load_roadmap  # noqa: E402
from macros.site.pages import build_nav, build_pages  # noqa: E402

MKDOCS = Path(sys.executable).parent / "mkdocs"


def timed_build(project: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [str(MKDOCS), "build", "--strict", "-q", "-d", str(project / "site")],
            cwd=project,
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        best = min(best, time.perf_counter() - start)
    return best


def roadmap_project(work: Path, data: Path) -> Path:
    """The real mkdocs.yml, docs/ and macros/ over the given data folder."""
    project = work / "roadmap"
    project.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in {"data", "site", ".git", ".venv", "node_modules", "mkdocs.yml"}:
            (project / entry.name).symlink_to(entry)
    # English only, as the plain build: the translations' cost is benchmarks/i18n_build.py's figure.
    (project / "mkdocs.yml").write_text(english_only_text(), encoding="utf-8")
    # A copy, not a link: the build refuses a data folder that is a symbolic link (hostile checkouts).
    shutil.copytree(data, project / "data")
    return project


def plain_project(work: Path, data: Path) -> Path:
    """The same pages as static Markdown files, built with the same theme but no hooks or macros."""
    project = work / "plain"
    docs = project / "docs"
    roadmap = load_roadmap(data)
    generated = build_pages(roadmap)
    for page in generated:
        (docs / page.path).parent.mkdir(parents=True, exist_ok=True)
        (docs / page.path).write_text(page.markdown, encoding="utf-8")
    for extra in ("overrides",):  # theme files the real build uses too
        if (ROOT / extra).exists():
            (project / extra).symlink_to(ROOT / extra)
    for source in (ROOT / "docs").rglob("*"):
        target = docs / source.relative_to(ROOT / "docs")
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif source.suffix == ".md":
            # Hand-written pages hold macros; keep their size but not their template tags.
            target.write_text(
                source.read_text(encoding="utf-8").replace("{{", "(").replace("}}", ")"), encoding="utf-8"
            )
        else:
            shutil.copy(source, target)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.FullLoader)
    config.pop("hooks", None)
    config.pop("watch", None)
    extra = config.setdefault("extra", {})
    extra.pop("alternate", None)  # English only
    extra["ui"] = {}  # the theme's strings, which the hooks set (overrides/partials/header.html has defaults)
    config["plugins"] = [
        p for p in config.get("plugins", []) if not (isinstance(p, dict) and "macros" in p) and p != "macros"
    ]
    generated_paths = {page.path for page in generated}
    handwritten = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    handwritten = [path for path in handwritten if path not in generated_paths]
    config["nav"] = build_nav(roadmap, handwritten)
    # Pages of long sections are reached through their index page, as in the real build.
    config.setdefault("validation", {})["omitted_files"] = "info"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return project


def count_pages(project: Path) -> int:
    return sum(1 for _ in (project / "site").rglob("index.html")) - (
        1 if (project / "site" / "404.html").exists() else 0
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=2, help="builds per measurement; the fastest counts")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder to measure (default: data/)")
    args = parser.parse_args()
    print(f"{'data':>6} {'pages':>6} {'roadmap s':>10} {'pages/s':>8} {'plain s':>8} {'pages/s':>8} {'overhead':>9}")
    for factor in args.factors:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            data = args.data.resolve()
            if factor != 1:
                data = work / "data"
                generate(args.data, data, factor)
            repeat = args.repeat if factor < 100 else 1
            roadmap = roadmap_project(work, data)
            roadmap_s = timed_build(roadmap, repeat)
            pages = count_pages(roadmap)
            plain = plain_project(work, data)
            plain_s = timed_build(plain, repeat)
            label = "real" if factor == 1 else f"{factor}x"
            print(
                f"{label:>6} {pages:>6} {roadmap_s:>10.2f} {pages / roadmap_s:>8.0f} "
                f"{plain_s:>8.2f} {pages / plain_s:>8.0f} {roadmap_s / plain_s:>9.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
