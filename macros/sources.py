"""Reading YAML files while remembering the line of every key and list item.

Errors must name `file:line: field.path`, so each parsed file keeps a map from
field paths such as ("objectives", 2, "text") to the 1-based line they are on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

PathKey = tuple[str | int, ...]

# libyaml's parser is several times faster than the pure-Python one and keeps the same marks
# (line and column) on every node; the pure-Python loader is the fallback where it is missing.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in the data, located precisely enough to fix without searching."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


def field_path(path: PathKey) -> str:
    return ".".join(str(part) for part in path)


@dataclass
class SourceMap:
    """Where a parsed file lives and the line of each field path in it."""

    file: str
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int:
        """Line of `path`, or of its closest existing parent (e.g. for a missing key)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1

    def error(self, path: PathKey, message: str) -> DataError:
        return DataError(self.file, self.line_of(path), field_path(path), message)


class YamlFileError(Exception):
    def __init__(self, error: DataError):
        super().__init__(str(error))
        self.error = error


def _record_lines(node: yaml.Node, path: PathKey, lines: dict[PathKey, int], source: SourceMap, problems: list[DataError]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            child = (*path, key)
            if key in seen:
                problems.append(DataError(source.file, key_node.start_mark.line + 1, field_path(child), "duplicate key: this key is already set above"))
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            _record_lines(value_node, child, lines, source, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines[child] = item.start_mark.line + 1
            _record_lines(item, child, lines, source, problems)


def _parse(text: str, loader_class: type) -> tuple[yaml.Node | None, object]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def read_yaml(path: Path, display: str) -> tuple[object, SourceMap, list[DataError]]:
    """Parse one YAML file. Raises YamlFileError on a syntax error (line and column named)."""
    source = SourceMap(display)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlFileError(DataError(display, 1, "", f"cannot read file: {exc}")) from None
    try:
        node, data = _parse(text, _Loader)
    except yaml.YAMLError:
        try:  # libyaml found a problem: the pure-Python parser words it better, with the same position
            node, data = _parse(text, yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            what = " ".join(part for part in (exc.context, exc.problem) if part)
            raise YamlFileError(DataError(display, line, "", f"YAML syntax error at column {column}: {what}")) from None
        except yaml.YAMLError as exc:
            raise YamlFileError(DataError(display, 1, "", f"YAML error: {exc}")) from None
    problems: list[DataError] = []
    if node is not None:
        source.lines[()] = node.start_mark.line + 1
        _record_lines(node, (), source.lines, source, problems)
    return data, source, problems
