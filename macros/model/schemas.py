"""JSON Schemas generated from the pydantic models, for editors and for the open data.

`roadmap schemas` writes one schema per data file kind into schemas/; every data
file names its schema on its first line, so editors with the YAML language
server complete keys and flag mistakes while typing. A test fails when the
committed files differ from what the models produce.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from macros.atomic import AtomicWriteError, write_text_atomic
from macros.model.entities import ENTITY_KINDS, SINGLE_FILES
from macros.model.roadmap import Roadmap

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DEFAULT_DIR = Path("schemas")

# Schema name -> model, one per data file kind ("skill" -> schemas/skill.schema.json).
SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    model.__name__.lower(): model for model in (*ENTITY_KINDS.values(), *SINGLE_FILES.values())
}


def model_schema(model: type[BaseModel], title: str | None = None) -> dict:
    """The model's JSON Schema (validation mode: what a data file may contain)."""
    schema = model.model_json_schema(mode="validation")
    return {"$schema": JSON_SCHEMA_DIALECT, **({"title": title} if title else {}), **schema}


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_texts() -> dict[str, str]:
    """File name -> content for every editor schema."""
    return {f"{name}.schema.json": render(model_schema(model)) for name, model in SCHEMA_MODELS.items()}


def write_schemas(out_dir: Path = DEFAULT_DIR) -> list[Path]:
    """Write (or refresh) the editor schemas; returns the files that changed."""
    return write_schema_files(Path(out_dir), schema_texts())


def write_schema_files(out_dir: Path, texts: dict[str, str]) -> list[Path]:
    """Write each `name -> text` under out_dir (names may hold a folder: 'i18n/skill.schema.json')
    unless the file already says exactly that; returns the files that changed.

    Each file is replaced atomically (macros.atomic): on any error it stays as it
    was and AtomicWriteError says which file and why; files already refreshed keep
    their new, complete content.
    """
    for folder in sorted({(out_dir / name).parent for name in texts}):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AtomicWriteError(folder, exc.strerror or str(exc), existed=folder.exists()) from None
    changed = []
    for name, text in texts.items():
        path = out_dir / name
        if _current(path) != text.encode("utf-8"):
            write_text_atomic(path, text)
            changed.append(path)
    return changed


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # missing or unreadable: write it (a real problem shows up as a write error)


def roadmap_schema() -> dict:
    """Schema of the published roadmap JSON (site/api/roadmap.json), in serialisation mode."""
    schema = Roadmap.model_json_schema(mode="serialization")
    return {"$schema": JSON_SCHEMA_DIALECT, **schema}
