"""`roadmap validate` with translations, `roadmap i18n status` and `roadmap i18n stub`, in process.

The fixture (tests/test_i18n_translations.py) holds 35 units: 8 translated, 27 missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_i18n_translations import ENGLISH_OBJECTIVE, PT_PY, SKILL_HEADER, i18n_copy, unit

from macros.cli import roadmap

CHANGED_OBJECTIVE = "    text: Write functions, classes, modules and tests.\n"


def run(data: Path, *args: str):
    return CliRunner().invoke(roadmap, ["--data", str(data), *args])


def stdout_of(result) -> str:
    return result.stdout


# -- roadmap validate -----------------------------------------------------------------------------
def test_validate_prints_a_coverage_line_per_language(tmp_path):
    data = i18n_copy(tmp_path)
    result = run(data, "validate")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == "pt-BR: 8 of 35 units translated (22.8%), 0 outdated, 27 missing"


def test_validate_warns_of_exactly_the_outdated_unit_with_its_line(tmp_path):
    data = i18n_copy(tmp_path, [("skills/python.yaml", ENGLISH_OBJECTIVE, CHANGED_OBJECTIVE)])
    result = run(data, "validate")
    assert result.exit_code == 0
    assert result.stderr == (
        "data/i18n/pt-BR/skills/python.yaml:12: objectives.core-syntax: translation is outdated; "
        'the English now reads: "Write functions, classes, modules and tests." (new from: 653a82cc)\n'
    )
    assert result.stdout.splitlines()[-1] == "pt-BR: 7 of 35 units translated (20.0%), 1 outdated, 27 missing"


def test_validate_clips_long_english_in_the_warning(tmp_path):
    long = "Write " + "very " * 40 + "long code."
    data = i18n_copy(tmp_path, [("skills/python.yaml", ENGLISH_OBJECTIVE, f"    text: {long}\n")])
    result = run(data, "validate")
    assert result.exit_code == 0
    quoted = result.stderr.split("the English now reads: ")[1].split(" (new from: ")[0]
    assert quoted == '"Write ' + "very " * 22 + 'very…"'  # 120 characters and an ellipsis


def test_validate_fails_on_a_translation_error_with_its_location(tmp_path):
    data = i18n_copy(tmp_path, [(PT_PY, None, SKILL_HEADER + unit("area", "Programação"))])
    result = run(data, "validate")
    assert result.exit_code == 1
    assert result.stderr == (
        "data/i18n/pt-BR/skills/python.yaml:2: area: 'area' is not translatable "
        "(translatable here: name, summary, why, objectives)\n"
        f"1 error(s) in {data}/i18n/\n"
    )
    assert "is valid" in result.stdout  # the English is; the translation is not


def test_validate_without_translations_prints_no_coverage(tmp_path):
    data = i18n_copy(tmp_path)
    for path in sorted((data / "i18n").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (data / "i18n").rmdir()
    result = run(data, "validate")
    assert result.exit_code == 0
    assert "units translated" not in result.stdout


# -- roadmap i18n status ---------------------------------------------------------------------------
STATUS = """\
language  kind              units         translated           outdated            missing
pt-BR     role                  5         2 ( 40.0%)         0 (  0.0%)         3 ( 60.0%)
pt-BR     taxonomy              6         0 (  0.0%)         0 (  0.0%)         6 (100.0%)
pt-BR     skills                8         4 ( 50.0%)         0 (  0.0%)         4 ( 50.0%)
pt-BR     steps                 4         0 (  0.0%)         0 (  0.0%)         4 (100.0%)
pt-BR     tools                 1         0 (  0.0%)         0 (  0.0%)         1 (100.0%)
pt-BR     tiers                 5         2 ( 40.0%)         0 (  0.0%)         3 ( 60.0%)
pt-BR     projects              4         0 (  0.0%)         0 (  0.0%)         4 (100.0%)
pt-BR     specialisations       2         0 (  0.0%)         0 (  0.0%)         2 (100.0%)
pt-BR     all                  35         8 ( 22.8%)         0 (  0.0%)        27 ( 77.1%)
"""


def test_status_counts_per_language_and_kind(tmp_path):
    result = run(i18n_copy(tmp_path), "i18n", "status")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == STATUS


def test_status_counts_outdated_units(tmp_path):
    data = i18n_copy(tmp_path, [("skills/python.yaml", ENGLISH_OBJECTIVE, CHANGED_OBJECTIVE)])
    result = run(data, "i18n", "status")
    skills = [line for line in result.stdout.splitlines() if " skills " in line]
    assert skills == ["pt-BR     skills                8         3 ( 37.5%)         1 ( 12.5%)         4 ( 50.0%)"]


@pytest.mark.parametrize(("threshold", "code"), [("22.8", 0), ("22.9", 1), ("100", 1), ("0", 0)])
def test_status_fail_under(tmp_path, threshold, code):
    result = run(i18n_copy(tmp_path), "i18n", "status", "--fail-under", threshold)
    assert result.exit_code == code
    assert result.stderr == ("" if code == 0 else f"pt-BR: 22.8% translated, under --fail-under {threshold}\n")


def test_status_for_one_language(tmp_path):
    data = i18n_copy(tmp_path)
    (data / "i18n" / "es").mkdir()
    both = run(data, "i18n", "status")
    assert [line.split()[0] for line in both.stdout.splitlines()[1:]] == ["es"] * 9 + ["pt-BR"] * 9
    only = run(data, "i18n", "status", "--lang", "pt-BR")
    assert only.stdout == STATUS
    unknown = run(data, "i18n", "status", "--lang", "pt-PT")
    assert (unknown.exit_code, unknown.stderr) == (
        1,
        f"roadmap i18n status: no language 'pt-PT' in {data}/i18n/; did you mean 'pt-BR'?\n",
    )


def test_status_refuses_a_broken_translation(tmp_path):
    data = i18n_copy(tmp_path, [(PT_PY, None, SKILL_HEADER + "why: y\n")])
    result = run(data, "i18n", "status")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"1 error(s) in {data}/i18n/; fix them first (see `roadmap validate`)"


# -- roadmap i18n stub -------------------------------------------------------------------------------
LINEAR_ALGEBRA_STUB = """\
# yaml-language-server: $schema=../../../../schemas/i18n/skill.schema.json
name:
  text: Linear algebra
  from: 2e0b9249
summary:
  text: Vectors, matrices and the operations on them.
  from: 771cf1a1
why:
  text: Models are mostly matrix arithmetic.
  from: e04b1d1d
objectives:
  vectors-matrices:
    text: Multiply matrices and predict the shape of the result.
    from: 0f1f5aa1
"""


def test_stub_writes_the_skeleton_that_validates(tmp_path):
    data = i18n_copy(tmp_path)
    result = run(data, "i18n", "stub", "pt-BR", "skills/linear-algebra")
    target = data / "i18n" / "pt-BR" / "skills" / "linear-algebra.yaml"
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"wrote {target}: replace each text with its translation and keep each from as it is\n"
    assert target.read_text(encoding="utf-8") == LINEAR_ALGEBRA_STUB
    check = run(data, "validate")
    assert (check.exit_code, check.stderr) == (0, "")
    assert check.stdout.splitlines()[-1] == "pt-BR: 12 of 35 units translated (34.2%), 0 outdated, 23 missing"


def test_stub_refuses_to_overwrite_unless_forced(tmp_path):
    data = i18n_copy(tmp_path)
    target = data / "i18n" / "pt-BR" / "skills" / "python.yaml"
    before = target.read_text(encoding="utf-8")
    result = run(data, "i18n", "stub", "pt-BR", "skills/python")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"roadmap i18n stub: {target} already exists; edit it, or pass --force to replace it with a new skeleton\n"
    )
    assert target.read_text(encoding="utf-8") == before
    forced = run(data, "i18n", "stub", "--force", "pt-BR", "skills/python")
    assert forced.exit_code == 0
    assert "text: The main language of machine learning.\n" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("lang", "item", "message"),
    [
        ("pt-BR", "skills/pyton", "no skill 'pyton' in data/skills/; did you mean 'python'?"),
        (
            "pt-BR",
            "skill/python",
            "unknown item 'skill/python': give one of role, taxonomy, skills/ID, steps/ID, "
            "tools/ID, tiers/ID, projects/ID, specialisations/ID; did you mean 'skills'?",
        ),
        (
            "pt-BR",
            "python",
            "unknown item 'python': give one of role, taxonomy, skills/ID, steps/ID, tools/ID, "
            "tiers/ID, projects/ID, specialisations/ID",
        ),
        ("pt_BR", "role", "'pt_BR': not a language tag; give a BCP 47 tag such as pt-BR or es"),
        ("en", "role", "'en': English is the source language; give a BCP 47 tag such as pt-BR or es"),
    ],
)
def test_stub_refuses_unknown_items_and_languages(tmp_path, lang, item, message):
    data = i18n_copy(tmp_path)
    result = run(data, "i18n", "stub", lang, item)
    assert (result.exit_code, result.stderr) == (1, f"roadmap i18n stub: {message}\n")


def test_stubs_of_every_file_round_trip_to_100_percent(tmp_path):
    """A new language from stubs alone: validate is clean and status says 100% translated."""
    data = i18n_copy(tmp_path)
    items = [
        "role",
        "taxonomy",
        "skills/linear-algebra",
        "skills/python",
        "steps/foundations",
        "tools/numpy",
        "tiers/junior-ml-engineer",
        "projects/digit-classifier",
        "specialisations/computer-vision",
    ]
    for item in items:
        assert run(data, "i18n", "stub", "es", item).exit_code == 0
    assert run(data, "i18n", "stub", "es", "role").exit_code == 1  # now it exists
    check = run(data, "validate")
    assert (check.exit_code, check.stderr) == (0, "")
    assert check.stdout.splitlines()[-2] == "es: 35 of 35 units translated (100.0%), 0 outdated, 0 missing"
    status = run(data, "i18n", "status", "--lang", "es", "--fail-under", "100")
    assert status.exit_code == 0
    assert status.stdout.splitlines()[-1].split() == [
        "es",
        "all",
        "35",
        "35",
        "(100.0%)",
        "0",
        "(",
        "0.0%)",
        "0",
        "(",
        "0.0%)",
    ]
