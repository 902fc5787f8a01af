"""Editor schemas match the model; every data file points at its schema; the published JSON is valid open data."""

from __future__ import annotations

import json
import subprocess

import jsonschema
import pytest
import yaml
from conftest import BIN, DATA, FIXTURE_DATA, ROOT, schema_validator

from macros.model.checks import schema_header
from macros.model.entities import ENTITY_KINDS, SINGLE_FILES
from macros.model.load import load_roadmap
from macros.model.roadmap import Roadmap
from macros.model.schemas import SCHEMA_MODELS, schema_texts

SCHEMAS = ROOT / "schemas"


def test_committed_schemas_match_the_model():
    expected = schema_texts()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert sorted(committed) == sorted(expected), "run `roadmap schemas` and commit schemas/"
    for name, text in expected.items():
        assert committed[name] == text, f"schemas/{name} is out of date with macros/model.py: run `roadmap schemas`"


def test_schemas_command_writes_the_same_files(tmp_path):
    result = subprocess.run([str(BIN / "roadmap"), "schemas", "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"\n{len(SCHEMA_MODELS)} schemas in {tmp_path}/ ({len(SCHEMA_MODELS)} changed)\n" in result.stdout
    for path in tmp_path.glob("*.json"):  # schemas/i18n/: tests/test_i18n_schemas.py
        assert path.read_text() == (SCHEMAS / path.name).read_text()
    again = subprocess.run([str(BIN / "roadmap"), "schemas", "--out", str(tmp_path)], capture_output=True, text=True)
    assert again.stdout.endswith("(0 changed)\n")


def test_schemas_cover_every_data_kind():
    models = {*ENTITY_KINDS.values(), *SINGLE_FILES.values()}
    assert set(SCHEMA_MODELS.values()) == models
    assert {f"{m.__name__.lower()}.schema.json" for m in models} == {p.name for p in SCHEMAS.glob("*.schema.json")}


def _data_files(data_dir):
    for name, model in SINGLE_FILES.items():
        if (data_dir / name).exists():
            yield data_dir / name, model
    for folder, model in ENTITY_KINDS.items():
        for path in sorted((data_dir / folder).glob("*.yaml")):
            yield path, model


@pytest.mark.parametrize("data_dir", [DATA, FIXTURE_DATA], ids=["data", "fixture"])
def test_every_data_file_has_its_schema_header_and_validates_against_it(data_dir):
    """The header names an existing schema, and the schema accepts the file (what an editor would show)."""
    files = list(_data_files(data_dir))
    assert files
    for path, model in files:
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first == schema_header(model), f"{path.relative_to(ROOT)}:1: wrong or missing schema header"
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (SCHEMAS / f"{model.__name__.lower()}.schema.json").resolve()
        schema_validator(target).validate(yaml.safe_load(text))


def test_schema_rejects_what_the_model_rejects():
    schema = json.loads((SCHEMAS / "skill.schema.json").read_text())
    skill = yaml.safe_load((FIXTURE_DATA / "skills" / "python.yaml").read_text())
    skill["resources"][0]["type"] = "doc"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(skill, schema)


def test_published_open_data(built_site):
    """site/api/roadmap.json validates against site/api/roadmap.schema.json and reads back into an equal Roadmap."""
    text = (built_site / "api" / "roadmap.json").read_text(encoding="utf-8")
    schema = json.loads((built_site / "api" / "roadmap.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(text), schema, cls=jsonschema.Draft202012Validator)
    published = Roadmap.model_validate_json(text)
    source = load_roadmap(DATA)
    # Equal as models: same fields and values (the in-memory one also remembers file locations, not data).
    assert published.model_dump() == source.model_dump()
    assert published == Roadmap.model_validate_json(source.model_dump_json())
    assert [s.id for s in published.skills] == [s.id for s in source.skills]


def test_open_data_schema_rejects_broken_data(built_site):
    schema = json.loads((built_site / "api" / "roadmap.schema.json").read_text(encoding="utf-8"))
    data = json.loads((built_site / "api" / "roadmap.json").read_text(encoding="utf-8"))
    data["skills"][0]["unexpected"] = True
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
