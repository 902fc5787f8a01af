"""Load data/ into a `Roadmap`, collecting every error instead of stopping at the first."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from .checks import check_roadmap
from .model import ENTITY_KINDS, SINGLE_FILES, Strict
from .roadmap import Roadmap
from .sources import DataError, SourceMap, YamlFileError, read_yaml


class RoadmapInvalid(Exception):
    """The data has errors; `errors` lists all of them, sorted by file and line."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(f"{len(self.errors)} error(s) in the roadmap data")


def _describe(error: dict) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; see the schema for the allowed keys)"
    if kind == "missing":
        return "required field is missing"
    message = error["msg"]
    found = error.get("input")
    if isinstance(found, (str, int, float, bool)) or found is None:
        return f"{message} (found {found!r})"
    return f"{message} (found a {type(found).__name__})"


def _validate_file(model: type[Strict], data: object, source: SourceMap, errors: list[DataError]) -> Strict | None:
    try:
        item = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            errors.append(source.error(tuple(error["loc"]), _describe(error)))
        return None
    item._source = source
    return item


def _load_file(path: Path, root: Path, model: type[Strict], errors: list[DataError]) -> Strict | None:
    display = path.relative_to(root).as_posix()
    try:
        data, source, problems = read_yaml(path, display)
    except YamlFileError as exc:
        errors.append(exc.error)
        return None
    errors.extend(problems)
    if data is None:
        errors.append(DataError(display, 1, "", "file is empty"))
        return None
    return _validate_file(model, data, source, errors)


def collect(data_dir: Path) -> tuple[Roadmap | None, list[DataError]]:
    """Read and check everything under data_dir. Returns the roadmap only when there are no errors."""
    data_dir = Path(data_dir)
    root = data_dir.parent
    errors: list[DataError] = []
    parts: dict[str, object] = {}

    for name, model in SINGLE_FILES.items():
        path = data_dir / name
        if path.exists():
            parts[name.removesuffix(".yaml")] = _load_file(path, root, model, errors)
        elif name != "renames.yaml":
            errors.append(DataError(path.relative_to(root).as_posix(), 1, "", "required file is missing"))

    for kind, model in ENTITY_KINDS.items():
        folder = data_dir / kind
        items = []
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix != ".yaml":
                errors.append(DataError(path.relative_to(root).as_posix(), 1, "", "data files must end in .yaml"))
                continue
            item = _load_file(path, root, model, errors)
            if item is None:
                continue
            if item.id != path.stem:
                errors.append(item._source.error(("id",), f"id {item.id!r} must match the file name {path.stem!r}"))
            items.append(item)
        if kind in ("steps", "tiers"):
            items.sort(key=lambda item: (item.order, item.id))
        parts[kind] = items

    if parts.get("role") is None or parts.get("taxonomy") is None:
        return None, sorted(set(errors))
    if parts.get("renames") is None:
        parts.pop("renames", None)
    roadmap = Roadmap(**parts)  # items are already validated; pydantic keeps the instances
    errors.extend(check_roadmap(roadmap))
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
    entries = []
    for dirpath, _dirs, files in os.walk(data_dir):
        for name in files:
            stat = os.stat(os.path.join(dirpath, name))
            entries.append((dirpath, name, stat.st_mtime_ns, stat.st_size))
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
