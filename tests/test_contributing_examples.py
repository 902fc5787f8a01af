"""CONTRIBUTING.md's examples are real contributions: added to a copy of data/, they pass `roadmap validate`
with the committed content floor, and its "Quality rules" list every floor threshold at its value.

The YAML blocks of the "Add ..." sections are applied as a contributor would:
- a block that starts with a schema line (`# yaml-language-server: $schema=../../schemas/skill.schema.json`)
  is a new file, data/<kind>s/<id>.yaml, that must not exist yet;
- a block that starts with `# in data/<file>` adds its list entries to the same lists in that file
  (id lists stay alphabetical, as the ordering rules ask).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from ruamel.yaml import YAML
from yamllint import linter
from yamllint.config import YamlLintConfig

from macros import cli
from macros.model.load import RoadmapInvalid, load_roadmap

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
NEW_FILE = re.compile(r"^# yaml-language-server: \$schema=\.\./\.\./schemas/(\w+)\.schema\.json$")
EDIT = re.compile(r"^# in (data/\S+\.yaml)")


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", CONTRIBUTING, re.MULTILINE | re.DOTALL)
    assert match, f"CONTRIBUTING.md has no section {title!r}"
    return match.group(1)


def fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


ADD_SECTIONS = re.findall(r"^## (Add .+)$", CONTRIBUTING, re.MULTILINE)
EXAMPLES = [block for title in ADD_SECTIONS for block in fenced(section(title), "yaml")]


def round_trip() -> YAML:
    """ruamel keeps the file's comments (the schema line) and layout, as an editor would."""
    editor = YAML()
    editor.preserve_quotes = True
    editor.width = 4096
    return editor


def sort_key(entry: object) -> str:
    return entry["skill"] if isinstance(entry, dict) and "skill" in entry else str(entry)


def add_entries(path: Path, additions: dict) -> None:
    editor = round_trip()
    content = editor.load(path.read_text(encoding="utf-8"))
    for key, entries in additions.items():
        assert isinstance(entries, list), f"{path.name}: the example adds to lists only ({key})"
        target = content.setdefault(key, [])
        target.extend(entries)
        if key != "resources":  # id lists are alphabetical; resources keep their order (best first)
            target.sort(key=sort_key)
    with path.open("w", encoding="utf-8") as out:
        editor.dump(content, out)


def apply_example(data: Path, block: str) -> str:
    """Apply one YAML example to data/; returns the file it wrote or edited, as 'data/...'."""
    first = block.split("\n", 1)[0]
    if new := NEW_FILE.match(first):
        item = yaml.safe_load(block)
        target = f"data/{new.group(1)}s/{item['id']}.yaml"
        assert not (data.parent / target).exists(), f"{target} already exists: the example must add a new item"
        (data.parent / target).write_text(block, encoding="utf-8")
        return target
    edit = EDIT.match(first)
    assert edit, f"a YAML example must start with a schema line or '# in data/<file>':\n{block}"
    target = edit.group(1)
    assert (data.parent / target).is_file(), f"the example edits {target}, which does not exist"
    add_entries(data.parent / target, yaml.safe_load(block))
    return target


def test_the_add_sections_have_examples():
    assert ADD_SECTIONS == ["Add a resource", "Add a tool", "Add a skill"]
    assert len(EXAMPLES) == 5, EXAMPLES


def test_the_examples_pass_validate_with_the_real_floor(project_copy):
    data = project_copy / "data"
    touched = [apply_example(data, block) for block in EXAMPLES]
    assert touched == [
        "data/skills/linear-algebra.yaml",
        "data/tools/pytorch-geometric.yaml",
        "data/skills/graph-machine-learning.yaml",
        "data/steps/continuous-learning.yaml",
        "data/tiers/research-scientist.yaml",
    ]
    try:
        roadmap = load_roadmap(data)
    except RoadmapInvalid as exc:
        pytest.fail("the CONTRIBUTING examples break validation:\n" + "\n".join(map(str, exc.errors)), pytrace=False)
    # The floor's taught_and_expected rule passed because the placement blocks were applied:
    assert "graph-machine-learning" in roadmap.step["continuous-learning"].skills
    assert "graph-machine-learning" in [entry.skill for entry in roadmap.tier["research-scientist"].skills]
    assert "Linear Algebra for Engineers" in [r.title for r in roadmap.skill["linear-algebra"].resources]


def test_the_new_files_follow_the_yaml_style():
    """What CONTRIBUTING shows is what yamllint (.yamllint.yaml, run on data/ in CI) accepts."""
    config = YamlLintConfig(file=str(ROOT / ".yamllint.yaml"))
    new_files = [block for block in EXAMPLES if NEW_FILE.match(block.split("\n", 1)[0])]
    assert len(new_files) == 2
    for block in new_files:
        assert [f"{p.line}: {p.message}" for p in linter.run(block, config)] == [], block.split("\n", 2)[1]


def test_the_add_resource_command_example_works(project_copy, capsys):
    block = fenced(section("Add a resource"), "sh")[0]
    words = shlex.split(block.replace("\\\n", " "))
    assert words[:3] == [".venv/bin/roadmap", "add", "resource"], words
    try:
        code = cli.main(["--data", str(project_copy / "data"), *words[1:]])
    except SystemExit as exit_:
        code = exit_.code
    out = capsys.readouterr().out.strip()
    assert code == 0, out
    assert re.fullmatch(r"data/skills/linear-algebra\.yaml:\d+: added free course 'Linear Algebra for Engineers'", out)


def test_quality_rules_list_every_floor_threshold_at_its_value():
    """The table in "Quality rules" holds each data/floor.yaml setting with the value the file sets."""
    rows = re.findall(r"^\| `(\w+)` \| `([^`]+)` \|", section("Quality rules"), re.MULTILINE)
    listed = {name: yaml.safe_load(value) for name, value in rows}
    assert len(listed) == len(rows), "a setting is listed twice"
    assert listed == yaml.safe_load((ROOT / "data" / "floor.yaml").read_text(encoding="utf-8"))
