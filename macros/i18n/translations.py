"""Translation files: read and check data/i18n/<lang>/, and put a translation into the roadmap.

`languages(data_dir)` lists the language folders, `load_translation(data_dir, lang, roadmap)`
reads one language against the English roadmap (every problem a located `DataError`), and
`localise(roadmap, translation)` returns the roadmap with the translated text in place, English
kept where a unit is missing, plus the state of every unit: translated (its `from` is the
fingerprint of today's English), outdated (translated from other English: shown, with a note)
or missing (English shown, with a notice).

Files are read by macros.model.yaml_reader (no symbolic links, size and depth limits, no anchors
or tags, the line of every key) and the text follows the model's own Name and Text rules. Nothing
here keeps state between calls: the site build calls it once per language.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from macros.i18n.stub import nest, schema_header
from macros.i18n.units import NAME_FIELDS, SINGLE_FILES, UnitPath, fingerprint, units_of
from macros.model.checks import did_you_mean
from macros.model.entities import (
    KIND,
    KINDS,
    Area,
    ChecklistItem,
    DroppedSkill,
    Name,
    Resource,
    Responsibility,
    Role,
    Text,
    ToolCategory,
)
from macros.model.load import RoadmapInvalid, describe_error, read_data_file
from macros.model.roadmap import Roadmap
from macros.model.yaml_reader import (
    MAX_NAME_LENGTH,
    MAX_PROSE_LENGTH,
    SYMLINK_FILE,
    SYMLINK_FOLDER,
    DataError,
    SourceMap,
    clip,
    invisible_character,
    shown,
)

I18N_FOLDER = "i18n"  # data/i18n/<lang>/...
SOURCE_LANGUAGE = "en"
# BCP 47 tags as the data uses them (entities.LanguageTag): a language, optionally a region.
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
FINGERPRINT = re.compile(r"^[0-9a-f]{8}$")

UnitState = Literal["translated", "outdated", "missing"]
FileStatus = Literal["translated", "outdated", "partial", "missing"]

_NAME = TypeAdapter(Name)
_TEXT = TypeAdapter(Text)

# What the keys of a keyed list are called in messages, by the list's field.
_MEMBERS = {
    "objectives": "objective id",
    "outcomes": "outcome id",
    "milestones": "milestone id",
    "drops": "dropped skill",
    "done_when": "position",
    "resources": "resource URL",
    "areas": "area id",
    "tool_categories": "tool category id",
}
# The model of one member of a keyed list whose members hold several fields.
_MEMBER_MODELS: dict[str, type[BaseModel]] = {
    "resources": Resource,
    "areas": Area,
    "tool_categories": ToolCategory,
    "responsibilities": Responsibility,
}
# The field a one-unit member translates (objectives.<id> is the objective's text).
_MEMBER_LEAF: dict[type, str] = {ChecklistItem: "text", DroppedSkill: "reason"}


# -- what was read --------------------------------------------------------------------------------
@dataclass(frozen=True)
class TranslatedUnit:
    """One unit of a translation file: the translation and the fingerprint of its English."""

    text: str
    source: str  # the unit's `from`
    line: int


@dataclass(frozen=True)
class TranslationFile:
    """One file of data/i18n/<lang>/, e.g. relative 'skills/python.yaml'."""

    relative: str
    display: str  # 'data/i18n/pt-BR/skills/python.yaml', as errors name it
    units: dict[UnitPath, TranslatedUnit]
    source: SourceMap


@dataclass(frozen=True)
class Translation:
    """Every translation file of one language, checked against the English roadmap."""

    lang: str
    folder: str  # 'data/i18n/pt-BR'
    files: dict[str, TranslationFile] = field(default_factory=dict)

    def display(self, relative: str) -> str:
        """Where the file for `relative` is (or would be): 'data/i18n/pt-BR/skills/python.yaml'."""
        return f"{self.folder}/{relative}"


# -- languages ------------------------------------------------------------------------------------
def _display(data_dir: Path) -> Callable[[Path], str]:
    root = Path(data_dir).parent

    def display(path: Path) -> str:
        return Path(path).relative_to(root).as_posix()

    return display


def _entries(folder: Path, display: Callable[[Path], str], errors: list[DataError]) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as scan:
            return sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        errors.append(DataError(display(folder), 1, "", f"cannot read folder: {exc.strerror or 'error'}"))
        return []


def _refused(entry: os.DirEntry) -> str | None:
    """Why an entry cannot be read ('' to skip it silently: hidden non-YAML files), None when it may."""
    if entry.is_symlink():
        return SYMLINK_FOLDER if os.path.isdir(entry.path) else SYMLINK_FILE
    if entry.name.startswith(".") and entry.is_file(follow_symlinks=False):
        return "hidden data files are not loaded: remove the leading dot" if entry.name.endswith(".yaml") else ""
    if not entry.is_dir(follow_symlinks=False) and not entry.is_file(follow_symlinks=False):
        return "data files must be regular files"
    return None


def scan_languages(data_dir: Path) -> tuple[list[str], list[DataError]]:
    """The language folders of data/i18n/ (sorted) and the problems found there."""
    data_dir = Path(data_dir)
    display = _display(data_dir)
    folder = data_dir / I18N_FOLDER
    errors: list[DataError] = []
    if folder.is_symlink():
        return [], [DataError(display(folder), 1, "", SYMLINK_FOLDER)]
    if not folder.exists():
        return [], []
    if not folder.is_dir():
        return [], [DataError(display(folder), 1, "", "must be a folder (of language folders such as pt-BR)")]
    found = []
    for entry in _entries(folder, display, errors):
        why = _refused(entry)
        if why is not None:
            if why:
                errors.append(DataError(display(Path(entry.path)), 1, "", why))
            continue
        if not entry.is_dir(follow_symlinks=False):
            errors.append(
                DataError(display(Path(entry.path)), 1, "", "files are not read here: put them in a language folder")
            )
        elif entry.name == SOURCE_LANGUAGE:
            errors.append(
                DataError(display(Path(entry.path)), 1, "", "English is the source language: its text lives in data/")
            )
        elif not LANGUAGE_TAG.match(entry.name):
            errors.append(
                DataError(
                    display(Path(entry.path)),
                    1,
                    "",
                    f"{shown(entry.name)} is not a language tag: name the folder by its BCP 47 tag, like pt-BR or es",
                )
            )
        else:
            found.append(entry.name)
    return found, errors


def languages(data_dir: Path) -> list[str]:
    """The languages of data/i18n/ (folder names, sorted); RoadmapInvalid when anything else is there."""
    found, errors = scan_languages(data_dir)
    if errors:
        raise RoadmapInvalid(errors)
    return found


# -- what a language may hold -----------------------------------------------------------------------
@dataclass(frozen=True)
class _Expected:
    """One translation file a language may have: the English units and the item they come from."""

    relative: str
    units: dict[UnitPath, str]
    owner: BaseModel  # the item, the role or the taxonomy


def expected_files(roadmap: Roadmap) -> dict[str, _Expected]:
    """Every translation file a language can have, by its path inside data/i18n/<lang>/."""
    files = {
        "role.yaml": _Expected("role.yaml", dict(units_of(roadmap.role)), roadmap.role),
        "taxonomy.yaml": _Expected("taxonomy.yaml", dict(units_of(roadmap.taxonomy)), roadmap.taxonomy),
    }
    for kind in KINDS:
        for item in roadmap.items(kind.folder):
            relative = f"{kind.folder}/{item.id}.yaml"
            files[relative] = _Expected(relative, dict(units_of(item)), item)
    return files


# -- reading one language -----------------------------------------------------------------------------
def collect_translation(
    data_dir: Path, lang: str, roadmap: Roadmap, expected: dict[str, _Expected] | None = None
) -> tuple[Translation, list[DataError]]:
    """Read data/i18n/<lang>/ against `roadmap`: the units that are valid, and every problem (sorted)."""
    data_dir = Path(data_dir)
    display = _display(data_dir)
    folder = data_dir / I18N_FOLDER / lang
    translation = Translation(lang, display(folder))
    errors: list[DataError] = []
    if not LANGUAGE_TAG.match(lang) or lang == SOURCE_LANGUAGE:
        return translation, [DataError(display(folder), 1, "", f"{shown(lang)} is not a translation language")]
    if folder.is_symlink() or not folder.is_dir():
        why = SYMLINK_FOLDER if folder.is_symlink() else "language folder not found"
        return translation, [DataError(display(folder), 1, "", why)]
    expected = expected if expected is not None else expected_files(roadmap)
    for path, relative in _translation_paths(folder, display, errors):
        wanted = expected.get(relative)
        shown_as = translation.display(relative)
        if wanted is None:
            errors.append(_no_such_item(shown_as, relative, roadmap, data_dir.name))
            continue
        read = _read_file(path, shown_as, wanted, errors)
        if read is not None:
            translation.files[relative] = read
    return translation, sorted(set(errors))


def load_translation(data_dir: Path, lang: str, roadmap: Roadmap) -> Translation:
    """The checked translation of `roadmap` into `lang`; RoadmapInvalid lists every problem, located."""
    translation, errors = collect_translation(data_dir, lang, roadmap)
    if errors:
        raise RoadmapInvalid(errors)
    return translation


_ALLOWED = ", ".join([*(f"{name}.yaml" for name in SINGLE_FILES), *(f"{kind.folder}/" for kind in KINDS)])


def _translation_paths(
    folder: Path, display: Callable[[Path], str], errors: list[DataError]
) -> Iterator[tuple[Path, str]]:
    """(file, path inside the language folder) of every file to read; anything else is an error."""

    def problem(entry: os.DirEntry, message: str) -> None:
        errors.append(DataError(display(Path(entry.path)), 1, "", message))

    for entry in _entries(folder, display, errors):
        why = _refused(entry)
        if why is not None:
            if why:
                problem(entry, why)
            continue
        is_dir = entry.is_dir(follow_symlinks=False)
        if not is_dir and entry.name.removesuffix(".yaml") in SINGLE_FILES and entry.name.endswith(".yaml"):
            yield Path(entry.path), entry.name
        elif is_dir and entry.name in KIND:
            for inner in _entries(Path(entry.path), display, errors):
                why = _refused(inner)
                if why is not None:
                    if why:
                        problem(inner, why)
                elif inner.is_dir(follow_symlinks=False):
                    problem(
                        inner,
                        f"folders are not read here: put translation files directly in {display(Path(entry.path))}/",
                    )
                elif not inner.name.endswith(".yaml"):
                    problem(inner, "translation files must end in .yaml")
                else:
                    yield Path(inner.path), f"{entry.name}/{inner.name}"
        else:
            what = "folder" if is_dir else "file"
            close = did_you_mean(entry.name, [*(f"{name}.yaml" for name in SINGLE_FILES), *KIND])
            problem(entry, f"unknown {what} in a language folder (allowed: {_ALLOWED}){close}")


def _no_such_item(display: str, relative: str, roadmap: Roadmap, data_name: str) -> DataError:
    folder, _, name = relative.partition("/")
    item_id = name.removesuffix(".yaml")
    known = [item.id for item in roadmap.items(folder)]
    what = KIND[folder].singular
    return DataError(
        display,
        1,
        "",
        f"no {what} {shown(item_id)} in {data_name}/{folder}/: a translation file must be named after an item"
        f"{did_you_mean(item_id, known)}",
    )


def _read_file(path: Path, display: str, wanted: _Expected, errors: list[DataError]) -> TranslationFile | None:
    empty = "file is empty: translate at least one field, or delete the file"
    read = read_data_file(path, display, schema_header(wanted.relative), errors, empty)
    if read is None:
        return None
    data, source = read
    units: dict[UnitPath, TranslatedUnit] = {}
    _walk(data, nest(wanted.units), (), source, wanted, units, errors)
    return TranslationFile(wanted.relative, display, units, source)


UNIT_SHAPE = "must be a unit: a mapping with text (the translation) and from (the fingerprint of the English)"


def _walk(
    data: object,
    expected: dict[str, Any] | str,
    path: UnitPath,
    source: SourceMap,
    wanted: _Expected,
    units: dict[UnitPath, TranslatedUnit],
    errors: list[DataError],
) -> None:
    if isinstance(expected, str):
        unit = _unit(data, path, source, errors)
        if unit is not None:
            units[path] = unit
        return
    if not isinstance(data, dict):
        errors.append(source.error(path, f"must be a mapping of keys to values (found {_kind_of(data)})"))
        return
    for key, value in data.items():
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            errors.append(source.error(path, f"keys must be text (found {shown(key)})"))
            continue
        name = str(key)
        if name in expected:
            _walk(value, expected[name], (*path, name), source, wanted, units, errors)
        else:
            errors.append(source.error((*path, name), _unknown(path, name, expected, wanted)))


def _kind_of(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return shown(value)


def _unknown(parent: UnitPath, key: str, expected: dict[str, Any], wanted: _Expected) -> str:
    """Why `key` cannot be in the translation under `parent`: not translatable, or unknown."""
    known = list(expected)
    close = did_you_mean(key, known)
    if len(parent) == 0:
        model: type[BaseModel] | None = type(wanted.owner)
    elif len(parent) == 2:
        model = _MEMBER_MODELS.get(parent[0])
    else:
        model = None
    if model is not None:
        if len(parent) == 0 and (key in _MEMBERS or key == "responsibilities") and key in model.model_fields:
            what = "resource with a note" if key == "resources" else key.replace("_", " ")
            return f"nothing to translate: this item has no {what} in English"
        if key in model.model_fields:
            return f"{shown(key)} is not translatable (translatable here: {', '.join(known) or 'nothing'})"
        return f"unknown field {shown(key)} (translatable here: {', '.join(known) or 'nothing'}){close}"
    if len(parent) == 1:
        field_name = parent[0]
        values = getattr(wanted.owner, field_name, [])
        if field_name == "resources":
            if any(str(resource.url) == key for resource in values):
                return "this resource has no note in English, so there is nothing to translate"
            return f"unknown resource URL {shown(key)}: no resource of this item has it{close}"
        if values and isinstance(values[0], str):
            return f"unknown position {shown(key)}: the English {field_name} lists {len(values)} (1 to {len(values)})"
        what = _MEMBERS.get(field_name, "responsibility id" if isinstance(wanted.owner, Role) else "key")
        return f"unknown {what} {shown(key)}{close}"
    return f"unknown key {shown(key)}{close}"


def _unit(data: object, path: UnitPath, source: SourceMap, errors: list[DataError]) -> TranslatedUnit | None:
    if not isinstance(data, dict):
        errors.append(source.error(path, f"{UNIT_SHAPE} (found {_kind_of(data)})"))
        return None
    ok = True
    for key in data:
        if key not in ("text", "from"):
            errors.append(source.error((*path, str(key)), f"unknown key {shown(key)}: a unit has only text and from"))
            ok = False
    for key in ("text", "from"):
        if key not in data:
            errors.append(source.error(path, f"{key}: required field is missing"))
            ok = False
    if not ok:
        return None
    text = _text(data["text"], path, source, errors)
    stamp = data["from"]
    if not isinstance(stamp, str):
        errors.append(
            source.error(
                (*path, "from"),
                f"must be text: put the fingerprint in quotes, like from: '0123abcd' (found {shown(stamp)})",
            )
        )
        return None
    if not FINGERPRINT.match(stamp):
        errors.append(
            source.error(
                (*path, "from"),
                "must be the fingerprint of the English text: 8 characters 0-9 and a-f, as "
                f"`roadmap i18n stub` writes it (found {shown(stamp)})",
            )
        )
        return None
    if text is None:
        return None
    return TranslatedUnit(text, stamp, source.line_of(path))


def _text(value: object, path: UnitPath, source: SourceMap, errors: list[DataError]) -> str | None:
    """The translation, checked by the model's Name or Text rules (stripped, length, no invisible characters)."""
    is_name = len(path) != 2 and path[-1] in NAME_FIELDS  # a name, at most MAX_NAME_LENGTH; else prose
    if isinstance(value, str) and invisible_character(value) is None:
        # The common case without pydantic's per-call cost; the same rules, as the tests of both paths show.
        text = value.strip()
        if 0 < len(text) <= (MAX_NAME_LENGTH if is_name else MAX_PROSE_LENGTH):
            return text
    rule = _NAME if is_name else _TEXT
    try:
        return rule.validate_python(value)
    except ValidationError as exc:
        for error in exc.errors():
            errors.append(source.error((*path, "text"), describe_error(error)))
        return None


# -- putting a translation in ---------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitReport:
    """An outdated or missing unit: where its translation is (or goes) and the English it needs."""

    file: str  # the translation file, 'data/i18n/pt-BR/skills/python.yaml'
    line: int  # the unit's line (outdated), or its closest parent's (missing; 1 without the file)
    field: str  # 'objectives.debugging'
    english: str  # today's English text
    text: str | None = None  # the outdated translation; None when missing
    current: str = ""  # fingerprint of today's English: the `from` an updated translation gets

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}"


@dataclass(frozen=True)
class Coverage:
    """Unit counts: of one kind ('skills', 'role', ...), of a whole language, or of one file (FileState)."""

    translated: int = 0
    outdated: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.outdated + self.missing

    def percent(self, state: UnitState) -> float:
        return 100.0 * getattr(self, state) / self.total if self.total else 100.0

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(
            self.translated + other.translated, self.outdated + other.outdated, self.missing + other.missing
        )


@dataclass(frozen=True)
class FileState(Coverage):
    """Unit counts of one translation file (one item, the role or the taxonomy)."""

    relative: str = field(kw_only=True)  # "skills/python.yaml", "role.yaml"

    @property
    def status(self) -> FileStatus:
        """'missing' (nothing translated), 'partial' (some units missing), 'outdated' (all there,
        some translated from older English), 'translated' (everything current)."""
        if self.translated + self.outdated == 0:
            return "missing"
        if self.missing:
            return "partial"
        return "outdated" if self.outdated else "translated"


def kind_of(relative: str) -> str:
    """'skills/python.yaml' -> 'skills'; 'role.yaml' -> 'role'."""
    return relative.split("/")[0].removesuffix(".yaml")


@dataclass(frozen=True)
class Localised:
    """A roadmap in one language, and how complete and current its translation is."""

    lang: str
    roadmap: Roadmap
    files: dict[str, FileState]  # every translatable file, in data order
    units: dict[tuple[str, UnitPath], UnitState]
    outdated: list[UnitReport]
    missing: list[UnitReport]

    def state_of(self, relative: str) -> FileState:
        """Counts for 'skills/python.yaml', 'role.yaml' or 'taxonomy.yaml' (KeyError if no such item)."""
        return self.files[relative]

    def item_state(self, folder: str, item_id: str) -> FileState:
        """Counts for one item: item_state('skills', 'python')."""
        return self.files[f"{folder}/{item_id}.yaml"]

    def unit_state(self, relative: str, path: UnitPath) -> UnitState:
        """'translated', 'outdated' or 'missing' for one unit, e.g. ('skills/python.yaml', ('objectives', 'x'))."""
        return self.units[(relative, path)]

    def coverage(self) -> dict[str, Coverage]:
        """Unit counts per kind: 'role', 'taxonomy', then the item folders (those with items)."""
        found: dict[str, Coverage] = {}
        for relative, state in self.files.items():
            kind = kind_of(relative)
            found[kind] = found.get(kind, Coverage()) + state
        return found

    def total(self) -> Coverage:
        total = Coverage()
        for part in self.coverage().values():
            total = total + part
        return total


def localise(roadmap: Roadmap, translation: Translation) -> Localised:
    """`roadmap` with the translation's text in place (English where a unit is missing), and its states.

    Items are copied with pydantic's model_copy(update=...), so the Roadmap keeps its types and every
    item its source (file and lines of the English data); items without a translated unit are the
    English instances themselves. The Roadmap is made anew, so its lookups and relations are its own.
    """
    return _localise(roadmap, translation, put_in=True)


def translation_states(roadmap: Roadmap, translation: Translation) -> Localised:
    """The states of every unit only, as `roadmap validate` and `roadmap i18n status` need them:
    like localise(), but its `.roadmap` is `roadmap` itself, in English."""
    return _localise(roadmap, translation, put_in=False)


def _localise(roadmap: Roadmap, translation: Translation, put_in: bool) -> Localised:
    files: dict[str, FileState] = {}
    unit_states: dict[tuple[str, UnitPath], UnitState] = {}
    outdated: list[UnitReport] = []
    missing: list[UnitReport] = []

    def translate(relative: str, model: BaseModel, english_units: Iterator[tuple[UnitPath, str]]) -> Any:
        read = translation.files.get(relative)
        display = read.display if read else translation.display(relative)
        counts = {"translated": 0, "outdated": 0, "missing": 0}
        texts: dict[UnitPath, str] = {}
        for path, english in english_units:
            unit = read.units.get(path) if read else None
            where = ".".join(path)
            current = fingerprint(english)
            if unit is None:
                state: UnitState = "missing"
                line = read.source.line_of(path) if read else 1
                missing.append(UnitReport(display, line, where, english, None, current))
            else:
                texts[path] = unit.text
                if unit.source == current:
                    state = "translated"
                else:
                    state = "outdated"
                    outdated.append(UnitReport(display, unit.line, where, english, unit.text, current))
            counts[state] += 1
            unit_states[(relative, path)] = state
        if sum(counts.values()):
            files[relative] = FileState(**counts, relative=relative)
        return _apply(model, texts) if texts and put_in else model

    update: dict[str, Any] = {
        "role": translate("role.yaml", roadmap.role, units_of(roadmap.role)),
        "taxonomy": translate("taxonomy.yaml", roadmap.taxonomy, units_of(roadmap.taxonomy)),
    }
    for kind in KINDS:
        update[kind.folder] = [
            translate(f"{kind.folder}/{item.id}.yaml", item, units_of(item)) for item in roadmap.items(kind.folder)
        ]
    if put_in:
        values = {name: getattr(roadmap, name) for name in Roadmap.model_fields} | update
        localised = Roadmap.model_construct(_fields_set=roadmap.model_fields_set, **values)
    else:
        localised = roadmap
    return Localised(translation.lang, localised, files, unit_states, outdated, missing)


def _member_key(member: object, position: int) -> str:
    if isinstance(member, str):
        return str(position)
    if isinstance(member, Resource):
        return str(member.url)
    if isinstance(member, DroppedSkill):
        return member.skill
    return str(getattr(member, "id"))  # noqa: B009 - checklist items, areas, categories, responsibilities


def _apply(model: Any, texts: dict[UnitPath, str]) -> Any:
    """A copy of `model` with the text at each unit path replaced."""
    update: dict[str, Any] = {}
    nested: dict[str, dict[str, dict[UnitPath, str]]] = {}
    for path, text in texts.items():
        if len(path) == 1:
            update[path[0]] = text
        else:
            nested.setdefault(path[0], {}).setdefault(path[1], {})[path[2:]] = text
    for field_name, by_key in nested.items():
        members = []
        for position, member in enumerate(getattr(model, field_name), start=1):
            inner = by_key.get(_member_key(member, position))
            if inner is None:
                members.append(member)
            elif isinstance(member, str):
                members.append(inner[()])
            else:
                leaf = _MEMBER_LEAF.get(type(member))
                members.append(
                    member.model_copy(update={leaf: inner[()]}) if leaf and () in inner else _apply(member, inner)
                )
        update[field_name] = members
    return model.model_copy(update=update)


def clipped(text: str, limit: int = 120) -> str:
    """English quoted in a warning: whitespace folded, at most `limit` characters."""
    return clip(" ".join(text.split()), limit)
