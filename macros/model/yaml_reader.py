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
from typing import Any, cast

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
        # Ask for the size fstat gave (a read of MAX_FILE_BYTES would allocate 1 MB for every
        # file), and for the rest of the limit only if the file grew since.
        raw = handle.read(info.st_size + 1)
        if len(raw) > info.st_size:
            raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
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
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_VALUE_TAG = "tag:yaml.org,2002:value"  # a plain `=`: text as a key, an error as a value (as in PyYAML)
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _Refused(Exception):
    """A structural problem found while composing: reported as is, never retried."""

    def __init__(self, error: DataError):
        self.error = error


class _Open:
    """A list or mapping being filled, with its field path and (for a mapping) the pending key:
    its text, its value and the line it is on."""

    __slots__ = ("value", "path", "is_mapping", "key", "key_value", "key_line", "seen")

    def __init__(self, value: list | dict, path: PathKey):
        self.value = value
        self.path = path
        self.is_mapping = isinstance(value, dict)
        self.key: str | None = None  # the pending key's text; None when the next scalar is a key
        self.key_value: object = None
        self.key_line = 0
        self.seen: set[str] = set()


def _start(event: yaml.Event) -> yaml.error.Mark:
    """Where an event starts. Both parsers set a mark with a 0-based `line` and `column` (the C
    parser's own mark type among them); the stubs also allow None, which neither gives."""
    return cast("yaml.error.Mark", event.start_mark)


def _end(event: yaml.Event) -> yaml.error.Mark:
    """Where an event ends (see _start)."""
    return cast("yaml.error.Mark", event.end_mark)


def _compose(loader: yaml.SafeLoader, source: SourceMap, problems: list[DataError]) -> object:
    """Build the value of a single document straight from parser events, without recursion and
    without an intermediate node graph.

    Records the line of every field path in `source.lines`; duplicate keys go to `problems`.
    Raises _Refused for anchors, aliases, merge keys, tags, complex keys, overlong numbers and
    nesting deeper than MAX_DEPTH, and yaml.YAMLError for syntax errors. A scalar that cannot be
    made into a value (a `=` or `<<` value, a malformed float) raises its error only once the
    whole document is read and found well-formed, and the first such error in the order PyYAML's
    own constructor meets them (level by level, then in reading order), so the message is the
    same as composing all the nodes first and constructing them after.
    """
    file = source.file
    lines = source.lines

    def refuse(event: yaml.Event, message: str, path: PathKey = ()) -> _Refused:
        return _Refused(DataError(file, _start(event).line + 1, field_path(path), message))

    loader.get_event()  # StreamStart
    if loader.check_event(yaml.StreamEndEvent):
        loader.get_event()
        return None
    loader.get_event()  # DocumentStart
    root: object = None
    stack: list[_Open] = []
    deferred: list[tuple[int, int, Exception]] = []  # (level, event number, error) of scalars that failed
    resolve = loader.resolve
    # Without path resolvers (the safe loaders have none), PyYAML's resolver makes every quoted
    # or block scalar a string: only plain scalars need asking.
    quoted_is_text = not loader.yaml_path_resolvers
    bool_values = loader.bool_values
    get_event = loader.get_event
    scalar_node = yaml.ScalarNode
    number = 0

    def place(value: object, event: yaml.Event, raw: str | None) -> PathKey | None:
        """Put `value` in the open collection (`raw`: its text, for a scalar); returns its field
        path (None when it is a mapping key, which waits for its value)."""
        nonlocal root
        mark: Any = event.start_mark  # set by both parsers
        if not stack:
            root = value
            lines[()] = mark.line + 1
            return ()
        parent = stack[-1]
        if not parent.is_mapping:
            items = cast("list", parent.value)
            path = (*parent.path, len(items))
            items.append(value)
            lines[path] = mark.line + 1
            return path
        key = parent.key
        if key is None:  # a key
            if raw is None:
                raise refuse(event, "mapping keys must be plain text, not lists or mappings", parent.path)
            parent.key, parent.key_value, parent.key_line = raw, value, mark.line + 1
            return None
        parent.key = None
        path = (*parent.path, key)
        seen = parent.seen
        if key in seen:
            problems.append(
                DataError(file, parent.key_line, field_path(path), "duplicate key: this key is already set above")
            )
        seen.add(key)
        cast("dict", parent.value)[parent.key_value] = value
        lines[path] = parent.key_line
        return path

    while True:
        event = get_event()
        number += 1
        if type(event) is yaml.ScalarEvent:
            if event.anchor is not None:
                raise refuse(event, ANCHORS_REFUSED)
            if event.tag is not None:
                raise refuse(event, TAGS_REFUSED)
            text: str = event.value
            implicit = event.implicit
            resolved = resolve(scalar_node, text, implicit) if implicit[0] or not quoted_is_text else _STR_TAG
            value: object = text
            if resolved == _STR_TAG or resolved == _TIMESTAMP_TAG:
                pass  # dates stay text: no field is a date, and 2026-02-30 must not crash
            elif resolved == _NULL_TAG:
                value = None
            elif resolved == _BOOL_TAG:
                value = bool_values[text.lower()]
            elif resolved in (_MERGE_TAG, _VALUE_TAG) and stack and stack[-1].is_mapping and stack[-1].key is None:
                if resolved == _MERGE_TAG:
                    raise refuse(event, MERGE_REFUSED, stack[-1].path)
            elif resolved in _NUMBER_TAGS and len(text) > MAX_NUMBER_LENGTH:
                value = None  # refused below, once its place (and so its field path) is known
            else:
                node = scalar_node(resolved, text, _start(event), _end(event), style=event.style)
                try:
                    value = loader.construct_object(node)
                except (yaml.YAMLError, ValueError) as exc:
                    deferred.append((len(stack), number, exc))
                    value = None
            path = place(value, event, text)
            if resolved in _NUMBER_TAGS and len(text) > MAX_NUMBER_LENGTH:
                where = path if path is not None else stack[-1].path
                raise refuse(event, f"number is {len(text)} characters long; the limit is {MAX_NUMBER_LENGTH}", where)
        elif type(event) is yaml.MappingStartEvent or type(event) is yaml.SequenceStartEvent:
            if event.anchor is not None:
                raise refuse(event, ANCHORS_REFUSED)
            if event.tag is not None:
                raise refuse(event, TAGS_REFUSED)
            if len(stack) >= MAX_DEPTH:
                raise refuse(event, f"lists and mappings are nested more than {MAX_DEPTH} levels deep")
            collection: list | dict = {} if type(event) is yaml.MappingStartEvent else []
            path = place(collection, event, None)
            stack.append(_Open(collection, path if path is not None else ()))
        elif type(event) is yaml.MappingEndEvent or type(event) is yaml.SequenceEndEvent:
            stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            raise refuse(event, ANCHORS_REFUSED)
        else:  # DocumentEnd: the parser gives no other event inside a document
            break
    if not loader.check_event(yaml.StreamEndEvent):
        event = loader.get_event()
        raise refuse(event, "a data file holds one YAML document: remove the second '---'")
    if deferred:
        raise min(deferred, key=lambda failed: failed[:2])[2]
    return root


def _parse(text: str, loader_class: type, display: str) -> tuple[object, SourceMap, list[DataError]]:
    source = SourceMap(display)
    problems: list[DataError] = []
    loader = loader_class(text)
    try:
        data = _compose(loader, source, problems)
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
