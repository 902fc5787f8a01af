"""`roadmap validate`: every rule a contributor can break, each case with its exact located line.

Each case copies the tiny valid roadmap in tests/fixtures/valid/data, breaks one thing and
lists the exact `data/<file>:<line>: <field>: <message>` lines the validator must report. The
line numbers are counted by hand in the fixture files (after the edit), so a line map that
answered line 1, or the first line of the item, everywhere would fail. Content-floor cases
write a data/floor.yaml that switches on only the rule under test (without one, nothing beyond
the schema is required), so each case reports its own rule and nothing else.

The loader runs in-process (`load_roadmap` and the `DataError`s it raises); two runs of
`python -m macros validate` check the exit code and the output format, and one strict build
checks that broken data stops the site with the same messages.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import DATA, FIXTURE_DATA, run_mkdocs_build

from macros import cli
from macros.model.content_rules import review_warnings, stale_items
from macros.model.load import RoadmapInvalid, load_roadmap

FLOOR_HEADER = "# yaml-language-server: $schema=../schemas/floor.schema.json\n"

Edit = tuple[str, str | None, str]  # (file under data/, text to replace once or None to write the file, new text)


def apply(data: Path, edits: list[Edit]) -> Path:
    for file, old, new in edits:
        path = data / file
        if old is None:
            path.write_text(new, encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return data


def broken_copy(target: Path, edits: list[Edit]) -> Path:
    """The fixture data copied to target/data with the edits applied; returns target/data."""
    data = target / "data"
    shutil.copytree(FIXTURE_DATA, data)
    return apply(data, edits)


def reported(data: Path) -> list[str]:
    """Every error the loader reports for data/, as the lines `roadmap validate` prints."""
    try:
        load_roadmap(data)
    except RoadmapInvalid as exc:
        return [str(error) for error in exc.errors]
    return []


def floor(**rules) -> Edit:
    """A data/floor.yaml that switches on only these content rules."""
    return ("floor.yaml", None, FLOOR_HEADER + yaml.safe_dump(rules, default_flow_style=None))


def case(name: str, edits: list[Edit], *expected: str, missing: str | None = None):
    """One rule: the edits that break it and the exact lines; `missing` names a rule validate lacks."""
    marks = [pytest.mark.xfail(strict=True, reason=missing)] if missing else []
    return pytest.param(edits, list(expected), id=name, marks=marks)


LA = "skills/linear-algebra.yaml"
PY = "skills/python.yaml"
STEP = "steps/foundations.yaml"
TIER = "tiers/junior-ml-engineer.yaml"
TOOL = "tools/numpy.yaml"
PROJECT = "projects/digit-classifier.yaml"
SPEC = "specialisations/computer-vision.yaml"

# A second tier that the fixture's junior tier leads to (`next`), for the career-ladder rules:
# line 5 is `order`, line 11 `skills:`, its entries from line 12, then `drops:` if given.
TIER_HEADER = "# yaml-language-server: $schema=../../schemas/tier.schema.json\n"


def ml_engineer_tier(skills: str, drops: str = "") -> list[Edit]:
    text = (
        f"{TIER_HEADER}id: ml-engineer\nname: Machine learning engineer\ntrack: Entry\norder: 2\n"
        "summary: Owns a model from data to production.\nexperience: 2-4 years\n"
        f"responsibilities:\n  - Run a model in production.\nnext: []\nskills:\n{skills}{drops}reviewed: 2026-12\n"
    )
    return [(TIER, "next: []", "next: [ml-engineer]"), ("tiers/ml-engineer.yaml", None, text)]


BOTH_AT_JUNIOR_LEVELS = "  - skill: linear-algebra\n    level: working\n  - skill: python\n    level: proficient\n"

# -- the schema: one file at a time -------------------------------------------------------------

SCHEMA_CASES = [
    case(
        "unknown-key",
        [(LA, "name: Linear algebra\n", "name: Linear algebra\nnmae: Linear algebra\n")],
        "data/skills/linear-algebra.yaml:4: nmae: unknown key 'nmae'; allowed keys: id, reviewed, name, area, summary, "
        "why, optional, effort_hours, objectives, prerequisites, resources; did you mean 'name'?",
    ),
    case(
        "unknown-nested-key",
        [(PY, '  - title: "The Python tutorial"', '  - titel: "The Python tutorial"')],
        "data/skills/python.yaml:12: resources.0.titel: unknown key 'titel'; allowed keys: title, url, type, free, "
        "level, authors, note, start, classic, languages; did you mean 'title'?",
        "data/skills/python.yaml:12: resources.0.title: required field is missing",
    ),
    case(
        "required-field",
        [(LA, "why: Models are mostly matrix arithmetic.\n", "")],
        "data/skills/linear-algebra.yaml:2: why: required field is missing",
    ),
    case(
        "enum",
        [(PY, "type: docs", "type: doc")],
        "data/skills/python.yaml:14: resources.0.type: must be one of: course, book, article, video, docs, tutorial, "
        "paper, repository, podcast, interactive (found 'doc'); did you mean 'docs'?",
    ),
    case(
        "bool",
        [(PY, "free: true", "free: maybe")],
        "data/skills/python.yaml:15: resources.0.free: must be true or false (found 'maybe')",
    ),
    case(
        "whole-number",
        [(STEP, "order: 1", "order: first")],
        "data/steps/foundations.yaml:3: order: must be a whole number (found 'first')",
    ),
    case(
        "list-expected",
        [(TIER, "responsibilities:\n  - Implement training scripts and tests.", "responsibilities: Implement tests.")],
        "data/tiers/junior-ml-engineer.yaml:8: responsibilities: must be a list (found 'Implement tests.')",
    ),
    case(
        "empty-list",
        [
            (
                LA,
                "objectives:\n  - id: vectors-matrices\n    text: Multiply matrices and predict the shape of the result.",
                "objectives: []",
            )
        ],
        "data/skills/linear-algebra.yaml:7: objectives: must list at least 1 item (found 0)",
    ),
    case(
        "tool-serves-no-skill",
        [(TOOL, "skills:\n  - linear-algebra\n  - python\n", "skills: []\n")],
        "data/tools/numpy.yaml:7: skills: must list at least 1 item (found 0)",
    ),
    case(
        "slug-id",
        [(LA, "  - id: vectors-matrices", "  - id: Vectors Matrices")],
        "data/skills/linear-algebra.yaml:8: objectives.0.id: must be a lowercase id made of a-z, 0-9 and single "
        "hyphens, like 'linear-algebra' (found 'Vectors Matrices')",
    ),
    case(
        "slug-reference",
        [(PROJECT, "tools: [numpy]", "tools: [NumPy]")],
        "data/projects/digit-classifier.yaml:7: tools.0: must be a lowercase id made of a-z, 0-9 and single hyphens, "
        "like 'linear-algebra' (found 'NumPy')",
    ),
    case(
        "empty-title",
        [(PY, '  - title: "The Python tutorial"', '  - title: "   "')],
        "data/skills/python.yaml:12: resources.0.title: must not be empty (found '   ')",
    ),
    case(
        "url-without-scheme",
        [(TOOL, "docs_url: https://example.org/numpy/docs", "docs_url: example.org/numpy/docs")],
        "data/tools/numpy.yaml:6: docs_url: must be an absolute http:// or https:// URL (found 'example.org/numpy/docs')",
    ),
    case(
        "url-relative",
        [(TOOL, "docs_url: https://example.org/numpy/docs", "docs_url: /docs/")],
        "data/tools/numpy.yaml:6: docs_url: must be an absolute http:// or https:// URL (found '/docs/')",
    ),
    case(
        "url-javascript",
        [(PY, "url: https://example.org/python/tutorial", "url: javascript:alert(1)")],
        "data/skills/python.yaml:13: resources.0.url: must be an absolute http:// or https:// URL "
        "(found 'javascript:alert(1)')",
    ),
    case(
        "url-tracking-parameter",
        [(PY, "url: https://example.org/python/tutorial", "url: https://example.org/python/tutorial?utm_source=news")],
        "data/skills/python.yaml:13: resources.0.url: remove the tracking parameter 'utm_source' "
        "(utm_*, ref, aff, fbclid and gclid are not allowed)",
    ),
    case(
        "id-matches-file-name",
        [(PY, "id: python", "id: python-language")],
        # One line: the references to 'python' still find the file (test_a_wrong_id_does_not_cascade).
        "data/skills/python.yaml:2: id: id 'python-language' must match the file name 'python'",
    ),
    case(
        "yaml-syntax",
        [(TOOL, "summary: Fast n-dimensional arrays.", "summary: Fast: [n-dimensional arrays.")],
        "data/tools/numpy.yaml:5: YAML syntax error at column 14: mapping values are not allowed here",
    ),
    case(
        "duplicate-yaml-key",
        [(PY, "effort_hours: {min: 10, max: 20}\n", "effort_hours: {min: 10, max: 20}\nname: Again\n")],
        "data/skills/python.yaml:20: name: duplicate key: this key is already set above",
    ),
    case(
        "missing-header",
        [(TOOL, "# yaml-language-server: $schema=../../schemas/tool.schema.json\n", "")],
        "data/tools/numpy.yaml:1: the first line must be "
        "'# yaml-language-server: $schema=../../schemas/tool.schema.json' (found 'id: numpy')",
    ),
    case(
        "wrong-header",
        [("taxonomy.yaml", "$schema=../schemas/taxonomy.schema.json", "$schema=../../schemas/taxonomy.schema.json")],
        "data/taxonomy.yaml:1: the first line must be '# yaml-language-server: $schema=../schemas/taxonomy.schema.json' "
        "(found '# yaml-language-server: $schema=../../schemas/taxonomy.schema.json')",
    ),
]

# -- the roadmap as a whole: references, cycles, duplicates, order ------------------------------

ROADMAP_CASES = [
    case(
        "unknown-reference",
        [(STEP, "skills: [linear-algebra, python]", "skills: [linear-algebra, pythn]")],
        "data/steps/foundations.yaml:13: skills.1: unknown skill 'pythn'; did you mean 'python'?",
    ),
    case(
        "unknown-role-tier",
        [
            (
                "role.yaml",
                "    text: Ship trained models as services that others can rely on.\n",
                "    text: Ship trained models as services that others can rely on.\ntier: junior-ml-enginer\n",
            )
        ],
        "data/role.yaml:9: tier: unknown tier 'junior-ml-enginer'; did you mean 'junior-ml-engineer'?",
    ),
    case(
        "unknown-area",
        [(LA, "area: mathematics-statistics", "area: mathematics")],
        "data/skills/linear-algebra.yaml:4: area: unknown area 'mathematics'; did you mean 'mathematics-statistics'?",
    ),
    case(
        "self-prerequisite",
        [(LA, "prerequisites: []", "prerequisites: [linear-algebra]")],
        "data/skills/linear-algebra.yaml:10: prerequisites.0: a skill cannot be its own prerequisite",
    ),
    case(
        "prerequisite-cycle",
        [(LA, "prerequisites: []", "prerequisites: [python]")],
        # Reported once, on the edge that closes the cycle (python's prerequisites sit on line 10 too).
        "data/skills/python.yaml:10: prerequisites.0: prerequisite cycle: linear-algebra -> python -> linear-algebra",
    ),
    case(
        "tier-is-its-own-next",
        [(TIER, "next: []", "next: [junior-ml-engineer]")],
        "data/tiers/junior-ml-engineer.yaml:10: next.0: a tier cannot be its own next tier",
    ),
    case(
        "duplicate-checklist-id",
        [
            (
                LA,
                "    text: Multiply matrices and predict the shape of the result.\n",
                "    text: Multiply matrices and predict the shape of the result.\n  - id: vectors-matrices\n"
                "    text: Again.\n",
            )
        ],
        "data/skills/linear-algebra.yaml:10: objectives.1: checklist id 'vectors-matrices' is used twice",
    ),
    case(
        "same-url-twice-on-an-item",
        [(LA, "url: https://example.org/linear-algebra/book", "url: https://example.org/linear-algebra/videos")],
        "data/skills/linear-algebra.yaml:20: resources.1.url: URL is already used by resources.0 of this item",
    ),
    case(
        "duplicate-url",
        [(PY, "https://example.org/python/tutorial", "https://example.org/linear-algebra/videos/")],
        "data/skills/python.yaml:13: resources.0.url: URL https://example.org/linear-algebra/videos/ is already listed "
        "at data/skills/linear-algebra.yaml:14 (resources.0.url); each URL has one home in the data",
    ),
    case(
        "duplicate-docs-url",
        [(PY, "https://example.org/python/tutorial", "https://example.org/numpy/docs")],
        "data/tools/numpy.yaml:6: docs_url: URL https://example.org/numpy/docs is already listed "
        "at data/skills/python.yaml:13 (resources.0.url); each URL has one home in the data",
    ),
    case(
        "unsorted-ids",
        [(TOOL, "  - linear-algebra\n  - python", "  - python\n  - linear-algebra")],
        "data/tools/numpy.yaml:9: skills.1: 'linear-algebra' must come before 'python': "
        "keep skills in alphabetical order (linear-algebra, python)",
    ),
    case(
        "unsorted-tier-skills",
        [
            (
                TIER,
                "  - skill: linear-algebra\n    level: working\n  - skill: python\n    level: proficient",
                "  - skill: python\n    level: proficient\n  - skill: linear-algebra\n    level: working",
            )
        ],
        "data/tiers/junior-ml-engineer.yaml:14: skills.1.skill: 'linear-algebra' must come before 'python': "
        "keep skills in alphabetical order (linear-algebra, python)",
    ),
    case(
        "duration-order",
        [(STEP, "  min_weeks: 4", "  min_weeks: 20")],
        "data/steps/foundations.yaml:8: duration.min_weeks: min_weeks (20) is more than max_weeks (12)",
    ),
    case(
        "order-used-twice",
        ml_engineer_tier(BOTH_AT_JUNIOR_LEVELS) + [("tiers/ml-engineer.yaml", "order: 2", "order: 1")],
        "data/tiers/ml-engineer.yaml:5: order: order 1 is already used by tier 'junior-ml-engineer'",
    ),
    case(
        "rename-to-nothing",
        [("renames.yaml", "checklist: {}", "checklist:\n  skills/python/old-syntax: skills/python/syntax")],
        "data/renames.yaml:3: checklist.skills/python/old-syntax: renamed to 'skills/python/syntax', which is no "
        "checklist item; did you mean 'skills/python/core-syntax'?",
    ),
]

# -- the content floor (data/floor.yaml) and the other content rules -----------------------------

CONTENT_CASES = [
    case(
        "skill_objectives",
        [floor(skill_objectives=[5, 8])],
        "data/skills/linear-algebra.yaml:7: objectives: has 1 objectives; a skill (skill_objectives) needs 5-8",
        "data/skills/python.yaml:7: objectives: has 1 objectives; a skill (skill_objectives) needs 5-8",
    ),
    case(
        "step_outcomes",
        [floor(step_outcomes=[4, 8])],
        "data/steps/foundations.yaml:10: outcomes: has 1 outcomes; a step (step_outcomes) needs 4-8",
    ),
    case(
        "project_milestones",
        [floor(project_milestones=[4, 8])],
        "data/projects/digit-classifier.yaml:11: milestones: has 1 milestones; a project (project_milestones) needs 4-8",
    ),
    case(
        "min_skill_resources",
        [floor(min_skill_resources=2)],
        "data/skills/python.yaml:11: resources: has 1 resources; a skill (min_skill_resources) needs at least 2",
    ),
    case(
        "min_core_skill_resources-by-area",
        [floor(min_core_skill_resources=2, core_areas=["programming"])],
        "data/skills/python.yaml:11: resources: has 1 resources; a core skill (min_core_skill_resources) needs at least 2",
    ),
    case(
        "min_core_skill_resources-by-skill",
        [floor(min_core_skill_resources=3, core_skills=["linear-algebra"])],
        "data/skills/linear-algebra.yaml:11: resources: has 2 resources; a core skill (min_core_skill_resources) "
        "needs at least 3",
    ),
    case(
        "free_resource-skill",
        [
            floor(free_resource=True),
            (PY, "    free: true\n    level: beginner\n    start: true\n", "    free: false\n    level: beginner\n"),
        ],
        "data/skills/python.yaml:11: resources: has no free resource; every skill needs at least one",
    ),
    case(
        "free_resource-specialisation",
        [
            floor(free_resource=True),
            (
                SPEC,
                "reviewed: 2026-12\n",
                "resources:\n  - title: A paid course\n    url: https://example.org/vision/course\n    type: course\n"
                "    free: false\n    level: beginner\nreviewed: 2026-12\n",
            ),
        ],
        "data/specialisations/computer-vision.yaml:8: resources: has no free resource; every specialisation needs at "
        "least one",
    ),
    case(
        "beginner_and_advanced",
        [floor(beginner_and_advanced=True), (PY, "    level: beginner\n", "    level: advanced\n")],
        "data/skills/linear-algebra.yaml:11: resources: has no advanced resource; every skill needs a beginner and an "
        "advanced one",
        "data/skills/python.yaml:11: resources: has no beginner resource; every skill needs a beginner and an "
        "advanced one",
    ),
    case(
        "start_resource-none",
        [floor(start_resource=True), (PY, "    start: true\n", "")],
        "data/skills/python.yaml:11: resources: marks 0 resources `start: true`; exactly one (the best free first "
        "resource) is needed",
    ),
    case(
        "start_resource-two",
        [floor(start_resource=True), (LA, "    free: false\n", "    free: true\n    start: true\n")],
        "data/skills/linear-algebra.yaml:11: resources: marks 2 resources `start: true`; exactly one (the best free "
        "first resource) is needed",
    ),
    case(
        "start-resource-is-free",
        [(LA, "    free: false\n", "    free: false\n    start: true\n")],
        "data/skills/linear-algebra.yaml:23: resources.1.start: the start-here resource must be free",
    ),
    case(
        "effort",
        [floor(effort=True), (PY, "effort_hours: {min: 10, max: 20}\n", "")],
        "data/skills/python.yaml:2: effort_hours: required: estimated study hours for someone who has the "
        "prerequisites, like {min: 20, max: 40}",
    ),
    case(
        "effort-min-above-max",
        [(PY, "effort_hours: {min: 10, max: 20}", "effort_hours: {min: 30, max: 20}")],
        "data/skills/python.yaml:19: effort_hours.min: min (30) is more than max (20)",
    ),
    case(
        "step-shorter-than-its-skills",
        [(PY, "effort_hours: {min: 10, max: 20}", "effort_hours: {min: 400, max: 600}")],
        "data/steps/foundations.yaml:7: duration: 4-12 weeks does not fit the 410-620 hours of the 2 skills this step "
        "introduces (41-62 weeks at 10 hours a week); change the duration or the skills' effort_hours",
    ),
    case(
        "reviewed",
        [floor(reviewed=True), (PY, "reviewed: 2026-12\n", "")],
        "data/skills/python.yaml:2: reviewed: required: the month a person last checked this item, like 2026-12",
    ),
    case(
        "reviewed-in-the-future",
        [(PY, "reviewed: 2026-12", "reviewed: 2099-01")],
        "data/skills/python.yaml:18: reviewed: 2099-01 is in the future",
    ),
    case(
        "min_totals",
        [("floor.yaml", None, FLOOR_HEADER + "min_totals:\n  skills: 3\n  tools: 1\n  resources: 4\n")],
        "data/floor.yaml:3: min_totals.skills: the roadmap has 2 skills; the floor (min_totals.skills) keeps at least 3",
        "data/floor.yaml:5: min_totals.resources: the roadmap has 3 resources; the floor (min_totals.resources) keeps "
        "at least 4",
    ),
    case(
        "min_totals-unknown-kind",
        [("floor.yaml", None, FLOOR_HEADER + "min_totals: {skils: 3}\n")],
        "data/floor.yaml:2: min_totals.skils: unknown key 'skils'; allowed keys: skills, steps, tools, tiers, "
        "projects, specialisations, resources; did you mean 'skills'?",
    ),
    case(
        "min_free_percent",
        [floor(min_free_percent=67)],
        "data/floor.yaml:2: min_free_percent: 2 of 3 resources (66%) are free; the floor (min_free_percent) keeps at "
        "least 67%",
    ),
    case(
        "taught_and_expected",
        [
            floor(taught_and_expected=True),
            (STEP, "skills: [linear-algebra, python]", "skills: [linear-algebra]"),
            (TIER, "  - skill: python\n    level: proficient\n", ""),
        ],
        "data/skills/python.yaml:2: id: no career tier expects this skill; add it to a tier's skills",
        "data/skills/python.yaml:2: id: no step builds this skill, so the path never teaches it; add it to a step's "
        "skills",
    ),
    case(
        "step-builds-a-skill",
        [(STEP, "skills: [linear-algebra, python]", "skills: []")],
        "data/steps/foundations.yaml:13: skills: a step must build at least one skill",
    ),
    case(
        "first_step_needing_projects",
        [floor(first_step_needing_projects=1), (STEP, "projects: [digit-classifier]", "projects: []")],
        "data/steps/foundations.yaml:14: projects: from step 1 on (first_step_needing_projects) every step suggests a "
        "project",
    ),
    case(
        "min_tier_skills",
        [floor(min_tier_skills=3)],
        "data/tiers/junior-ml-engineer.yaml:11: skills: expects 2 skills; a tier needs at least 3 (min_tier_skills)",
    ),
    case(
        "min_tier_responsibilities",
        [floor(min_tier_responsibilities=2)],
        "data/tiers/junior-ml-engineer.yaml:8: responsibilities: has 1; a tier needs at least 2 "
        "(min_tier_responsibilities)",
    ),
    case(
        "min_specialisation_resources",
        [floor(min_specialisation_resources=1)],
        "data/specialisations/computer-vision.yaml:2: resources: has 0 resources; a specialisation needs at least 1 "
        "(min_specialisation_resources)",
    ),
    case(
        "ladder-lowers-and-drops",
        ml_engineer_tier("  - skill: python\n    level: working\n"),
        "data/tiers/ml-engineer.yaml:11: skills: expects 'linear-algebra' not at all, below 'junior-ml-engineer' "
        "(working), which leads here through `next`; keep it at least as high or explain the exception in `drops`",
        "data/tiers/ml-engineer.yaml:11: skills: expects 'python' at working, below 'junior-ml-engineer' "
        "(proficient), which leads here through `next`; keep it at least as high or explain the exception in `drops`",
    ),
    case(
        "ladder-drops-must-match",
        ml_engineer_tier(
            "  - skill: python\n    level: working\n",
            "drops:\n  - skill: linear-algebra\n    reason: The maths is done by then.\n"
            "  - skill: python\n    level: awareness\n    reason: Wrong on purpose.\n",
        ),
        "data/tiers/ml-engineer.yaml:17: drops.1: says it keeps it at awareness, but the tier expects it at working",
    ),
    case(
        "ladder-drop-not-needed",
        ml_engineer_tier(BOTH_AT_JUNIOR_LEVELS, "drops:\n  - skill: python\n    reason: Nothing is lowered.\n"),
        "data/tiers/ml-engineer.yaml:17: drops.0.skill: 'python' is not lowered from any tier that leads here; "
        "remove this entry",
    ),
    case(
        "ladder-with-matching-drops-is-valid",
        ml_engineer_tier(
            "  - skill: python\n    level: working\n",
            "drops:\n  - skill: linear-algebra\n    reason: The maths is done by then.\n"
            "  - skill: python\n    level: working\n    reason: Others write the code.\n",
        ),
    ),
]


@pytest.mark.parametrize(("edits", "expected"), SCHEMA_CASES + ROADMAP_CASES + CONTENT_CASES)
def test_validate_names_file_line_field(tmp_path, edits, expected):
    assert reported(broken_copy(tmp_path, edits)) == expected


def test_fixture_is_valid(tmp_path):
    assert reported(broken_copy(tmp_path, [])) == []


def test_real_data_is_valid():
    assert reported(DATA) == []


def test_the_real_floor_names_every_thin_fixture_item(tmp_path):
    """The committed floor on the tiny fixture: every threshold with its real value, every line."""
    data = broken_copy(tmp_path, [])
    shutil.copy(DATA / "floor.yaml", data / "floor.yaml")
    assert reported(data) == [
        "data/floor.yaml:23: min_totals.projects: the roadmap has 1 projects; the floor (min_totals.projects) keeps at "
        "least 12",
        "data/floor.yaml:23: min_totals.resources: the roadmap has 3 resources; the floor (min_totals.resources) keeps "
        "at least 330",
        "data/floor.yaml:23: min_totals.skills: the roadmap has 2 skills; the floor (min_totals.skills) keeps at least 56",
        "data/floor.yaml:23: min_totals.tiers: the roadmap has 1 tiers; the floor (min_totals.tiers) keeps at least 11",
        "data/floor.yaml:23: min_totals.tools: the roadmap has 1 tools; the floor (min_totals.tools) keeps at least 60",
        "data/floor.yaml:24: min_free_percent: 2 of 3 resources (66%) are free; the floor (min_free_percent) keeps at "
        "least 85%",
        "data/projects/digit-classifier.yaml:11: milestones: has 1 milestones; a project (project_milestones) needs 4-8",
        "data/skills/linear-algebra.yaml:7: objectives: has 1 objectives; a skill (skill_objectives) needs 5-8",
        "data/skills/linear-algebra.yaml:11: resources: has 2 resources; a skill (min_skill_resources) needs at least 4",
        "data/skills/linear-algebra.yaml:11: resources: has no advanced resource; every skill needs a beginner and an "
        "advanced one",
        "data/skills/python.yaml:7: objectives: has 1 objectives; a skill (skill_objectives) needs 5-8",
        "data/skills/python.yaml:11: resources: has 1 resources; a skill (min_skill_resources) needs at least 4",
        "data/skills/python.yaml:11: resources: has no advanced resource; every skill needs a beginner and an "
        "advanced one",
        "data/specialisations/computer-vision.yaml:2: resources: has 0 resources; a specialisation needs at least 3 "
        "(min_specialisation_resources)",
        "data/steps/foundations.yaml:10: outcomes: has 1 outcomes; a step (step_outcomes) needs 4-8",
        "data/tiers/junior-ml-engineer.yaml:8: responsibilities: has 1; a tier needs at least 3 "
        "(min_tier_responsibilities)",
        "data/tiers/junior-ml-engineer.yaml:11: skills: expects 2 skills; a tier needs at least 8 (min_tier_skills)",
    ]


def test_every_error_is_reported_at_once_sorted_by_file_and_line(tmp_path):
    data = broken_copy(
        tmp_path,
        [
            (TOOL, "  - linear-algebra\n  - python", "  - python\n  - linear-algebra"),
            (STEP, "order: 1", "order: first"),
            (LA, "area: mathematics-statistics", "area: mathematics"),
        ],
    )
    assert reported(data) == [
        "data/skills/linear-algebra.yaml:4: area: unknown area 'mathematics'; did you mean 'mathematics-statistics'?",
        "data/steps/foundations.yaml:3: order: must be a whole number (found 'first')",
        "data/tools/numpy.yaml:9: skills.1: 'linear-algebra' must come before 'python': "
        "keep skills in alphabetical order (linear-algebra, python)",
    ]


def test_broken_file_does_not_cascade(tmp_path):
    """A skill whose file is broken is not also reported as 'unknown skill' everywhere it is used."""
    data = broken_copy(tmp_path, [(PY, "type: docs", "type: doc")])
    assert [line.split(":")[0] for line in reported(data)] == ["data/skills/python.yaml"]


def test_a_wrong_id_does_not_cascade(tmp_path):
    data = broken_copy(tmp_path, [(PY, "id: python", "id: python-language")])
    assert reported(data) == ["data/skills/python.yaml:2: id: id 'python-language' must match the file name 'python'"]


def test_step_orders_have_no_gap(tmp_path):
    step = (FIXTURE_DATA / STEP).read_text(encoding="utf-8")
    second = step.replace("id: foundations", "id: second-step").replace("order: 1", "order: 3")
    data = broken_copy(tmp_path, [("steps/second-step.yaml", None, second)])
    assert reported(data) == [
        "data/steps/second-step.yaml:3: order: steps are numbered 1, 2, 3, … without a gap; expected 2 (found 3)"
    ]


# -- reviews: stale ones warn, `roadmap stale` lists them -------------------------------------


def test_stale_reviews_warn_oldest_first_but_do_not_fail(tmp_path):
    data = broken_copy(
        tmp_path, [(PY, "reviewed: 2026-12", "reviewed: 2024-03"), (TOOL, "reviewed: 2026-12", "reviewed: 2025-01")]
    )
    roadmap = load_roadmap(data)
    december = datetime.date(2026, 12, 1)
    assert [(month, item.id) for month, item in stale_items(roadmap, december)] == [
        ("2024-03", "python"),
        ("2025-01", "numpy"),
    ]
    assert [str(warning) for warning in review_warnings(roadmap, december)] == [
        "data/skills/python.yaml:18: reviewed: last reviewed 2024-03, more than 12 months ago: check it and set this month",
        "data/tools/numpy.yaml:11: reviewed: last reviewed 2025-01, more than 12 months ago: check it and set this month",
    ]
    assert [item.id for _month, item in stale_items(roadmap, datetime.date(2025, 12, 1))] == ["python"]


def run_in_process(argv: list[str]) -> int:
    """The `roadmap` command in this process; its exit code whether it returns or exits."""
    try:
        return cli.main(argv)
    except SystemExit as exit_:
        return exit_.code


def test_roadmap_stale_lists_items_oldest_first(tmp_path, capsys):
    data = broken_copy(
        tmp_path, [(PY, "reviewed: 2026-12", "reviewed: 2019-03"), (TOOL, "reviewed: 2026-12", "reviewed: 2018-05")]
    )
    assert run_in_process(["--data", str(data), "stale"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2018-05  data/tools/numpy.yaml  NumPy",
        "2019-03  data/skills/python.yaml  Python",
        "2 item(s) last reviewed more than 12 months ago",
    ]


# -- the command as a contributor runs it, and the build --------------------------------------


def validate_command(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", "validate"], cwd=cwd, capture_output=True, text=True)


def test_validate_command_prints_errors_and_exits_1(tmp_path):
    broken_copy(tmp_path, [(STEP, "order: 1", "order: first"), (PY, "type: docs", "type: doc")])
    result = validate_command(tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "data/skills/python.yaml:14: resources.0.type: must be one of: course, book, article, video, docs, tutorial, "
        "paper, repository, podcast, interactive (found 'doc'); did you mean 'docs'?",
        "data/steps/foundations.yaml:3: order: must be a whole number (found 'first')",
        "2 error(s) in data/",
    ]


def test_validate_command_warns_on_stale_reviews_and_exits_0(tmp_path):
    broken_copy(tmp_path, [(PY, "reviewed: 2026-12", "reviewed: 2024-03")])
    result = validate_command(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "warning: data/skills/python.yaml:18: reviewed: last reviewed 2024-03, more than 12 months ago: "
        "check it and set this month\n"
    )
    assert result.stdout.startswith(
        "data/ is valid: 2 skills, 1 steps, 1 tools, 1 tiers, 1 projects, 1 specialisations, 3 resources"
    )


def test_strict_build_fails_with_the_same_located_messages(project_copy):
    shutil.rmtree(project_copy / "data")
    broken_copy(
        project_copy,
        [
            (PY, "type: docs", "type: doc"),
            (TOOL, "summary: Fast n-dimensional arrays.", "summary: Fast: [n-dimensional arrays."),
            (STEP, "skills: [linear-algebra, python]", "skills: [python, linear-algebra]"),
            (TIER, "# yaml-language-server: $schema=../../schemas/tier.schema.json\n", ""),
        ],
    )
    site = project_copy / "site"
    result = run_mkdocs_build(project_copy / "mkdocs.yml", site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for line in (
        "data/skills/python.yaml:14: resources.0.type: must be one of: course, book, article, video, docs, tutorial, "
        "paper, repository, podcast, interactive (found 'doc'); did you mean 'docs'?",
        "data/tools/numpy.yaml:5: YAML syntax error at column 14: mapping values are not allowed here",
        "data/steps/foundations.yaml:13: skills.1: 'linear-algebra' must come before 'python': "
        "keep skills in alphabetical order (linear-algebra, python)",
        "data/tiers/junior-ml-engineer.yaml:1: the first line must be "
        "'# yaml-language-server: $schema=../../schemas/tier.schema.json' (found 'id: junior-ml-engineer')",
    ):
        assert line in output
    assert "The roadmap data has 4 error(s); nothing was built." in output
    assert not site.exists() or not any(site.iterdir())
