"""Reading YAML files while remembering the line of every key and list item.

Errors must name `file:line: field.path`, so each parsed file keeps a map from
field paths such as ("objectives", 2, "text") to the 1-based line they are on.

Strangers change the data by pull request, so a data file is hostile input. It is
read without following symbolic links, only up to `MAX_FILE_BYTES`, and composed
from the parser's events by an iterative composer that refuses anchors, aliases,
merge keys and tags *before* anything is expanded, and stops at `MAX_DEPTH` levels of
nesting (PyYAML's own composer is recursive, and follows aliases).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import yaml

PathKey = tuple[str | int, ...]

# -- limits ------------------------------------------------------------------------------------
# Every limit on data files lives here; CONTRIBUTING.md ("Quality rules") quotes these numbers.

MAX_FILE_BYTES = 1_048_576  # 1 MB per data file, checked before parsing
MAX_DEPTH = 20  # levels of nested lists and mappings (the real data needs about 5)
MAX_NAME_LENGTH = 300  # characters in an id, name or title
MAX_PROSE_LENGTH = 5_000  # characters in a summary, why, checklist text, note, ...
MAX_URL_LENGTH = 2_000  # characters in a URL
MAX_NUMBER_LENGTH = 20  # characters in a number (Python refuses to convert very long ones)
MAX_SHOWN = 80  # characters of a found value quoted in an error message

# Invisible characters refused in text: they can hide text or make it read differently
# from what it is ("Trojan source"). Control characters (C0 except tab and newline, DEL, C1)
# and the Unicode bidirectional marks, embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")


def invisible_character(text: str) -> tuple[int, str] | None:
    """The first refused invisible character in `text` as (1-based position, 'U+XXXX'), or None."""
    match = _INVISIBLE.search(text)
    return (match.start() + 1, f"U+{ord(match.group()):04X}") if match else None


def printable(text: str) -> str:
    """`text` with anything invisible written as an escape, so a message never carries it raw."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def clip(text: str, limit: int = MAX_SHOWN) -> str:
    """At most `limit` characters of `text` (plus '…'), made printable."""
    return printable(text[:limit]) + ("…" if len(text) > limit else "")


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    """A found value for an error message: quoted, escaped and cut to `limit` characters."""
    if isinstance(value, str):
        return repr(value[:limit] + ("…" if len(value) > limit else ""))
    try:
        text = repr(value)
    except ValueError:  # an int too long to print
        return "a very long number"
    return text if len(text) <= limit else text[:limit] + "…"


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
    """`objectives.2.text`; keys from the file are escaped and cut, as any found value."""
    return ".".join(str(part) if isinstance(part, int) else clip(str(part)) for part in path)


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


# -- reading -----------------------------------------------------------------------------------

SYMLINK_FILE = "data files must not be symbolic links"
SYMLINK_FOLDER = "data folders must not be symbolic links"


def _too_big(size: int) -> str:
    return f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (1 MB): split it or shorten it"


def read_text(path: Path, display: str) -> str:
    """The file's text: never through a symbolic link, only a regular file, at most MAX_FILE_BYTES.

    Raises YamlFileError; the message never names a link's target nor quotes the content.
    """

    def fail(message: str) -> YamlFileError:
        return YamlFileError(DataError(display, 1, "", message))

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        if Path(path).is_symlink():
            raise fail(SYMLINK_FILE)
        descriptor = os.open(path, flags)
    except YamlFileError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise fail(SYMLINK_FILE) from None
        raise fail(f"cannot read file: {exc.strerror or 'error'}") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise fail("data files must be regular files")
        if info.st_size > MAX_FILE_BYTES:
            raise fail(_too_big(info.st_size))
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:  # grew since fstat
        raise fail(_too_big(len(raw)))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlFileError(
            DataError(display, line, "", f"cannot read file: not UTF-8 text (byte 0x{raw[exc.start]:02x})")
        ) from None


# -- composing ---------------------------------------------------------------------------------

ANCHORS_REFUSED = "YAML anchors and aliases are not allowed"
MERGE_REFUSED = "YAML merge keys (<<) are not allowed"
TAGS_REFUSED = "YAML tags (such as !!str or !custom) are not allowed"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _Refused(Exception):
    """A structural problem found while composing: reported as is, never retried."""

    def __init__(self, error: DataError):
        self.error = error


@dataclass
class _Open:
    """A sequence or mapping being composed, with its field path and (for a mapping) the pending key."""

    node: yaml.Node
    path: PathKey
    key: yaml.ScalarNode | None = None
    seen: set[str] = field(default_factory=set)


def _start(event: yaml.Event) -> yaml.error.Mark:
    """Where an event starts. The pure-Python parser always sets a `yaml.error.Mark`; the stubs
    also allow None and the C loader's mark type, which this reader never uses."""
    return cast("yaml.error.Mark", event.start_mark)


def _end(event: yaml.Event) -> yaml.error.Mark:
    """Where an event ends (see _start)."""
    return cast("yaml.error.Mark", event.end_mark)


def _compose(loader: yaml.SafeLoader, source: SourceMap, problems: list[DataError]) -> yaml.Node | None:
    """Build the node graph of a single document from parser events, without recursion.

    Records the line of every field path in `source.lines`; duplicate keys go to `problems`.
    Raises _Refused for anchors, aliases, merge keys, tags, complex keys, overlong numbers and
    nesting deeper than MAX_DEPTH, and yaml.YAMLError for syntax errors.
    """

    def refuse(event: yaml.Event, message: str, path: PathKey = ()) -> _Refused:
        return _Refused(DataError(source.file, _start(event).line + 1, field_path(path), message))

    loader.get_event()  # StreamStart
    if loader.check_event(yaml.StreamEndEvent):
        loader.get_event()
        return None
    loader.get_event()  # DocumentStart
    root: yaml.Node | None = None
    stack: list[_Open] = []

    def place(node: yaml.Node, event: yaml.Event) -> PathKey | None:
        """Attach `node` to the open collection; returns its field path (None for a mapping key)."""
        nonlocal root
        line = _start(event).line + 1
        if not stack:
            root = node
            source.lines[()] = line
            return ()
        parent = stack[-1]
        if isinstance(parent.node, yaml.SequenceNode):
            path = (*parent.path, len(parent.node.value))
            parent.node.value.append(node)
            source.lines[path] = line
            return path
        if parent.key is None:  # a key
            if not isinstance(node, yaml.ScalarNode):
                raise refuse(event, "mapping keys must be plain text, not lists or mappings", parent.path)
            if node.tag == _MERGE_TAG:
                raise refuse(event, MERGE_REFUSED, parent.path)
            parent.key = node
            return None
        key, parent.key = parent.key, None
        path = (*parent.path, key.value)
        if key.value in parent.seen:
            problems.append(
                DataError(
                    source.file,
                    key.start_mark.line + 1,
                    field_path(path),
                    "duplicate key: this key is already set above",
                )
            )
        parent.seen.add(key.value)
        parent.node.value.append((key, node))
        source.lines[path] = key.start_mark.line + 1
        return path

    while True:
        event = loader.get_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise refuse(event, ANCHORS_REFUSED)
        if isinstance(event, yaml.DocumentEndEvent):
            break
        if getattr(event, "tag", None) is not None:
            raise refuse(event, TAGS_REFUSED)
        if isinstance(event, yaml.ScalarEvent):
            resolved = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            if resolved == _TIMESTAMP_TAG:  # dates stay text: no field is a date, and 2026-02-30 must not crash
                resolved = _STR_TAG
            scalar = yaml.ScalarNode(resolved, event.value, _start(event), _end(event), style=event.style)
            path = place(scalar, event)
            if resolved in _NUMBER_TAGS and len(event.value) > MAX_NUMBER_LENGTH:
                where = path if path is not None else stack[-1].path
                raise refuse(
                    event, f"number is {len(event.value)} characters long; the limit is {MAX_NUMBER_LENGTH}", where
                )
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise refuse(event, f"lists and mappings are nested more than {MAX_DEPTH} levels deep")
            kind: type[yaml.SequenceNode] | type[yaml.MappingNode] = (
                yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
            )
            resolved = loader.resolve(kind, None, event.implicit)
            collection = kind(resolved, [], _start(event), None, flow_style=event.flow_style)
            path = place(collection, event)
            stack.append(_Open(collection, path if path is not None else ()))
        else:  # SequenceEnd or MappingEnd
            stack.pop().node.end_mark = event.end_mark
    if not loader.check_event(yaml.StreamEndEvent):
        event = loader.get_event()
        raise refuse(event, "a data file holds one YAML document: remove the second '---'")
    return root


def _parse(text: str, loader_class: type, display: str) -> tuple[object, SourceMap, list[DataError]]:
    source = SourceMap(display)
    problems: list[DataError] = []
    loader = loader_class(text)
    try:
        node = _compose(loader, source, problems)
        # Safe to construct: no aliases, no tags, bounded depth; PyYAML builds nested values
        # through a work list, not recursion, when deep=False.
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, source, problems


def _syntax_error(display: str, text: str, exc: yaml.YAMLError) -> DataError:
    if isinstance(exc, yaml.reader.ReaderError):
        position = exc.position if isinstance(exc.position, int) else 0
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else 0
        return DataError(
            display, line, "", f"invisible control character U+{code:04X} at column {column} is not allowed"
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(clip(part, 200) for part in (exc.context, exc.problem) if part)
        return DataError(display, line, "", f"YAML syntax error at column {column}: {what}")
    return DataError(display, 1, "", "YAML error: the file cannot be parsed")


# libyaml's parser is several times faster than the pure-Python one and keeps the same marks
# (line and column) on every event; the pure-Python loader is the fallback where it is missing.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, display: str) -> tuple[object, SourceMap, list[DataError]]:
    """Parse one YAML text. Raises YamlFileError on a syntax error or refused construct (located)."""
    try:
        return _parse(text, _Loader, display)
    except _Refused as refused:
        raise YamlFileError(refused.error) from None
    except (yaml.YAMLError, ValueError):
        pass
    # libyaml found a problem: the pure-Python parser words it better, with the same position
    # (and it has no nesting limit of its own, so deep nesting reaches our MAX_DEPTH check).
    try:
        return _parse(text, yaml.SafeLoader, display)
    except _Refused as refused:
        raise YamlFileError(refused.error) from None
    except yaml.YAMLError as exc:
        raise YamlFileError(_syntax_error(display, text, exc)) from None
    except ValueError:
        raise YamlFileError(DataError(display, 1, "", "YAML error: a value cannot be read")) from None


def read_yaml(path: Path, display: str) -> tuple[object, SourceMap, list[DataError]]:
    """Read and parse one YAML file. Raises YamlFileError on any problem (file, line and column named)."""
    return parse_yaml(read_text(path, display), display)
