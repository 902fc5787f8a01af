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
from dataclasses import dataclass

from macros.model.entities import Entity, Role, Taxonomy
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


NAME = "name"  # a unit that is a name or a title (at most MAX_NAME_LENGTH characters)
TEXT = "text"  # a unit of prose
POSITION = "#"  # a plain list of text: each entry keyed by its place in the list, from 1


@dataclass(frozen=True)
class Entries:
    """A list translated entry by entry; the translation file keys each entry by `key` (an
    attribute of the entry, or POSITION).

    An entry is one unit at (field, key): its attribute `text`, or the entry itself when `text`
    is None. With `parts` (attribute -> NAME or TEXT), an entry holds one unit per part at
    (field, key, attribute) instead, and `shape` names it in the schemas (ResourceTranslation).
    """

    key: str
    text: str | None = "text"
    parts: tuple[tuple[str, str], ...] = ()
    shape: str = ""


RESOURCES = Entries("url", parts=(("note", TEXT),), shape="Resource")  # only resources with a note
NAMED = Entries("id", parts=(("name", NAME), ("summary", TEXT)), shape="Named")

# What a translator translates in each kind of file (schema name -> its translatable fields, in the
# order of the data file, each NAME, TEXT or Entries). Everything else stays as it is: ids, URLs,
# levels, numbers, the titles of cited works, tool names. macros/i18n/schemas.py builds the
# translation files' schemas from this table, so what is read and what editors accept agree.
TRANSLATABLE: dict[str, tuple[tuple[str, str | Entries], ...]] = {
    "skill": (
        ("name", NAME),
        ("summary", TEXT),
        ("why", TEXT),
        ("objectives", Entries("id")),
        ("resources", RESOURCES),
    ),
    "step": (
        ("title", NAME),
        ("goal", TEXT),
        ("summary", TEXT),
        ("outcomes", Entries("id")),
        ("resources", RESOURCES),
    ),
    "tool": (("summary", TEXT), ("resources", RESOURCES)),
    "tier": (
        ("name", NAME),
        ("track", NAME),
        ("summary", TEXT),
        ("experience", TEXT),
        ("responsibilities", Entries(POSITION, text=None)),
        ("drops", Entries("skill", text="reason")),
    ),
    "project": (
        ("title", NAME),
        ("summary", TEXT),
        ("milestones", Entries("id")),
        ("done_when", Entries(POSITION, text=None)),
    ),
    "specialisation": (("name", NAME), ("summary", TEXT), ("resources", RESOURCES)),
    "role": (
        ("title", NAME),
        ("summary", TEXT),
        ("bridge", TEXT),
        ("responsibilities", Entries("id", parts=(("title", NAME), ("text", TEXT)), shape="Responsibility")),
    ),
    "taxonomy": (("areas", NAMED), ("tool_categories", NAMED)),
}


def _name_fields() -> frozenset[str]:
    found: set[str] = set()
    for fields in TRANSLATABLE.values():
        for field, how in fields:
            if isinstance(how, Entries):
                found.update(part for part, part_how in how.parts if part_how == NAME)
            elif how == NAME:
                found.add(field)
    return frozenset(found)


# The fields (and entry parts) whose units are names: "name", "title", "track".
NAME_FIELDS = _name_fields()


def units_of(model: Entity | Role | Taxonomy) -> Iterator[tuple[UnitPath, str]]:
    """The translatable text of one item, the role or the taxonomy, in the order of its data file."""
    fields = TRANSLATABLE.get(type(model).__name__.lower())
    if fields is None:  # pragma: no cover - KINDS and TRANSLATABLE must grow together
        raise TypeError(f"no translatable fields known for {type(model).__name__}")
    for field, how in fields:
        value = getattr(model, field)
        if not isinstance(how, Entries):
            yield (field,), value
            continue
        for position, entry in enumerate(value, start=1):
            key = str(position) if how.key == POSITION else str(getattr(entry, how.key))
            if not how.parts:
                yield (field, key), entry if how.text is None else getattr(entry, how.text)
            for part, _ in how.parts:
                text = getattr(entry, part)
                if text is not None:  # a resource without a note has nothing to translate
                    yield (field, key, part), text


def translatable_files(roadmap: Roadmap) -> Iterator[tuple[str, dict[UnitPath, str]]]:
    """Every translation file a language can have, as (path inside data/i18n/<lang>/, units)."""
    yield "role.yaml", dict(units_of(roadmap.role))
    yield "taxonomy.yaml", dict(units_of(roadmap.taxonomy))
    for kind_folder, item in _all_items(roadmap):
        units = dict(units_of(item))
        if units:
            yield f"{kind_folder}/{item.id}.yaml", units


def _all_items(roadmap: Roadmap) -> Iterator[tuple[str, Entity]]:
    from macros.model.entities import KINDS

    for kind in KINDS:
        for item in roadmap.items(kind.folder):
            yield kind.folder, item
