"""`roadmap validate` on the real data and on small broken data sets: every error located."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import DATA

ROADMAP_CLI = [sys.executable, "-m", "macros"]

RESOURCE = {"title": "A book", "url": "https://example.org/book", "type": "book", "free": True, "level": "beginner"}

MINIMAL = {
    "role.yaml": {
        "title": "ML engineer",
        "summary": "Builds learning systems.",
        "bridge": "Between data science and software engineering.",
        "responsibilities": [{"id": "deploy", "title": "Deploy", "text": "Ship models."}],
    },
    "taxonomy.yaml": {
        "areas": [{"id": "maths", "name": "Maths", "summary": "Numbers."}],
        "tool_categories": [{"id": "libs", "name": "Libraries", "summary": "Code."}],
    },
    "skills/algebra.yaml": {
        "id": "algebra",
        "name": "Algebra",
        "area": "maths",
        "summary": "Vectors.",
        "why": "Models are matrices.",
        "objectives": [{"id": "dot", "text": "Compute a dot product."}],
        "resources": [RESOURCE],
    },
    "skills/calculus.yaml": {
        "id": "calculus",
        "name": "Calculus",
        "area": "maths",
        "summary": "Change.",
        "why": "Gradients.",
        "objectives": [{"id": "derive", "text": "Take a derivative."}],
        "prerequisites": ["algebra"],
    },
    "tools/numpy.yaml": {
        "id": "numpy",
        "name": "NumPy",
        "category": "libs",
        "summary": "Arrays.",
        "docs_url": "https://numpy.org/doc/stable/",
        "skills": ["algebra"],
    },
    "steps/start.yaml": {
        "id": "start",
        "order": 1,
        "title": "Start",
        "goal": "Begin.",
        "summary": "The first step.",
        "duration": {"min_weeks": 1, "max_weeks": 2},
        "outcomes": [{"id": "begun", "text": "Begin."}],
        "skills": ["algebra", "calculus"],
    },
}


def schema_header(name: str) -> str:
    """The editor-schema first line every data file must have, e.g. for skills/x.yaml."""
    folder, _, _file = name.rpartition("/")
    kind = folder.removesuffix("s") if folder else name.removesuffix(".yaml")
    return f"# yaml-language-server: $schema={'../../' if folder else '../'}schemas/{kind}.schema.json\n"


def write(root: Path, files: dict) -> Path:
    data = root / "data"
    for name, content in files.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(schema_header(name) + text, encoding="utf-8")
    return data


def validate(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*ROADMAP_CLI, "--data", str(data), "validate"], capture_output=True, text=True, cwd=data.parent
    )


def test_real_data_is_valid():
    result = validate(DATA)
    assert result.returncode == 0, result.stderr
    assert "is valid" in result.stdout


def test_minimal_data_is_valid(tmp_path):
    result = validate(write(tmp_path, MINIMAL))
    assert result.returncode == 0, result.stderr


def mutate(path: str, change) -> dict:
    files = yaml.safe_load(yaml.safe_dump(MINIMAL))
    change(files[path])
    return files


# (description, file to break, how, expected error line)
CASES = [
    (
        "unknown key",
        "skills/algebra.yaml",
        lambda d: d.update(nmae="x"),
        "data/skills/algebra.yaml:{line}: nmae: unknown key",
    ),
    (
        "required field",
        "skills/algebra.yaml",
        lambda d: d.pop("why"),
        "data/skills/algebra.yaml:{line}: why: required field is missing",
    ),
    (
        "enum",
        "skills/algebra.yaml",
        lambda d: d["resources"][0].update(type="blog"),
        "data/skills/algebra.yaml:{line}: resources.0.type: must be one of: course, book, article",
    ),
    (
        "id matches file",
        "skills/algebra.yaml",
        lambda d: d.update(id="algebra-two"),
        "data/skills/algebra.yaml:{line}: id: id 'algebra-two' must match the file name 'algebra'",
    ),
    (
        "unknown reference",
        "skills/calculus.yaml",
        lambda d: d.update(prerequisites=["algebr"]),
        "data/skills/calculus.yaml:{line}: prerequisites.0: unknown skill 'algebr'; did you mean 'algebra'?",
    ),
    ("cycle", "skills/algebra.yaml", lambda d: d.update(prerequisites=["calculus"]), "prerequisite cycle: "),
    (
        "self prerequisite",
        "skills/algebra.yaml",
        lambda d: d.update(prerequisites=["algebra"]),
        "prerequisites.0: a skill cannot be its own prerequisite",
    ),
    (
        "duplicate checklist id",
        "skills/algebra.yaml",
        lambda d: d["objectives"].append({"id": "dot", "text": "Again."}),
        "objectives.1: checklist id 'dot' is used twice",
    ),
    (
        "same URL twice on an item",
        "skills/algebra.yaml",
        lambda d: d["resources"].append({**RESOURCE, "title": "Other"}),
        "resources.1.url: URL is already used by resources.0 of this item",
    ),
    (
        "javascript URL",
        "skills/algebra.yaml",
        lambda d: d["resources"][0].update(url="javascript:alert(1)"),
        "resources.0.url: must be an absolute http:// or https:// URL (found 'javascript:alert(1)')",
    ),
    (
        "relative URL",
        "tools/numpy.yaml",
        lambda d: d.update(docs_url="/docs/"),
        "docs_url: must be an absolute http:// or https:// URL (found '/docs/')",
    ),
    (
        "empty title",
        "skills/algebra.yaml",
        lambda d: d["resources"][0].update(title="   "),
        "resources.0.title: must not be empty",
    ),
    (
        "bad slug",
        "skills/algebra.yaml",
        lambda d: d["objectives"][0].update(id="Dot Product"),
        "objectives.0.id: must be a lowercase id made of a-z, 0-9 and single hyphens, like 'linear-algebra' (found 'Dot Product')",
    ),
    (
        "duration order",
        "steps/start.yaml",
        lambda d: d.update(duration={"min_weeks": 5, "max_weeks": 2}),
        "duration.min_weeks: min_weeks (5) is more than max_weeks (2)",
    ),
]


@pytest.mark.parametrize("what,path,change,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_a_located_error(tmp_path, what, path, change, expected):
    data = write(tmp_path, mutate(path, change))
    result = validate(data)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    if "{line}" in expected:
        prefix, rest = expected.split("{line}")
        matches = [
            line
            for line in lines
            if line.startswith(prefix) and rest in line and line[len(prefix) :].split(":")[0].isdigit()
        ]
    else:
        matches = [line for line in lines if expected in line]
    assert matches, f"{what}: expected {expected!r} in:\n{result.stderr}"
    assert all(":" in line for line in lines[:-1]), "every error line is file:line: ..."


def test_every_error_is_reported_at_once(tmp_path):
    files = mutate("skills/algebra.yaml", lambda d: d.update(nmae="x"))
    files["skills/calculus.yaml"]["area"] = "math"
    files["tools/numpy.yaml"]["skills"] = ["algebr"]
    result = validate(write(tmp_path, files))
    assert result.returncode == 1
    assert "3 error(s)" in result.stderr, result.stderr


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    files = dict(MINIMAL)
    files["skills/algebra.yaml"] = "id: algebra\nname: [unclosed\narea: maths\n"
    result = validate(write(tmp_path, files))
    assert result.returncode == 1
    assert "data/skills/algebra.yaml:" in result.stderr and "YAML syntax error at column" in result.stderr


def test_duplicate_yaml_key_is_an_error(tmp_path):
    files = dict(MINIMAL)
    files["skills/algebra.yaml"] = yaml.safe_dump(MINIMAL["skills/algebra.yaml"], sort_keys=False) + "name: Again\n"
    result = validate(write(tmp_path, files))
    assert "name: duplicate key" in result.stderr, result.stderr
