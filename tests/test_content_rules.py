"""The content floor and the ladder in the validator: each rule, on fixture data, with its located message."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from macros import cli
from macros.model.content_rules import review_warnings, stale_items
from macros.model.load import load_roadmap

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "data"


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    return folder


def with_real_floor(data: Path) -> Path:
    shutil.copy(ROOT / "data" / "floor.yaml", data / "floor.yaml")
    return data


def errors(data: Path, capsys) -> list[str]:
    code = cli.main(["--data", str(data), "validate"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == 1, err
    return err.splitlines()[:-1]


def edit(data: Path, file: str, old: str, new: str) -> None:
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_floor_names_every_thin_item_with_its_line(data, capsys):
    lines = errors(with_real_floor(data), capsys)
    expected = {
        "data/skills/python.yaml:7: objectives: has 1 objectives; a skill (skill_objectives) needs 5-8",
        "data/skills/python.yaml:11: resources: has 1 resources; a skill (min_skill_resources) needs at least 4",
        "data/skills/python.yaml:11: resources: has no advanced resource; every skill needs a beginner and an advanced one",
        "data/steps/foundations.yaml:10: outcomes: has 1 outcomes; a step (step_outcomes) needs 4-8",
        "data/tiers/junior-ml-engineer.yaml:11: skills: expects 2 skills; a tier needs at least 8 (min_tier_skills)",
        "data/tiers/junior-ml-engineer.yaml:8: responsibilities: has 1; a tier needs at least 3 (min_tier_responsibilities)",
        "data/specialisations/computer-vision.yaml:2: resources: has 0 resources; a specialisation needs at least 3 (min_specialisation_resources)",
    }
    assert expected <= set(lines), "\n".join(lines)


def test_required_review_effort_and_start(data, capsys):
    with_real_floor(data)
    edit(data, "skills/python.yaml", "reviewed: 2026-12\n", "")
    edit(data, "skills/python.yaml", "effort_hours: {min: 10, max: 20}\n", "")
    edit(data, "skills/python.yaml", "    start: true\n", "")
    lines = errors(data, capsys)
    assert (
        "data/skills/python.yaml:2: reviewed: required: the month a person last checked this item, like 2026-12"
        in lines
    )
    assert any(
        line.startswith("data/skills/python.yaml:2: effort_hours: required: estimated study hours") for line in lines
    )
    assert (
        "data/skills/python.yaml:11: resources: marks 0 resources `start: true`; exactly one (the best free first resource) is needed"
        in lines
    )


def test_a_paid_start_resource_is_refused(data, capsys):
    edit(data, "skills/linear-algebra.yaml", "    free: false\n", "    free: false\n    start: true\n")
    lines = errors(with_real_floor(data), capsys)
    assert "data/skills/linear-algebra.yaml:23: resources.1.start: the start-here resource must be free" in lines, lines


def test_without_a_floor_file_only_the_schema_applies(data, capsys):
    assert cli.main(["--data", str(data), "validate"]) == 0


def test_a_step_shorter_than_its_skills_effort(data, capsys):
    edit(data, "skills/python.yaml", "effort_hours: {min: 10, max: 20}", "effort_hours: {min: 400, max: 600}")
    lines = errors(data, capsys)
    assert lines == [
        "data/steps/foundations.yaml:7: duration: 4-12 weeks does not fit the 410-620 hours of the 2 skills this step introduces "
        "(41-62 weeks at 10 hours a week); change the duration or the skills' effort_hours"
    ], lines


def write_tier(
    data: Path, tier_id: str, order: int, levels: dict[str, str], next_: list[str] = (), drops: str = ""
) -> None:
    skills = "".join(f"  - skill: {s}\n    level: {lv}\n" for s, lv in sorted(levels.items()))
    (data / "tiers" / f"{tier_id}.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/tier.schema.json\n"
        f"id: {tier_id}\nname: {tier_id}\ntrack: Engineering\norder: {order}\nsummary: s\nexperience: 1 year\n"
        f"responsibilities:\n  - Do the work.\nnext: [{', '.join(next_)}]\nskills:\n{skills}{drops}reviewed: 2026-12\n",
        encoding="utf-8",
    )


def test_the_ladder_never_silently_drops_or_lowers_a_skill(data, capsys):
    write_tier(data, "a-junior", 10, {"python": "working", "linear-algebra": "working"}, ["b-senior"])
    write_tier(data, "b-senior", 11, {"python": "awareness"})
    lines = errors(data, capsys)
    assert lines == [
        "data/tiers/b-senior.yaml:11: skills: expects 'linear-algebra' not at all, below 'a-junior' (working), which leads here "
        "through `next`; keep it at least as high or explain the exception in `drops`",
        "data/tiers/b-senior.yaml:11: skills: expects 'python' at awareness, below 'a-junior' (working), which leads here "
        "through `next`; keep it at least as high or explain the exception in `drops`",
    ], lines


def test_drops_state_the_exception_and_must_match(data, capsys):
    write_tier(data, "a-junior", 10, {"python": "working", "linear-algebra": "working"}, ["b-senior"])
    drops = (
        "drops:\n  - skill: linear-algebra\n    reason: Managers leave the maths to their team.\n"
        "  - skill: python\n    level: working\n    reason: Wrong on purpose.\n"
    )
    write_tier(data, "b-senior", 11, {"python": "awareness"}, drops=drops)
    lines = errors(data, capsys)
    assert lines == [
        "data/tiers/b-senior.yaml:17: drops.1: says it keeps it at working, but the tier expects it at awareness"
    ], lines
    write_tier(data, "b-senior", 11, {"python": "awareness"}, drops=drops.replace("level: working", "level: awareness"))
    assert cli.main(["--data", str(data), "validate"]) == 0


def test_stale_reviews_warn_oldest_first_but_do_not_fail(data, capsys):
    edit(data, "skills/python.yaml", "reviewed: 2026-12", "reviewed: 2024-03")
    edit(data, "tools/numpy.yaml", "reviewed: 2026-12", "reviewed: 2025-01")
    roadmap = load_roadmap(data)
    assert [(m, i.id) for m, i in stale_items(roadmap, datetime.date(2026, 12, 1))] == [
        ("2024-03", "python"),
        ("2025-01", "numpy"),
    ]
    assert [str(w) for w in review_warnings(roadmap, datetime.date(2026, 12, 1))][0] == (
        "data/skills/python.yaml:18: reviewed: last reviewed 2024-03, more than 12 months ago: check it and set this month"
    )
    assert stale_items(roadmap, datetime.date(2025, 12, 1)) == [("2024-03", roadmap.skill["python"])]
    assert cli.main(["--data", str(data), "validate"]) == 0
    assert "warning: data/skills/python.yaml:18: reviewed: last reviewed 2024-03" in capsys.readouterr().err


def test_a_review_in_the_future_is_an_error(data, capsys):
    edit(data, "skills/python.yaml", "reviewed: 2026-12", "reviewed: 2099-01")
    assert "data/skills/python.yaml:18: reviewed: 2099-01 is in the future" in errors(data, capsys)


def test_roadmap_stale_lists_items_oldest_first(data, capsys):
    edit(data, "skills/python.yaml", "reviewed: 2026-12", "reviewed: 2019-03")
    edit(data, "tools/numpy.yaml", "reviewed: 2026-12", "reviewed: 2018-05")
    assert cli.main(["--data", str(data), "stale"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "2018-05  data/tools/numpy.yaml  NumPy",
        "2019-03  data/skills/python.yaml  Python",
        "2 item(s) last reviewed more than 12 months ago",
    ], lines
