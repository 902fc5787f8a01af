"""JSON Schemas of the translation files (schemas/i18n/<kind>.schema.json), for editors.

The models here describe the shape only: which fields a translation file of each kind may
hold (built from macros.i18n.units.TRANSLATABLE, the table the loader reads files by), keyed
lists as mappings of id, URL or position to units, each unit `{text, from}`. Which ids and URLs
exist is the data's business, checked by `roadmap validate` (macros/i18n/translations.py). `roadmap schemas` writes these next to the data schemas, and a
test compares the committed files with what this module produces.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model

from macros.i18n.units import NAME, POSITION, TRANSLATABLE, Entries
from macros.model.entities import SLUG_PATTERN, Name, Text

_FINGERPRINT = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{8}$"),
    Field(description="fingerprint of the English text this was translated from (roadmap i18n stub writes it)"),
]
_Position = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*$")]
_Id = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class TextUnit(_Shape):
    """One translated text and the fingerprint of the English it was translated from."""

    text: Text
    from_: _FINGERPRINT = Field(alias="from")


class NameUnit(_Shape):
    """A translated name or title and the fingerprint of the English it was translated from."""

    text: Name
    from_: _FINGERPRINT = Field(alias="from")


def _unit(how: str) -> Any:
    """A NAME or TEXT unit: optional in a file (a translator may translate only some fields)."""
    return (NameUnit if how == NAME else TextUnit, None)


_KEYS: dict[str, Any] = {POSITION: _Position, "url": str}  # any other key is an id


@functools.cache
def _entry_shape(entries: Entries) -> type[BaseModel]:
    """The model of one entry that holds several units (ResourceTranslation)."""
    parts = {part: _unit(how) for part, how in entries.parts}
    return create_model(f"{entries.shape}Translation", __base__=_Shape, **parts)


def _field(how: str | Entries) -> Any:
    if not isinstance(how, Entries):
        return _unit(how)
    key: Any = _KEYS.get(how.key, _Id)
    entry: Any = _entry_shape(how) if how.parts else TextUnit
    return (dict[key, entry], {})


# Schema name (stub.schema_name) -> the shape of its translation files, from units.TRANSLATABLE:
# SkillTranslation for "skill", and so on.
I18N_SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    name: create_model(
        f"{name.capitalize()}Translation", __base__=_Shape, **{field: _field(how) for field, how in fields}
    )
    for name, fields in TRANSLATABLE.items()
}
FOLDER = "i18n"  # schemas/i18n/


def _without_defaults(node: Any) -> Any:
    """Drop the `default` pydantic writes for optional fields (null or {}): a file leaves them out."""
    if isinstance(node, dict):
        return {key: _without_defaults(value) for key, value in node.items() if key != "default"}
    if isinstance(node, list):
        return [_without_defaults(value) for value in node]
    return node


def i18n_schema_texts() -> dict[str, str]:
    """'i18n/skill.schema.json' -> content, for every kind of translation file."""
    from macros.model.schemas import model_schema, render

    texts = {}
    for name, model in I18N_SCHEMA_MODELS.items():
        schema = model_schema(model)
        texts[f"{FOLDER}/{name}.schema.json"] = render(_without_defaults(schema))
    return texts


def write_i18n_schemas(out_dir: Path) -> list[Path]:
    """Write (or refresh) out_dir/i18n/*.schema.json atomically; returns the files that changed."""
    from macros.model.schemas import write_schema_files

    return write_schema_files(Path(out_dir), i18n_schema_texts())
