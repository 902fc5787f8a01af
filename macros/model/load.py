"""Load data/ into a `Roadmap`, collecting every error instead of stopping at the first."""

from __future__ import annotations

import os
import re
import sys
import types
import typing
from collections.abc import Mapping, Sized
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from macros.model.checks import check_roadmap, check_schema_header, did_you_mean, schema_header
from macros.model.content_rules import check_content, review_warnings
from macros.model.entities import ENTITY_KINDS, KINDS, SINGLE_FILES, Entity, Located
from macros.model.roadmap import Roadmap
from macros.model.yaml_reader import (
    SYMLINK_FILE,
    SYMLINK_FOLDER,
    DataError,
    SourceMap,
    YamlFileError,
    parse_yaml,
    read_text,
    shown,
)


class RoadmapInvalid(Exception):
    """The data has errors; `errors` lists all of them, sorted by file and line."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(f"{len(self.errors)} error(s) in the roadmap data")


def _model_at(model: type, loc: tuple) -> type[BaseModel] | None:
    """The pydantic model class that holds the field at `loc` (None if it cannot be followed)."""
    current: object = model
    for part in loc:
        current = _unwrap(current, part)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: object, part: str | int) -> object | None:
    """Follow one step of a location through a model, list or dict annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(part) if isinstance(part, str) else None
        return _strip_optional(field.annotation) if field else None
    origin = typing.get_origin(annotation)
    if origin in (list, dict):
        args = typing.get_args(annotation)
        return _strip_optional(args[-1]) if args else None
    return None


def _strip_optional(annotation: object) -> object:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


def _found(value: object) -> str:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return f"found {shown(value)}"
    names: dict[type, str] = {dict: "a mapping", list: "a list"}
    kind = names.get(type(value), f"a {type(value).__name__}")
    return f"found {kind}"


_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
}


def describe_error(error: Mapping[str, Any], model: type | None = None) -> str:
    """One readable sentence for a pydantic error: what was expected and what was found."""
    kind = error["type"]
    loc = tuple(error["loc"])
    found = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1]) if model else None
        key = str(loc[-1])
        if owner is None:
            return "unknown key (check the spelling; see the schema for the allowed keys)"
        allowed = list(owner.model_fields)
        return f"unknown key {shown(key)}; allowed keys: {', '.join(allowed)}{did_you_mean(key, allowed)}"
    if kind == "missing":
        return "required field is missing"
    if kind in ("invisible_character", "tracking_parameter"):
        # invisible: the value is not quoted, the character would travel with it; tracking: it names the parameter
        return error["msg"]
    if kind == "string_too_long":
        length = f" (found {len(found):,})" if isinstance(found, str) else ""
        return f"must be at most {ctx.get('max_length', 0):,} characters{length}"
    if kind == "invalid_key":
        return f"keys must be text ({_found(found)})"
    if kind == "enum":
        owner = _model_at(model, loc[:-1]) if model else None
        field = owner.model_fields.get(loc[-1]) if owner and isinstance(loc[-1], str) else None
        enum = _strip_optional(field.annotation) if field else None
        if isinstance(enum, type) and issubclass(enum, Enum):
            allowed = [member.value for member in enum]
        else:
            allowed = [
                part.strip(" '") for part in ctx.get("expected", "").replace(" or ", ", ").split(",") if part.strip()
            ]
        close = did_you_mean(str(found), allowed) if isinstance(found, str) else ""
        return f"must be one of: {', '.join(allowed)} ({_found(found)}){close}"
    if kind in _EXPECTED:
        return f"must be {_EXPECTED[kind]} ({_found(found)})"
    if kind == "string_pattern_mismatch":
        return f"must be a lowercase id made of a-z, 0-9 and single hyphens, like 'linear-algebra' ({_found(found)})"
    if kind == "string_too_short":
        return f"must not be empty ({_found(found)})"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f"must list at least {least} item{'s' if least != 1 else ''} (found {len(found) if isinstance(found, Sized) else 0})"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }
        bound = next(iter(ctx.values()), "?")
        return f"must be {words[kind]} {bound} ({_found(found)})"
    message = error["msg"].removeprefix("Value error, ")
    return f"{message} ({_found(found)})"


def _validate_file(model: type[Located], data: object, source: SourceMap, errors: list[DataError]) -> Located | None:
    try:
        item = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            errors.append(source.error(tuple(error["loc"]), describe_error(error, model)))
        return None
    item.read_from(source)
    return item


def read_data_file(
    path: Path, display: str, header: str, errors: list[DataError], empty: str = "file is empty"
) -> tuple[object, SourceMap] | None:
    """Read and parse one YAML file of data/ (a data file or a translation), whose first line must be
    `header`. Every problem goes to `errors`, located; None when there is nothing to validate (the
    file cannot be read or parsed, or it is empty: the error `empty`)."""
    try:
        text = read_text(path, display)
    except YamlFileError as exc:
        errors.append(exc.error)
        return None
    errors.extend(check_schema_header(text, display, header))
    try:
        data, source, problems = parse_yaml(text, display)
    except YamlFileError as exc:
        errors.append(exc.error)
        return None
    errors.extend(problems)
    if data is None:
        errors.append(DataError(display, 1, "", empty))
        return None
    return data, source


def _load_file(path: Path, display: str, model: type[Located], errors: list[DataError]) -> Located | None:
    read = read_data_file(path, display, schema_header(model), errors)
    return None if read is None else _validate_file(model, *read, errors)


_UNKNOWN_REFERENCE = re.compile(r"^unknown (\w+) '([^']+)'")


def _refers_to_unloaded(error: DataError, unloaded: set[tuple[str, str]]) -> bool:
    """An 'unknown skill x' error is noise when x's own file exists but has errors (reported there),
    or when the whole folder of skills was refused (("skill", "*") in `unloaded`)."""
    match = _UNKNOWN_REFERENCE.match(error.message)
    if match is None:
        return False
    return bool({(match.group(1), match.group(2)), (match.group(1), "*")} & unloaded)


# Everything allowed directly in data/: the single files and the entity folders. Anything else
# is an error, so a misspelt folder (data/skill/) or a stray file is not silently ignored.
# To add a folder the loader does not read itself (say translations), add its name here.
# Single files that may be absent: no renames yet, or the default content floor.
OPTIONAL_FILES = ("renames.yaml", "floor.yaml")

# data/i18n/ holds the translations, read by macros/i18n/ (a language folder per translation).
TRANSLATIONS_FOLDER = "i18n"

DATA_ENTRIES: frozenset[str] = frozenset({*SINGLE_FILES, *ENTITY_KINDS, TRANSLATIONS_FOLDER})

# Hidden files (.gitkeep, .DS_Store) are ignored, except hidden YAML: it looks like data but
# would never be loaded. Hidden folders are errors like any unknown folder.
_YAML_SUFFIXES = (".yaml", ".yml")


def _entries(folder: Path, errors: list[DataError], display) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as scan:
            return sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        errors.append(DataError(display(str(folder)), 1, "", f"cannot read folder: {exc.strerror or 'error'}"))
        return []


def _is_dir(entry: os.DirEntry) -> bool:
    """Whether a link points at a folder (only to choose the message; nothing is read)."""
    try:
        return os.path.isdir(entry.path)
    except OSError:
        return False


def _scan(
    data_dir: Path, root: Path, errors: list[DataError]
) -> tuple[dict[str, Path], dict[str, list[tuple[Path, bool]]], set[str]]:
    """What to load, found without following links: (single files, (file, loadable) per entity kind,
    names of refused single files). Links, special files, hidden YAML and anything unknown are errors.
    """

    def display(path: str) -> str:
        return Path(path).relative_to(root).as_posix()

    def refuse(entry: os.DirEntry) -> str | None:
        """Why this entry cannot be data (None when it may be)."""
        if entry.is_symlink():
            return SYMLINK_FOLDER if _is_dir(entry) else SYMLINK_FILE
        if entry.name.startswith(".") and entry.is_file(follow_symlinks=False):
            return (
                "hidden data files are not loaded: remove the leading dot"
                if entry.name.endswith(_YAML_SUFFIXES)
                else ""
            )
        if not entry.is_dir(follow_symlinks=False) and not entry.is_file(follow_symlinks=False):
            return "data files must be regular files"
        return None

    singles: dict[str, Path] = {}
    entities: dict[str, list[tuple[Path, bool]]] = {kind: [] for kind in ENTITY_KINDS}
    refused: set[str] = set()
    allowed = ", ".join(sorted(DATA_ENTRIES))
    for entry in _entries(data_dir, errors, display):
        why = refuse(entry)
        if why is not None:
            if why:
                errors.append(DataError(display(entry.path), 1, "", why))
                refused.add(entry.name)
            continue
        is_dir = entry.is_dir(follow_symlinks=False)
        if entry.name in SINGLE_FILES and not is_dir:
            singles[entry.name] = Path(entry.path)
        elif entry.name in ENTITY_KINDS and is_dir:
            entities[entry.name] = _scan_folder(Path(entry.path), display, refuse, errors)
        elif entry.name not in DATA_ENTRIES:
            what = "folder" if is_dir else "file"
            close = did_you_mean(entry.name, DATA_ENTRIES)
            errors.append(DataError(display(entry.path), 1, "", f"unknown {what} in data/ (allowed: {allowed}){close}"))
        elif entry.name in SINGLE_FILES or entry.name in ENTITY_KINDS:
            must = "a folder" if entry.name in ENTITY_KINDS else "a file"
            errors.append(DataError(display(entry.path), 1, "", f"must be {must}"))
            refused.add(entry.name)
    return singles, entities, refused


def _scan_folder(folder: Path, display, refuse, errors: list[DataError]) -> list[tuple[Path, bool]]:
    """The .yaml files of one entity folder as (path, loadable); refused ones are reported here."""
    files = []
    for entry in _entries(folder, errors, display):
        why = refuse(entry)
        if why is not None:
            if why:
                errors.append(DataError(display(entry.path), 1, "", why))
                if entry.name.endswith(".yaml"):
                    files.append((Path(entry.path), False))  # its id is known but it is not loaded
            continue
        if entry.is_dir(follow_symlinks=False):
            errors.append(
                DataError(
                    display(entry.path),
                    1,
                    "",
                    f"folders are not read here: put data files directly in {display(str(folder))}/",
                )
            )
        elif not entry.name.endswith(".yaml"):
            errors.append(DataError(display(entry.path), 1, "", "data files must end in .yaml"))
        else:
            files.append((Path(entry.path), True))
    return files


def collect(data_dir: Path) -> tuple[Roadmap | None, list[DataError]]:
    """Read and check everything under data_dir. Returns the roadmap only when there are no errors."""
    data_dir = Path(data_dir)
    root = data_dir.parent
    errors: list[DataError] = []
    parts: dict[str, Any] = {}  # Roadmap field -> what was loaded for it
    unloaded: set[tuple[str, str]] = set()  # (kind, id) of files that exist but did not load

    def display(path: Path) -> str:
        return path.relative_to(root).as_posix()

    if data_dir.is_symlink():
        return None, [DataError(display(data_dir), 1, "", SYMLINK_FOLDER)]
    if not data_dir.is_dir():
        return None, [DataError(display(data_dir), 1, "", "data folder not found")]
    singles, entities, refused = _scan(data_dir, root, errors)

    for name, model in SINGLE_FILES.items():
        if name in singles:
            parts[name.removesuffix(".yaml")] = _load_file(singles[name], display(singles[name]), model, errors)
        elif name not in refused and name not in OPTIONAL_FILES:
            errors.append(DataError(display(data_dir / name), 1, "", "required file is missing"))

    for kind in KINDS:
        if kind.folder in refused:  # a link or a file where the folder should be: reported once, nothing loaded
            unloaded.add((kind.singular, "*"))
        items: list[Entity] = []
        for path, loadable in entities[kind.folder]:
            item = _load_file(path, display(path), kind.model, errors) if loadable else None
            if not isinstance(item, Entity):
                unloaded.add((kind.singular, path.stem))
                continue
            if item.id != path.stem:
                errors.append(
                    item.source.error(("id",), f"id {shown(item.id)} must match the file name {shown(path.stem)}")
                )
                # Checked under its file name, the name every reference uses: one error, not one per use.
                item = item.model_copy(update={"id": path.stem})
            items.append(item)
        if kind.ordered:
            items.sort(key=lambda item: (getattr(item, "order"), item.id))  # noqa: B009 - steps and tiers only
        parts[kind.folder] = items

    if parts.get("role") is None or parts.get("taxonomy") is None:
        return None, sorted(set(errors))
    for optional in OPTIONAL_FILES:
        if parts.get(optional.removesuffix(".yaml")) is None:
            parts.pop(optional.removesuffix(".yaml"), None)
    roadmap = Roadmap(**parts)  # items are already validated; pydantic keeps the instances
    errors.extend(error for error in check_roadmap(roadmap) if not _refers_to_unloaded(error, unloaded))
    errors.extend(check_content(roadmap))
    errors = sorted(set(errors))
    return (None if errors else roadmap), errors


def load_roadmap(data_dir: Path) -> Roadmap:
    """The validated roadmap, or RoadmapInvalid listing every problem."""
    roadmap, errors = collect(data_dir)
    if errors or roadmap is None:
        raise RoadmapInvalid(errors)
    return roadmap


_cache: dict[str, tuple[tuple, Roadmap]] = {}


def _snapshot(data_dir: Path) -> tuple:
    """Names, sizes and mtimes of everything under data_dir; links are not followed (lstat)."""
    entries = []
    for dirpath, dirs, files in os.walk(data_dir):
        for name in (*dirs, *files):
            stat = os.lstat(os.path.join(dirpath, name))
            entries.append((dirpath, name, stat.st_mode, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))


def load_roadmap_cached(data_dir: Path) -> Roadmap:
    """Like load_roadmap, but reuses the last result while no data file has changed.

    The hooks and the macros plugin both need the model in one build, and
    `mkdocs serve` rebuilds often; a snapshot of names, sizes and mtimes is far
    cheaper than parsing every file again.
    """
    key = str(Path(data_dir).resolve())
    snapshot = _snapshot(Path(data_dir))
    cached = _cache.get(key)
    if cached and cached[0] == snapshot:
        return cached[1]
    roadmap = load_roadmap(Path(data_dir))
    _cache[key] = (snapshot, roadmap)
    return roadmap


def load_for_command(data: Path, command: str) -> Roadmap | None:
    """The validated roadmap, or None after printing every data error for `roadmap <command>`."""
    roadmap, errors = collect(data)
    for error in errors:
        print(error, file=sys.stderr)
    if roadmap is not None and command == "validate":
        for warning in review_warnings(roadmap):
            print(f"warning: {warning}", file=sys.stderr)
    if errors or roadmap is None:
        advice = "" if command == "validate" else "; fix them first (see `roadmap validate`)"
        print(f"{len(errors)} error(s) in {data}/{advice}", file=sys.stderr)
        return None
    return roadmap
