"""The data published for the reader's browser (macros/site/browser_data.py) and the pages that use it.

Expectations are written by hand from the fixture roadmap in tests/fixtures/valid/data (two
skills, one step, one project, one tier); the built-site test checks the real site's two
outputs against each other: every key in roadmap-data.js has its checkbox on its page.
"""

from __future__ import annotations

import json
import re

from conftest import FIXTURE_DATA

from macros.model.entities import Renames
from macros.model.load import load_roadmap
from macros.site.browser_data import DATA_SCRIPT, reader_data, reader_script, resolve_renames

FIXTURE = load_roadmap(FIXTURE_DATA)


def script_payload(script: str) -> dict:
    return json.loads(script.split("window.RoadmapData = ", 1)[1].rstrip().rstrip(";"))


def fields(entry: dict, expected: dict) -> dict:
    """The entry's values for the expected keys only: the payload may grow new fields."""
    return {key: entry.get(key) for key in expected}


def test_renames_follow_chains_and_drop_cycles():
    assert resolve_renames({"a": "b", "b": "c", "x": "y"}) == {"a": "c", "b": "c", "x": "y"}
    assert resolve_renames({"p": "q", "q": "p", "k": "p"}) == {}


def test_two_named_items_by_hand():
    data = reader_data(FIXTURE)
    python = {
        "name": "Python",
        "area": "programming",
        "optional": False,
        "url": "skills/python/",
        "prerequisites": ["linear-algebra"],
        "keys": ["skills/python/core-syntax"],
    }
    assert fields(data["skills"]["python"], python) == python
    foundations = {
        "id": "foundations",
        "order": 1,
        "title": "Build the foundations",
        "url": "steps/foundations/",
        "skills": ["linear-algebra", "python"],
        "keys": ["steps/foundations/maths-refresher"],
    }
    assert [fields(step, foundations) for step in data["steps"]] == [foundations]


def test_areas_projects_and_tiers_by_hand():
    data = reader_data(FIXTURE)
    assert data["levels"] == ["awareness", "working", "proficient", "expert"]
    assert [fields(area, {"id": 0, "name": 0, "skills": 0}) for area in data["areas"]] == [
        {"id": "mathematics-statistics", "name": "Mathematics & statistics", "skills": ["linear-algebra"]},
        {"id": "programming", "name": "Programming", "skills": ["python"]},
    ]
    project = {"id": "digit-classifier", "title": "Digit classifier", "keys": ["projects/digit-classifier/baseline"]}
    assert [fields(p, project) for p in data["projects"]] == [project]
    tier = {
        "id": "junior-ml-engineer",
        "name": "Junior machine learning engineer",
        "order": 1,
        "url": "tiers/junior-ml-engineer/",
        "skills": [
            {"skill": "linear-algebra", "level": "working", "rank": 2},
            {"skill": "python", "level": "proficient", "rank": 3},
        ],
    }
    assert [fields(t, tier) for t in data["tiers"]] == [tier]


def test_every_checklist_key_is_published_once():
    data = reader_data(FIXTURE)
    keys = [key for skill in data["skills"].values() for key in skill["keys"]]
    keys += [key for owner in (*data["steps"], *data["projects"]) for key in owner["keys"]]
    assert sorted(keys) == [
        "projects/digit-classifier/baseline",
        "skills/linear-algebra/vectors-matrices",
        "skills/python/core-syntax",
        "steps/foundations/maths-refresher",
    ]


def test_urls_follow_use_directory_urls():
    assert reader_data(FIXTURE)["skills"]["linear-algebra"]["url"] == "skills/linear-algebra/"
    assert reader_data(FIXTURE, use_directory_urls=False)["skills"]["linear-algebra"]["url"] == (
        "skills/linear-algebra.html"
    )


def test_script_carries_the_rename_map_and_cannot_close_a_script_tag():
    renamed = FIXTURE.model_copy(
        update={"renames": Renames(checklist={"skills/python/old": "skills/python/</script><b>"})}
    )
    script = reader_script(renamed)
    assert "</script>" not in script
    assert script_payload(script)["renames"] == {"skills/python/old": "skills/python/</script><b>"}


def test_built_site_publishes_the_data_and_wires_every_page(built_site):
    payload = script_payload((built_site / DATA_SCRIPT).read_text(encoding="utf-8"))
    assert payload["version"] == 1
    python = payload["skills"]["python"]
    assert (python["name"], python["area"], python["url"]) == ("Python", "programming", "skills/python/")
    assert "skills/python/core-syntax" in python["keys"]
    index = (built_site / "index.html").read_text(encoding="utf-8")
    # The data first, then the scripts that read it, all deferred (run in this order after parsing,
    # so they never hold up the first paint).
    assert re.search(
        r'<script src="assets/javascripts/roadmap-data\.js" defer></script>\s*'
        r'<script src="assets/javascripts/progress\.js" defer></script>\s*'
        r'<script src="assets/javascripts/journey\.js" defer></script>\s*'
        r'<script src="assets/javascripts/plan\.js" defer></script>',
        index,
    )
    owners = [("skill", skill_id, skill) for skill_id, skill in payload["skills"].items()]
    owners += [("step", step["id"], step) for step in payload["steps"]]
    owners += [("project", project["id"], project) for project in payload["projects"]]
    for kind, owner_id, owner in owners:
        html = (built_site / f"{kind}s" / owner_id / "index.html").read_text(encoding="utf-8")
        assert f'data-progress-scope="{kind}:{owner_id}"' in html, f"{kind}s/{owner_id}: no progress bar"
        on_page = re.findall(r'<li class="task-list-item">.*?data-check-id="([^"]+)"', html)
        assert on_page == owner["keys"], f"{kind}s/{owner_id}: checkboxes {on_page} != published {owner['keys']}"
    progress = (built_site / "progress" / "index.html").read_text(encoding="utf-8")
    options = re.findall(r'<option value="([^"]*)"', progress)
    assert [tier["id"] for tier in payload["tiers"]] == [option for option in options if option]
    scopes = ["all", *(f"step:{s['id']}" for s in payload["steps"]), *(f"skill:{s}" for s in payload["skills"])]
    for scope in scopes:
        assert f'data-progress-scope="{scope}"' in progress
