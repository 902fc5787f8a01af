"""JSON Schemas of the translation files (schemas/i18n/<kind>.schema.json), for editors.

The models here describe the shape only: which fields a translation file of each kind may
hold, keyed lists as mappings of id, URL or position to units, each unit `{text, from}`. Which
ids and URLs exist is the data's business, checked by `roadmap validate`
(macros/i18n/translations.py). `roadmap schemas` writes these next to the data schemas, and a
test compares the committed files with what this module produces.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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


class ResourceTranslation(_Shape):
    note: TextUnit = None  # type: ignore[assignment]


_Resources = dict[str, ResourceTranslation]  # keyed by the resource's URL


class SkillTranslation(_Shape):
    name: NameUnit = None  # type: ignore[assignment]
    summary: TextUnit = None  # type: ignore[assignment]
    why: TextUnit = None  # type: ignore[assignment]
    objectives: dict[_Id, TextUnit] = {}
    resources: _Resources = {}


class StepTranslation(_Shape):
    title: NameUnit = None  # type: ignore[assignment]
    goal: TextUnit = None  # type: ignore[assignment]
    summary: TextUnit = None  # type: ignore[assignment]
    outcomes: dict[_Id, TextUnit] = {}
    resources: _Resources = {}


class ToolTranslation(_Shape):
    summary: TextUnit = None  # type: ignore[assignment]
    resources: _Resources = {}


class TierTranslation(_Shape):
    name: NameUnit = None  # type: ignore[assignment]
    track: NameUnit = None  # type: ignore[assignment]
    summary: TextUnit = None  # type: ignore[assignment]
    experience: TextUnit = None  # type: ignore[assignment]
    responsibilities: dict[_Position, TextUnit] = {}
    drops: dict[_Id, TextUnit] = {}


class ProjectTranslation(_Shape):
    title: NameUnit = None  # type: ignore[assignment]
    summary: TextUnit = None  # type: ignore[assignment]
    milestones: dict[_Id, TextUnit] = {}
    done_when: dict[_Position, TextUnit] = {}


class SpecialisationTranslation(_Shape):
    name: NameUnit = None  # type: ignore[assignment]
    summary: TextUnit = None  # type: ignore[assignment]
    resources: _Resources = {}


class ResponsibilityTranslation(_Shape):
    title: NameUnit = None  # type: ignore[assignment]
    text: TextUnit = None  # type: ignore[assignment]


class RoleTranslation(_Shape):
    title: NameUnit = None  # type: ignore[assignment]
    summary: TextUnit = None  # type: ignore[assignment]
    bridge: TextUnit = None  # type: ignore[assignment]
    responsibilities: dict[_Id, ResponsibilityTranslation] = {}


class NamedTranslation(_Shape):
    name: NameUnit = None  # type: ignore[assignment]
    summary: TextUnit = None  # type: ignore[assignment]


class TaxonomyTranslation(_Shape):
    areas: dict[_Id, NamedTranslation] = {}
    tool_categories: dict[_Id, NamedTranslation] = {}


# Schema name (stub.schema_name) -> the shape of its translation files.
I18N_SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "skill": SkillTranslation,
    "step": StepTranslation,
    "tool": ToolTranslation,
    "tier": TierTranslation,
    "project": ProjectTranslation,
    "specialisation": SpecialisationTranslation,
    "role": RoleTranslation,
    "taxonomy": TaxonomyTranslation,
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
