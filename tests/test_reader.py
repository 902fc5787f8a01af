"""The data published for the reader's browser (macros/reader.py) and the pages that use it."""

from __future__ import annotations

import json
import re

from conftest import DATA

from macros.model.entities import Renames
from macros.model.load import load_roadmap
from macros.site.browser_data import DATA_SCRIPT, reader_data, reader_script, resolve_renames

ROADMAP = load_roadmap(DATA)


def script_payload(script: str) -> dict:
    return json.loads(script.split("window.RoadmapData = ", 1)[1].rstrip().rstrip(";"))


def test_renames_follow_chains_and_drop_cycles():
    assert resolve_renames({"a": "b", "b": "c", "x": "y"}) == {"a": "c", "b": "c", "x": "y"}
    assert resolve_renames({"p": "q", "q": "p", "k": "p"}) == {}


def test_every_checklist_key_is_published_once():
    data = reader_data(ROADMAP)
    keys = [k for s in data["skills"].values() for k in s["keys"]]
    keys += [k for s in data["steps"] for k in s["keys"]] + [k for p in data["projects"] for k in p["keys"]]
    assert sorted(keys) == sorted(ROADMAP.all_checklist_keys())
    assert len(keys) == len(set(keys))
    assert [s["id"] for s in data["steps"]] == [s.id for s in ROADMAP.steps]
    for area in data["areas"]:
        assert all(data["skills"][s]["area"] == area["id"] for s in area["skills"])
    for tier in data["tiers"]:
        assert all(e["skill"] in data["skills"] for e in tier["skills"])


def test_urls_follow_use_directory_urls():
    skill = ROADMAP.skills[0]
    assert reader_data(ROADMAP)["skills"][skill.id]["url"] == f"skills/{skill.id}/"
    assert reader_data(ROADMAP, use_directory_urls=False)["skills"][skill.id]["url"] == f"skills/{skill.id}.html"


def test_script_carries_the_rename_map_and_cannot_close_a_script_tag():
    renamed = ROADMAP.model_copy(update={"renames": Renames(checklist={"skills/x/old": "skills/x/</script><b>"})})
    script = reader_script(renamed)
    assert "</script>" not in script
    assert script_payload(script)["renames"] == {"skills/x/old": "skills/x/</script><b>"}


def test_built_site_publishes_the_data_and_wires_every_page(built_site):
    payload = script_payload((built_site / DATA_SCRIPT).read_text(encoding="utf-8"))
    assert payload == json.loads(json.dumps(reader_data(ROADMAP)))
    index = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<script src="assets/javascripts/roadmap-data\.js"></script>\s*<script src="assets/javascripts/progress\.js"></script>',
        index,
    )
    for kind, owners in (("skills", ROADMAP.skills), ("steps", ROADMAP.steps), ("projects", ROADMAP.projects)):
        for owner in owners:
            html = (built_site / kind / owner.id / "index.html").read_text(encoding="utf-8")
            assert f'data-progress-scope="{kind[:-1]}:{owner.id}"' in html, f"{kind}/{owner.id}: no progress bar"
            for entry in ROADMAP.checklist(kind, owner):
                assert re.search(rf'<li class="task-list-item">.*?data-check-id="{re.escape(entry.key)}"', html), (
                    f"no checkbox for {entry.key}"
                )
    progress = (built_site / "progress" / "index.html").read_text(encoding="utf-8")
    for tier in ROADMAP.tiers:
        assert f'<option value="{tier.id}">' in progress
    for scope in ["all", *(f"step:{s.id}" for s in ROADMAP.steps), *(f"skill:{s.id}" for s in ROADMAP.skills)]:
        assert f'data-progress-scope="{scope}"' in progress
