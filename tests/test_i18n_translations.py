"""Translation files (macros/i18n/translations.py): reading, every error located, localise().

The fixture is the valid fixture roadmap plus tests/fixtures/i18n/ as data/i18n/: a Brazilian
Portuguese translation of the Python skill (complete), the junior tier and the role (partial).
Expected lines, counts and fingerprints are written by hand (fingerprints: `printf TEXT | sha256sum`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_DATA, ROOT

from macros.i18n.translations import (
    FileState,
    collect_translation,
    languages,
    load_translation,
    localise,
)
from macros.i18n.units import fingerprint
from macros.model.entities import Skill
from macros.model.load import RoadmapInvalid, load_roadmap

I18N = ROOT / "tests" / "fixtures" / "i18n"

Edit = tuple[str, str | None, str]  # (file under data/, text to replace once or None to write the file, new text)

SKILL_HEADER = "# yaml-language-server: $schema=../../../../schemas/i18n/skill.schema.json\n"
TIER_HEADER = "# yaml-language-server: $schema=../../../../schemas/i18n/tier.schema.json\n"
PT_PY = "i18n/pt-BR/skills/python.yaml"
PT_TIER = "i18n/pt-BR/tiers/junior-ml-engineer.yaml"
ENGLISH_OBJECTIVE = "    text: Write functions, classes and modules.\n"


def i18n_copy(target: Path, edits: list[Edit] = ()) -> Path:  # type: ignore[assignment]
    """The fixture roadmap with its translation, copied to target/data, the edits applied."""
    data = target / "data"
    shutil.copytree(FIXTURE_DATA, data)
    shutil.copytree(I18N, data / "i18n")
    for file, old, new in edits:
        path = data / file
        if old is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(new, encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return data


def errors_of(data: Path) -> list[str]:
    _translation, errors = collect_translation(data, "pt-BR", load_roadmap(data))
    return [str(error) for error in errors]


def pt(data: Path):
    roadmap = load_roadmap(data)
    return roadmap, localise(roadmap, load_translation(data, "pt-BR", roadmap))


# -- fingerprints ----------------------------------------------------------------------------------
def test_fingerprint_is_sha256_of_the_folded_english():
    assert fingerprint("Python") == "18885f27"
    assert fingerprint("Write functions, classes and modules.") == "69d0e81e"
    assert fingerprint("  Write functions,\n  classes and\tmodules. ") == "69d0e81e"  # re-wrapping is no change
    assert fingerprint("Write functions, classes, modules and tests.") == "653a82cc"


# -- languages -------------------------------------------------------------------------------------
def test_languages_are_the_folders_of_data_i18n(tmp_path):
    data = i18n_copy(tmp_path)
    (data / "i18n" / "es").mkdir()
    (data / "i18n" / ".gitkeep").write_text("")
    assert languages(data) == ["es", "pt-BR"]
    shutil.rmtree(data / "i18n")
    assert languages(data) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("pt_BR", "'pt_BR' is not a language tag: name the folder by its BCP 47 tag, like pt-BR or es"),
        ("Portuguese", "'Portuguese' is not a language tag: name the folder by its BCP 47 tag, like pt-BR or es"),
        ("en", "English is the source language: its text lives in data/"),
    ],
)
def test_a_folder_that_is_no_language_is_a_located_error(tmp_path, name, message):
    data = i18n_copy(tmp_path)
    (data / "i18n" / name).mkdir()
    with pytest.raises(RoadmapInvalid) as raised:
        languages(data)
    assert [str(error) for error in raised.value.errors] == [f"data/i18n/{name}:1: {message}"]


def test_a_file_in_data_i18n_is_a_located_error(tmp_path):
    data = i18n_copy(tmp_path, [("i18n/python.yaml", None, "name: x\n")])
    with pytest.raises(RoadmapInvalid) as raised:
        languages(data)
    assert [str(e) for e in raised.value.errors] == [
        "data/i18n/python.yaml:1: files are not read here: put them in a language folder"
    ]


# -- localise ----------------------------------------------------------------------------------------
def test_the_fixture_translation_is_valid(tmp_path):
    assert errors_of(i18n_copy(tmp_path)) == []


def test_localise_puts_translated_units_in_and_keeps_english_where_missing(tmp_path):
    english, done = pt(i18n_copy(tmp_path))
    python = done.roadmap.skill["python"]
    assert isinstance(python, Skill)
    assert python.summary == "A principal linguagem de machine learning."
    assert python.objectives[0].text == "Escrever funções, classes e módulos."  # folded YAML
    assert python.objectives[0].id == "core-syntax"
    assert python.resources == english.skill["python"].resources  # nothing to translate there
    assert python.source.file == "data/skills/python.yaml"  # errors still point at the English data
    tier = done.roadmap.tier["junior-ml-engineer"]
    assert (tier.name, tier.track) == ("Engenheiro de machine learning júnior", "Entry")
    assert tier.responsibilities == ["Implementar scripts de treinamento e testes."]
    role = done.roadmap.role
    assert role.title == "Engenheiro de machine learning"
    assert role.summary == "Builds software that learns from data."
    assert (role.responsibilities[0].title, role.responsibilities[0].text) == (
        "Colocar modelos em produção",
        "Ship trained models as services that others can rely on.",
    )
    assert done.roadmap.skill["linear-algebra"].name == "Linear algebra"  # no file: English
    # Lookups and relations are the localised roadmap's own, not copies of the English ones.
    assert english.skill["python"].summary == "The main language of machine learning."  # pure: English untouched
    assert done.roadmap.steps_for(python)[0].title == "Build the foundations"
    assert done.roadmap.skills[1] is python


def test_item_states_and_coverage(tmp_path):
    _english, done = pt(i18n_copy(tmp_path))
    assert done.item_state("skills", "python") == FileState(4, 0, 0, relative="skills/python.yaml")
    assert done.item_state("skills", "python").status == "translated"
    assert done.item_state("tiers", "junior-ml-engineer") == FileState(
        2, 0, 3, relative="tiers/junior-ml-engineer.yaml"
    )
    assert done.item_state("tiers", "junior-ml-engineer").status == "partial"
    assert done.item_state("skills", "linear-algebra").status == "missing"
    assert done.state_of("role.yaml") == FileState(2, 0, 3, relative="role.yaml")
    assert done.unit_state("role.yaml", ("responsibilities", "deploy-models", "text")) == "missing"
    assert done.unit_state("skills/python.yaml", ("objectives", "core-syntax")) == "translated"
    coverage = {kind: (c.translated, c.outdated, c.missing) for kind, c in done.coverage().items()}
    assert coverage == {
        "role": (2, 0, 3),
        "taxonomy": (0, 0, 6),
        "skills": (4, 0, 4),
        "steps": (0, 0, 4),
        "tools": (0, 0, 1),
        "tiers": (2, 0, 3),
        "projects": (0, 0, 4),
        "specialisations": (0, 0, 2),
    }
    assert (done.total().translated, done.total().total) == (8, 35)
    assert done.outdated == []
    assert len(done.missing) == 27
    linear = [m for m in done.missing if m.file == "data/i18n/pt-BR/skills/linear-algebra.yaml"]
    assert [(m.line, m.field, m.english) for m in linear[:2]] == [
        (1, "name", "Linear algebra"),
        (1, "summary", "Vectors, matrices and the operations on them."),
    ]


def test_a_changed_english_sentence_makes_exactly_that_unit_outdated(tmp_path):
    data = i18n_copy(
        tmp_path,
        [
            (
                "skills/python.yaml",
                ENGLISH_OBJECTIVE,
                ENGLISH_OBJECTIVE.replace(" and", ", modules and tests").replace(" modules.", "."),
            )
        ],
    )
    assert "Write functions, classes, modules and tests." in (data / "skills/python.yaml").read_text()
    _english, done = pt(data)
    assert [(o.file, o.line, o.field, o.english, o.text, o.current) for o in done.outdated] == [
        (
            "data/i18n/pt-BR/skills/python.yaml",
            12,
            "objectives.core-syntax",
            "Write functions, classes, modules and tests.",
            "Escrever funções, classes e módulos.",
            "653a82cc",
        )
    ]
    assert done.item_state("skills", "python") == FileState(3, 1, 0, relative="skills/python.yaml")
    assert done.item_state("skills", "python").status == "outdated"
    assert done.roadmap.skill["python"].objectives[0].text == "Escrever funções, classes e módulos."  # still shown


def test_rewrapping_the_english_does_not_outdate_its_translation(tmp_path):
    data = i18n_copy(
        tmp_path,
        [
            (
                "skills/python.yaml",
                ENGLISH_OBJECTIVE,
                "    text: >-\n      Write functions,\n      classes and modules.\n",
            )
        ],
    )
    _english, done = pt(data)
    assert done.outdated == []


def test_a_translated_resource_note(tmp_path):
    url = "https://example.org/python/tutorial"
    data = i18n_copy(
        tmp_path,
        [
            (
                "skills/python.yaml",
                "    start: true\n",
                "    start: true\n    note: The official tour of the language.\n",
            ),
            (
                PT_PY,
                None,
                SKILL_HEADER
                + f"resources:\n  {url}:\n    note:\n      text: O tour oficial da linguagem.\n      from: e801c0af\n",
            ),
        ],
    )
    _english, done = pt(data)
    [resource] = done.roadmap.skill["python"].resources
    assert (resource.note, resource.url, resource.title) == ("O tour oficial da linguagem.", url, "The Python tutorial")
    assert done.unit_state("skills/python.yaml", ("resources", url, "note")) == "translated"


# -- errors, each located ----------------------------------------------------------------------------
P = "data/i18n/pt-BR/skills/python.yaml"


def unit(key: str, text: str, stamp: str = "e88a05fb") -> str:
    return f"{key}:\n  text: {text}\n  from: {stamp}\n"


ERROR_CASES = [
    pytest.param(
        [("i18n/pt-BR/skills/pyhton.yaml", None, SKILL_HEADER + unit("summary", "x"))],
        [
            "data/i18n/pt-BR/skills/pyhton.yaml:1: no skill 'pyhton' in data/skills/: a translation file must be "
            "named after an item; did you mean 'python'?"
        ],
        id="file-for-no-item",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + unit("summary", "x") + unit("sumary", "y"))],
        [
            f"{P}:5: sumary: unknown field 'sumary' (translatable here: name, summary, why, objectives); "
            "did you mean 'summary'?"
        ],
        id="unknown-field",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + unit('"sum\\u202emary"', "x"))],
        [
            f"{P}:2: sum\\u202emary: unknown field 'sum\\u202emary' (translatable here: name, summary, why, "
            "objectives); did you mean 'summary'?"
        ],
        id="hostile-key-escaped",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + unit("area", "Programação"))],
        [f"{P}:2: area: 'area' is not translatable (translatable here: name, summary, why, objectives)"],
        id="field-not-translatable",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + "objectives:\n  core-syntx:\n    text: x\n    from: 69d0e81e\n")],
        [f"{P}:3: objectives.core-syntx: unknown objective id 'core-syntx'; did you mean 'core-syntax'?"],
        id="unknown-objective-id",
    ),
    pytest.param(
        [
            (
                PT_PY,
                None,
                SKILL_HEADER
                + "resources:\n  https://example.org/other:\n    note:\n      text: x\n      from: 69d0e81e\n",
            )
        ],
        [f"{P}:2: resources: nothing to translate: this item has no resource with a note in English"],
        id="resources-without-notes",
    ),
    pytest.param(
        [
            (
                "skills/python.yaml",
                "    start: true\n",
                "    start: true\n    note: The official tour of the language.\n",
            ),
            (
                PT_PY,
                None,
                SKILL_HEADER + "resources:\n  https://example.org/python/tutorial:\n    level:\n      text: iniciante\n"
                "      from: 0123abcd\n",
            ),
        ],
        [
            f"{P}:4: resources.https://example.org/python/tutorial.level: 'level' is not translatable (translatable here: note)"
        ],
        id="resource-field-not-translatable",
    ),
    pytest.param(
        [(PT_TIER, None, TIER_HEADER + "responsibilities:\n  '2':\n    text: x\n    from: 4976bb42\n")],
        [
            "data/i18n/pt-BR/tiers/junior-ml-engineer.yaml:3: responsibilities.2: unknown position '2': "
            "the English responsibilities lists 1 (1 to 1)"
        ],
        id="unknown-position",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + "why: Quase toda biblioteca.\n")],
        [
            f"{P}:2: why: must be a unit: a mapping with text (the translation) and from (the fingerprint of the "
            "English) (found 'Quase toda biblioteca.')"
        ],
        id="unit-not-a-mapping",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + "why:\n  text: Quase.\n")],
        [f"{P}:2: why: from: required field is missing"],
        id="unit-without-from",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + "why:\n  text: Quase.\n  from: c28c268c\n  note: revisar\n")],
        [f"{P}:5: why.note: unknown key 'note': a unit has only text and from"],
        id="unit-with-extra-key",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + unit("summary", "'   '"))],
        [f"{P}:3: summary.text: must not be empty (found '   ')"],
        id="empty-text",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + unit("name", "P" * 301, "18885f27"))],
        [f"{P}:3: name.text: must be at most 300 characters (found 301)"],
        id="name-too-long",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + unit("summary", "P" * 5001))],
        [f"{P}:3: summary.text: must be at most 5,000 characters (found 5,001)"],
        id="text-too-long",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + unit("summary", '"A linguagem\\u202e principal"'))],
        [
            f"{P}:3: summary.text: invisible control character U+202E at position 12 is not allowed: "
            "it can hide text or make it read differently"
        ],
        id="invisible-character",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + unit("summary", "A principal.", "E88A05FB"))],
        [
            f"{P}:4: summary.from: must be the fingerprint of the English text: 8 characters 0-9 and a-f, as "
            "`roadmap i18n stub` writes it (found 'E88A05FB')"
        ],
        id="fingerprint-format",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + unit("summary", "A principal.", "12345678"))],
        [f"{P}:4: summary.from: must be text: put the fingerprint in quotes, like from: '0123abcd' (found 12345678)"],
        id="fingerprint-unquoted-number",
    ),
    pytest.param(
        [(PT_PY, None, "# yaml-language-server: $schema=../../schemas/skill.schema.json\n" + unit("summary", "x"))],
        [
            f"{P}:1: the first line must be '# yaml-language-server: $schema=../../../../schemas/i18n/skill.schema.json'"
            " (found '# yaml-language-server: $schema=../../schemas/skill.schema.json')"
        ],
        id="schema-modeline",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + unit("summary", "x") + unit("summary", "y"))],
        [f"{P}:5: summary: duplicate key: this key is already set above"],
        id="duplicate-key",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER + "summary:\n  text: [x\n  from: e88a05fb\n")],
        [f"{P}:4: YAML syntax error at column 7: while parsing a flow sequence expected ',' or ']', but got ':'"],
        id="yaml-syntax",
    ),
    pytest.param(
        [(PT_PY, None, SKILL_HEADER)],
        [f"{P}:1: file is empty: translate at least one field, or delete the file"],
        id="empty-file",
    ),
    pytest.param(
        [("i18n/pt-BR/skill/python.yaml", None, SKILL_HEADER + unit("summary", "x"))],
        [
            "data/i18n/pt-BR/skill:1: unknown folder in a language folder (allowed: role.yaml, taxonomy.yaml, "
            "skills/, steps/, tools/, tiers/, projects/, specialisations/); did you mean 'skills'?"
        ],
        id="unknown-folder",
    ),
    pytest.param(
        [("i18n/pt-BR/skills/python.yml", None, SKILL_HEADER + unit("summary", "x"))],
        ["data/i18n/pt-BR/skills/python.yml:1: translation files must end in .yaml"],
        id="not-yaml",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), ERROR_CASES)
def test_each_error_is_located(tmp_path, edits, expected):
    assert errors_of(i18n_copy(tmp_path, edits)) == expected


def test_load_translation_raises_with_every_error(tmp_path):
    data = i18n_copy(tmp_path, [(PT_PY, None, SKILL_HEADER + unit("area", "x") + "why: y\n")])
    roadmap = load_roadmap(data)
    with pytest.raises(RoadmapInvalid) as raised:
        load_translation(data, "pt-BR", roadmap)
    assert [f"{e.file}:{e.line}: {e.field}" for e in raised.value.errors] == [f"{P}:2: area", f"{P}:5: why"]


def test_a_translation_file_that_is_a_symbolic_link_is_refused(tmp_path):
    data = i18n_copy(tmp_path)
    target = data / "i18n" / "pt-BR" / "skills" / "python.yaml"
    os.replace(target, tmp_path / "elsewhere.yaml")
    target.symlink_to(tmp_path / "elsewhere.yaml")
    assert errors_of(data) == [f"{P}:1: data files must not be symbolic links"]


@pytest.mark.parametrize(
    ("written", "read", "error"),
    [
        ('"  Python  "', "Python", None),  # stripped, as the model strips the English
        ('"' + "P" * 300 + '"', "P" * 300, None),  # a name may be 300 characters
        ('"Python\\x1f"', None, "invisible control character U+001F at position 7 is not allowed"),
        ('"\\x1fPython"', None, "invisible control character U+001F at position 1 is not allowed"),
        ('" \\u00a0 "', None, "must not be empty"),
        ("[Python]", None, "must be text (found a list)"),
    ],
)
def test_translated_text_follows_the_model_rules(tmp_path, written, read, error):
    data = i18n_copy(tmp_path, [(PT_PY, None, SKILL_HEADER + f"name:\n  text: {written}\n  from: 18885f27\n")])
    translation, errors = collect_translation(data, "pt-BR", load_roadmap(data))
    if error is None:
        assert errors == []
        assert translation.files["skills/python.yaml"].units[("name",)].text == read
    else:
        [found] = errors
        assert (found.file, found.line, found.field) == (P, 3, "name.text")
        assert found.message.startswith(error), found.message
