"""Bad input gives located, actionable errors: `file:line: field: message`, a non-zero exit, no traceback.

Each case copies the tiny valid data set in tests/fixtures/valid/data, breaks one
thing, and asserts the exact output of `roadmap validate`. The same broken data
must stop `mkdocs build --strict` with the same messages and write no site.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ROOT, run_mkdocs_build

FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "data"

# (case, file under data/, text to replace, replacement, exact error lines)
CASES = [
    (
        "enum",
        "skills/python.yaml",
        "type: docs",
        "type: doc",
        [
            "data/skills/python.yaml:14: resources.0.type: must be one of: course, book, article, video, docs, tutorial, "
            "paper, repository, podcast, interactive (found 'doc'); did you mean 'docs'?"
        ],
    ),
    (
        "bool",
        "skills/python.yaml",
        "free: true",
        "free: maybe",
        ["data/skills/python.yaml:15: resources.0.free: must be true or false (found 'maybe')"],
    ),
    (
        "unknown-key",
        "skills/python.yaml",
        '  - title: "The Python tutorial"',
        '  - titel: "The Python tutorial"',
        [
            "data/skills/python.yaml:12: resources.0.titel: unknown key 'titel'; allowed keys: title, url, type, free, "
            "level, authors, note, start, classic, languages; did you mean 'title'?",
            "data/skills/python.yaml:12: resources.0.title: required field is missing",
        ],
    ),
    (
        "whole-number",
        "steps/foundations.yaml",
        "order: 1",
        "order: first",
        ["data/steps/foundations.yaml:3: order: must be a whole number (found 'first')"],
    ),
    (
        "list-expected",
        "tiers/junior-ml-engineer.yaml",
        "responsibilities:\n  - Implement training scripts and tests.",
        "responsibilities: Implement training scripts and tests.",
        [
            "data/tiers/junior-ml-engineer.yaml:8: responsibilities: must be a list (found 'Implement training scripts and tests.')"
        ],
    ),
    (
        "unknown-reference",
        "steps/foundations.yaml",
        "skills: [linear-algebra, python]",
        "skills: [linear-algebra, pythn]",
        ["data/steps/foundations.yaml:13: skills.1: unknown skill 'pythn'; did you mean 'python'?"],
    ),
    (
        "yaml-syntax",
        "tools/numpy.yaml",
        "summary: Fast n-dimensional arrays.",
        "summary: Fast: [n-dimensional arrays.",
        ["data/tools/numpy.yaml:5: YAML syntax error at column 14: mapping values are not allowed here"],
    ),
    (
        "unsorted-ids",
        "tools/numpy.yaml",
        "  - linear-algebra\n  - python",
        "  - python\n  - linear-algebra",
        [
            "data/tools/numpy.yaml:9: skills.1: 'linear-algebra' must come before 'python': "
            "keep skills in alphabetical order (linear-algebra, python)"
        ],
    ),
    (
        "unsorted-tier-skills",
        "tiers/junior-ml-engineer.yaml",
        "  - skill: linear-algebra\n    level: working\n  - skill: python\n    level: proficient",
        "  - skill: python\n    level: proficient\n  - skill: linear-algebra\n    level: working",
        [
            "data/tiers/junior-ml-engineer.yaml:14: skills.1.skill: 'linear-algebra' must come before 'python': "
            "keep skills in alphabetical order (linear-algebra, python)"
        ],
    ),
    (
        "duplicate-url",
        "skills/python.yaml",
        "https://example.org/python/tutorial",
        "https://example.org/linear-algebra/videos/",
        [
            "data/skills/python.yaml:13: resources.0.url: URL https://example.org/linear-algebra/videos/ is already listed "
            "at data/skills/linear-algebra.yaml:14 (resources.0.url); each URL has one home in the data"
        ],
    ),
    (
        "duplicate-docs-url",
        "skills/python.yaml",
        "https://example.org/python/tutorial",
        "https://example.org/numpy/docs",
        [
            "data/tools/numpy.yaml:6: docs_url: URL https://example.org/numpy/docs is already listed "
            "at data/skills/python.yaml:13 (resources.0.url); each URL has one home in the data"
        ],
    ),
    (
        "missing-header",
        "tools/numpy.yaml",
        "# yaml-language-server: $schema=../../schemas/tool.schema.json\n",
        "",
        [
            "data/tools/numpy.yaml:1: the first line must be "
            "'# yaml-language-server: $schema=../../schemas/tool.schema.json' (found 'id: numpy')"
        ],
    ),
    (
        "wrong-header",
        "taxonomy.yaml",
        "$schema=../schemas/taxonomy.schema.json",
        "$schema=../../schemas/taxonomy.schema.json",
        [
            "data/taxonomy.yaml:1: the first line must be '# yaml-language-server: $schema=../schemas/taxonomy.schema.json' "
            "(found '# yaml-language-server: $schema=../../schemas/taxonomy.schema.json')"
        ],
    ),
    (
        "slug",
        "projects/digit-classifier.yaml",
        "tools: [numpy]",
        "tools: [NumPy]",
        [
            "data/projects/digit-classifier.yaml:7: tools.0: must be a lowercase id made of a-z, 0-9 and single hyphens, "
            "like 'linear-algebra' (found 'NumPy')"
        ],
    ),
    (
        "empty-list",
        "skills/linear-algebra.yaml",
        "objectives:\n  - id: vectors-matrices\n    text: Multiply matrices and predict the shape of the result.",
        "objectives: []",
        ["data/skills/linear-algebra.yaml:7: objectives: must list at least 1 item (found 0)"],
    ),
    (
        "url",
        "tools/numpy.yaml",
        "docs_url: https://example.org/numpy/docs",
        "docs_url: example.org/numpy/docs",
        [
            "data/tools/numpy.yaml:6: docs_url: must be an absolute http:// or https:// URL (found 'example.org/numpy/docs')"
        ],
    ),
]


def break_copy(target: Path, file: str, old: str, new: str) -> Path:
    """Copy the valid fixture data to target/data and apply one edit; returns target/data."""
    data = target / "data"
    shutil.copytree(FIXTURE, data)
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


def run_validate(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "roadmap"), "validate"], cwd=cwd, capture_output=True, text=True)


def test_fixture_is_valid(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "data")
    result = run_validate(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("data/ is valid: 2 skills, 1 steps, 1 tools")


@pytest.mark.parametrize(("case", "file", "old", "new", "expected"), CASES, ids=[case[0] for case in CASES])
def test_validate_names_file_line_field(tmp_path, case, file, old, new, expected):
    break_copy(tmp_path, file, old, new)
    result = run_validate(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [*expected, f"{len(expected)} error(s) in data/"]
    assert result.stdout == ""


def test_every_error_is_reported_in_one_run(tmp_path):
    """Two broken files: both errors in one run, sorted by file and line."""
    data = break_copy(tmp_path, "steps/foundations.yaml", "order: 1", "order: first")
    numpy = data / "tools" / "numpy.yaml"
    numpy.write_text(numpy.read_text().replace("  - linear-algebra\n  - python", "  - python\n  - linear-algebra"))
    lines = run_validate(tmp_path).stderr.splitlines()
    assert lines[0].startswith("data/steps/foundations.yaml:3: order:")
    assert lines[1].startswith("data/tools/numpy.yaml:9: skills.1:")
    assert lines[2] == "2 error(s) in data/"


def test_broken_file_does_not_cascade(tmp_path):
    """A skill whose file is broken is not also reported as 'unknown skill' everywhere it is used."""
    break_copy(tmp_path, "skills/python.yaml", "type: docs", "type: doc")
    assert "unknown skill" not in run_validate(tmp_path).stderr


@pytest.mark.parametrize("case", ["enum", "yaml-syntax", "unsorted-ids", "missing-header"])
def test_strict_build_fails_with_the_same_located_messages(project_copy, case):
    _name, file, old, new, expected = next(c for c in CASES if c[0] == case)
    shutil.rmtree(project_copy / "data")
    break_copy(project_copy, file, old, new)
    site = project_copy / "site"
    result = run_mkdocs_build(project_copy / "mkdocs.yml", site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for line in expected:
        assert line in output
    assert f"The roadmap data has {len(expected)} error(s); nothing was built." in output
    assert not site.exists() or not any(site.iterdir())
