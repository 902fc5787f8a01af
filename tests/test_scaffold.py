"""`roadmap add resource`: writes a valid entry in the right place, keeps the rest of the file, refuses bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import FIXTURE_DATA

from macros.cli import roadmap
from macros.model.load import load_roadmap


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)  # the command's default --data is data/
    return tmp_path


def add(workdir: Path, *args: str) -> Result:
    """`roadmap add resource ARGS` run in this process in workdir; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(roadmap, ["add", "resource", *args])


def snapshot(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*.yaml"))}


BASIC = [
    "--url",
    "https://example.org/la/course",
    "--title",
    "A linear algebra course",
    "--type",
    "course",
    "--level",
    "intermediate",
]


def test_adds_entry_keeping_comments_and_formatting(workdir):
    path = workdir / "data" / "skills" / "linear-algebra.yaml"
    before = path.read_text().splitlines()
    result = add(workdir, "--skill", "linear-algebra", *BASIC, "--free", "--authors", "B. Teacher")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "data/skills/linear-algebra.yaml:25: added free course 'A linear algebra course'\n"
    after = path.read_text().splitlines()
    # Six whole lines were appended to the resources (which end before `reviewed`); every other
    # line is unchanged, comments included.
    end = before.index("reviewed: 2026-12")
    assert after[:end] == before[:end] and after[end + 6 :] == before[end:]
    assert after[end : end + 6] == [
        '  - title: "A linear algebra course"',
        "    url: https://example.org/la/course",
        "    type: course",
        "    free: true",
        "    level: intermediate",
        "    authors: B. Teacher",
    ]
    assert "  # The one to start with comes first." in after
    resources = load_roadmap(workdir / "data").skill["linear-algebra"].resources
    assert [r.title for r in resources] == [
        "Linear algebra video series",
        "A linear algebra textbook",
        "A linear algebra course",
    ]
    assert resources[2].authors == "B. Teacher" and resources[2].free is True


def test_adds_to_the_middle_of_a_file(workdir):
    """Keys after resources (none in the fixture skill, so add one) stay where they were."""
    path = workdir / "data" / "skills" / "python.yaml"
    text = path.read_text().replace("prerequisites: [linear-algebra]\n", "")
    path.write_text(text + "prerequisites: [linear-algebra]  # kept after the resources\n")
    result = add(
        workdir,
        "--skill",
        "python",
        "--url",
        "https://example.org/py/book",
        "--title",
        "A Python book",
        "--type",
        "book",
        "--level",
        "advanced",
        "--paid",
    )
    assert result.exit_code == 0, result.stderr
    lines = path.read_text().splitlines()
    assert lines[-1] == "prerequisites: [linear-algebra]  # kept after the resources"
    entry = lines.index('  - title: "A Python book"')
    assert lines[entry : entry + 5] == [
        '  - title: "A Python book"',
        "    url: https://example.org/py/book",
        "    type: book",
        "    free: false",
        "    level: advanced",
    ]
    assert lines[entry + 5 :] == [
        "reviewed: 2026-12",
        "effort_hours: {min: 10, max: 20}",
        "prerequisites: [linear-algebra]  # kept after the resources",
    ]
    assert load_roadmap(workdir / "data").skill["python"].resources[-1].free is False


@pytest.mark.parametrize(
    ("option", "owner", "file"),
    [
        ("--tool", "numpy", "tools/numpy.yaml"),  # `resources: []` becomes a block list
        ("--step", "foundations", "steps/foundations.yaml"),  # no resources key yet
        ("--specialisation", "computer-vision", "specialisations/computer-vision.yaml"),
    ],
)
def test_other_owners(workdir, option, owner, file):
    others = {k: v for k, v in snapshot(workdir / "data").items() if k != file}
    result = add(workdir, option, owner, *BASIC, "--free")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"data/{file}:")
    roadmap = load_roadmap(workdir / "data")
    kind = option.removeprefix("--")
    assert [r.url for r in getattr(roadmap, kind)[owner].resources] == ["https://example.org/la/course"]
    assert {k: v for k, v in snapshot(workdir / "data").items() if k != file} == others


def test_refuses_url_already_in_data(workdir):
    before = snapshot(workdir / "data")
    result = add(
        workdir,
        "--tool",
        "numpy",
        "--url",
        "https://example.org/linear-algebra/videos/",
        "--title",
        "Videos again",
        "--type",
        "video",
        "--level",
        "beginner",
        "--free",
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "--url: https://example.org/linear-algebra/videos/ is already listed at data/skills/linear-algebra.yaml:14 "
        "(resources.0.url); each URL has one home in the data\n"
    )
    assert snapshot(workdir / "data") == before


def test_refuses_tool_docs_url(workdir):
    result = add(
        workdir,
        "--skill",
        "python",
        "--url",
        "https://example.org/numpy/docs",
        "--title",
        "NumPy docs",
        "--type",
        "docs",
        "--level",
        "beginner",
        "--free",
    )
    assert result.exit_code == 1
    assert "already listed at data/tools/numpy.yaml:6 (docs_url)" in result.stderr


def test_unknown_owner_suggests(workdir):
    result = add(workdir, "--skill", "linear-algebr", *BASIC, "--free")
    assert result.exit_code == 1
    assert result.stderr == "--skill: unknown skill 'linear-algebr'; did you mean 'linear-algebra'?\n"


def test_bad_url_is_rejected_before_writing(workdir):
    before = snapshot(workdir / "data")
    result = add(
        workdir,
        "--skill",
        "python",
        "--url",
        "example.org/no-scheme",
        "--title",
        "X",
        "--type",
        "course",
        "--level",
        "beginner",
        "--free",
    )
    assert result.exit_code == 1
    assert result.stderr == "--url: must be an absolute http:// or https:// URL (found 'example.org/no-scheme')\n"
    assert snapshot(workdir / "data") == before


def test_invalid_result_is_reverted(workdir):
    """A title already used on the item passes the option checks but fails validation: the file is restored."""
    before = snapshot(workdir / "data")
    result = add(
        workdir,
        "--skill",
        "linear-algebra",
        "--url",
        "https://example.org/la/other",
        "--title",
        "A linear algebra textbook",
        "--type",
        "book",
        "--level",
        "beginner",
        "--free",
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("data/skills/linear-algebra.yaml:")
    assert "resource title 'A linear algebra textbook' is listed twice" in lines[0]
    assert lines[-1] == "the new entry made data/skills/linear-algebra.yaml invalid; the file was restored unchanged"
    assert snapshot(workdir / "data") == before


def test_refuses_when_data_already_invalid(workdir):
    path = workdir / "data" / "steps" / "foundations.yaml"
    path.write_text(path.read_text().replace("order: 1", "order: first"))
    before = snapshot(workdir / "data")
    result = add(workdir, "--skill", "python", *BASIC, "--free")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "data/steps/foundations.yaml:3: order: must be a whole number (found 'first')",
        "1 error(s) in data/ already; fix them before adding a resource",
    ]
    assert snapshot(workdir / "data") == before


def test_argument_errors_are_click_usage_errors(workdir):
    before = snapshot(workdir / "data")
    result = add(workdir, "--skill", "python", *BASIC)  # neither --free nor --paid
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Usage: roadmap add resource [OPTIONS]\n")
    assert result.stderr.endswith("Error: Missing option '--free'.\n")
    result = add(workdir, "--skill", "python", "--tool", "numpy", *BASIC, "--free")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: give exactly one of --skill, --tool, --step, --specialisation (the resource's owner)\n"
    )
    result = add(workdir, *BASIC, "--free")  # no owner at all
    assert result.exit_code == 2 and "give exactly one of --skill" in result.stderr
    result = add(workdir, "--skill", "python", *BASIC[:-2], "--level", "expert", "--free")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--level': 'expert' is not one of 'beginner', 'intermediate', 'advanced'.\n"
    )
    assert snapshot(workdir / "data") == before
