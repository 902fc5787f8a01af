"""Editor schemas of the translation files (schemas/i18n/): committed as generated, and they agree
with the loader: every skeleton and every committed translation validates, mistakes do not."""

from __future__ import annotations

import json
import subprocess

import jsonschema
import pytest
import yaml
from conftest import BIN, DATA, ROOT, schema_validator

from macros.i18n.schemas import I18N_SCHEMA_MODELS, i18n_schema_texts
from macros.i18n.stub import schema_name, stub_text
from macros.i18n.units import translatable_files
from macros.model.load import load_roadmap

SCHEMAS = ROOT / "schemas"


def test_committed_translation_schemas_match_the_models():
    committed = {f"i18n/{p.name}": p.read_text(encoding="utf-8") for p in (SCHEMAS / "i18n").glob("*.schema.json")}
    assert committed == i18n_schema_texts(), "run `roadmap schemas` and commit schemas/i18n/"
    assert sorted(I18N_SCHEMA_MODELS) == sorted(
        ["skill", "step", "tool", "tier", "project", "specialisation", "role", "taxonomy"]
    )


def test_schemas_command_writes_the_translation_schemas(tmp_path):
    result = subprocess.run([str(BIN / "roadmap"), "schemas", "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"8 translation schemas in {tmp_path}/i18n/ (8 changed)\n")
    for path in (tmp_path / "i18n").iterdir():
        assert path.read_text() == (SCHEMAS / "i18n" / path.name).read_text()


def _schema(relative: str) -> dict:
    return json.loads((SCHEMAS / "i18n" / f"{schema_name(relative)}.schema.json").read_text(encoding="utf-8"))


def _validator(relative: str):
    return schema_validator(SCHEMAS / "i18n" / f"{schema_name(relative)}.schema.json")


def test_every_skeleton_of_the_real_data_validates_against_its_schema():
    roadmap = load_roadmap(DATA)
    files = list(translatable_files(roadmap))
    assert len(files) > 100
    for relative, _units in files:
        text = stub_text(roadmap, relative)
        modeline = text.split("\n", 1)[0].split("$schema=", 1)[1]
        # The modeline, read from data/i18n/<lang>/<relative>, reaches the schema.
        assert (DATA / "i18n" / "xx" / relative).parent.joinpath(modeline).resolve() == (
            SCHEMAS / "i18n" / f"{schema_name(relative)}.schema.json"
        )
        _validator(relative).validate(yaml.safe_load(text))


def test_committed_translations_validate_against_their_schemas():
    files = sorted((DATA / "i18n").glob("*/**/*.yaml")) if (DATA / "i18n").is_dir() else []
    assert files or not (DATA / "i18n").is_dir()
    for path in files:
        relative = "/".join(path.relative_to(DATA / "i18n").parts[1:])  # inside the language folder
        _validator(relative).validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("relative", "document"),
    [
        ("skills/x.yaml", {"area": {"text": "x", "from": "0123abcd"}}),  # not translatable
        ("skills/x.yaml", {"summary": {"text": "x", "from": "0123ABCD"}}),  # fingerprint format
        ("skills/x.yaml", {"summary": {"text": "x"}}),  # no from
        ("skills/x.yaml", {"summary": "x"}),  # not a unit
        ("skills/x.yaml", {"name": {"text": "x" * 301, "from": "0123abcd"}}),  # a name is at most 300
        ("tiers/x.yaml", {"responsibilities": {"1": {"text": "", "from": "0123abcd"}}}),  # empty
        ("tools/x.yaml", {"name": {"text": "NumPy", "from": "0123abcd"}}),  # tool names stay
        ("role.yaml", {"responsibilities": {"x": {"url": {"text": "x", "from": "0123abcd"}}}}),
    ],
)
def test_the_schemas_refuse_what_the_loader_refuses(relative, document):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, _schema(relative))
