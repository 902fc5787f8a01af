"""Golden files: what the generators make from a small fixture roadmap, committed next to it.

`tests/fixtures/valid/` holds the data; `tests/fixtures/valid/expected/` holds every generated
page's Markdown, the reader's data script, the map SVG and the navigation as JSON. A template or
generator change shows in review as a diff of these files. After an intended change, rewrite them
with `pytest tests/test_goldens.py --update-goldens` and read the diff before committing.
"""

from __future__ import annotations

import json
from pathlib import Path

from macros.model.load import load_roadmap
from macros.site.browser_data import reader_script
from macros.site.pages import build_nav, build_pages
from macros.site.path_map import path_svg, site_href

FIXTURE = Path(__file__).parent / "fixtures" / "valid"
EXPECTED = FIXTURE / "expected"


def generated() -> dict[str, str]:
    """Relative golden path -> content, for everything the generators make from the fixture."""
    roadmap = load_roadmap(FIXTURE / "data")
    outputs = {f"pages/{page.path}": page.markdown for page in build_pages(roadmap)}
    outputs["roadmap-data.js"] = reader_script(roadmap)
    outputs["map.svg"] = path_svg(roadmap, site_href("steps/index.md")) + "\n"
    outputs["nav.json"] = json.dumps(build_nav(roadmap, ["index.md"]), indent=2, ensure_ascii=False) + "\n"
    return outputs


def test_generated_output_matches_the_goldens(request):
    outputs = generated()
    if request.config.getoption("--update-goldens"):
        for old in EXPECTED.rglob("*") if EXPECTED.exists() else []:
            if old.is_file() and old.relative_to(EXPECTED).as_posix() not in outputs:
                old.unlink()
        for name, content in outputs.items():
            target = EXPECTED / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    on_disk = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file()}
    assert on_disk == set(outputs), (
        f"golden files missing: {sorted(set(outputs) - on_disk)}; stale: {sorted(on_disk - set(outputs))} "
        "(run pytest tests/test_goldens.py --update-goldens)"
    )
    changed = [
        name for name, content in sorted(outputs.items()) if (EXPECTED / name).read_text(encoding="utf-8") != content
    ]
    assert not changed, (
        f"generated output differs from the goldens in {changed}; if intended, run with --update-goldens and review the diff"
    )


def test_goldens_are_not_empty():
    # A generator that silently produced nothing would otherwise be "updated" into agreement.
    pages = list((EXPECTED / "pages").rglob("*.md"))
    assert len(pages) >= 15
    skill = (EXPECTED / "pages" / "skills" / "python.md").read_text(encoding="utf-8")
    assert skill.startswith("---\ntitle: ") and "- [ ] " in skill
