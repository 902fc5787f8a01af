"""What in the data is translatable: every item's text as units addressed by a path.

A *unit* is one piece of English text that a translator translates as a whole: a skill's
summary, one objective, one resource's note. Its *path* says where it sits in the item and
where it sits in the translation file (data/i18n/<lang>/<folder>/<id>.yaml), which mirrors
the item: keyed by permanent ids (objectives, outcomes, milestones, responsibilities, areas),
by the resource's URL (resources have no id, and one item lists a URL once), or by position
(a tier's responsibilities and a project's done-when list are plain lists of text).

Only text a reader reads is translatable: names, summaries and checklist texts. Ids, URLs,
levels, numbers and the titles and authors of the works cited are not: a book keeps its title.
Tool names are product names and stay as they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from macros.model.entities import Entity, Project, Resource, Role, Skill, Specialisation, Step, Taxonomy, Tier, Tool
from macros.model.roadmap import Roadmap

UnitPath = tuple[str, ...]

# The files of a language folder that are not one-per-item: file stem -> what they translate.
SINGLE_FILES = ("role", "taxonomy")


def fingerprint(english: str) -> str:
    """A short hash of the English text a translation was made from.

    Whitespace is folded first, so re-wrapping a folded YAML paragraph does not mark its
    translations outdated; any change of words, punctuation or case does.
    """
    # str.split() breaks at exactly the characters the pattern \s matches (both use str.isspace);
    # split and join is ~5x faster than re.sub + strip, and validate fingerprints every English unit.
    folded = " ".join(english.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:8]


def _resources(resources: list[Resource]) -> Iterator[tuple[UnitPath, str]]:
    for resource in resources:
        if resource.note:
            yield ("resources", str(resource.url), "note"), resource.note


def item_units(item: Entity) -> Iterator[tuple[UnitPath, str]]:
    """The translatable text of one item, in the order of its data file."""
    if isinstance(item, Skill):
        yield ("name",), item.name
        yield ("summary",), item.summary
        yield ("why",), item.why
        for objective in item.objectives:
            yield ("objectives", objective.id), objective.text
        yield from _resources(item.resources)
    elif isinstance(item, Step):
        yield ("title",), item.title
        yield ("goal",), item.goal
        yield ("summary",), item.summary
        for outcome in item.outcomes:
            yield ("outcomes", outcome.id), outcome.text
        yield from _resources(item.resources)
    elif isinstance(item, Tool):
        yield ("summary",), item.summary
        yield from _resources(item.resources)
    elif isinstance(item, Tier):
        yield ("name",), item.name
        yield ("track",), item.track
        yield ("summary",), item.summary
        yield ("experience",), item.experience
        for position, text in enumerate(item.responsibilities, start=1):
            yield ("responsibilities", str(position)), text
        for drop in item.drops:
            yield ("drops", drop.skill), drop.reason
    elif isinstance(item, Project):
        yield ("title",), item.title
        yield ("summary",), item.summary
        for milestone in item.milestones:
            yield ("milestones", milestone.id), milestone.text
        for position, text in enumerate(item.done_when, start=1):
            yield ("done_when", str(position)), text
    elif isinstance(item, Specialisation):
        yield ("name",), item.name
        yield ("summary",), item.summary
        yield from _resources(item.resources)
    else:  # pragma: no cover - KINDS and this function must grow together
        raise TypeError(f"no translatable fields known for {type(item).__name__}")


def role_units(role: Role) -> Iterator[tuple[UnitPath, str]]:
    yield ("title",), role.title
    yield ("summary",), role.summary
    yield ("bridge",), role.bridge
    for responsibility in role.responsibilities:
        yield ("responsibilities", responsibility.id, "title"), responsibility.title
        yield ("responsibilities", responsibility.id, "text"), responsibility.text


def taxonomy_units(taxonomy: Taxonomy) -> Iterator[tuple[UnitPath, str]]:
    for area in taxonomy.areas:
        yield ("areas", area.id, "name"), area.name
        yield ("areas", area.id, "summary"), area.summary
    for category in taxonomy.tool_categories:
        yield ("tool_categories", category.id, "name"), category.name
        yield ("tool_categories", category.id, "summary"), category.summary


def translatable_files(roadmap: Roadmap) -> Iterator[tuple[str, dict[UnitPath, str]]]:
    """Every translation file a language can have, as (path inside data/i18n/<lang>/, units)."""
    yield "role.yaml", dict(role_units(roadmap.role))
    yield "taxonomy.yaml", dict(taxonomy_units(roadmap.taxonomy))
    for kind_folder, item in _all_items(roadmap):
        units = dict(item_units(item))
        if units:
            yield f"{kind_folder}/{item.id}.yaml", units


def _all_items(roadmap: Roadmap) -> Iterator[tuple[str, Entity]]:
    from macros.model.entities import KINDS

    for kind in KINDS:
        for item in roadmap.items(kind.folder):
            yield kind.folder, item
