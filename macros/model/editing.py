"""`roadmap add resource`: write a new resource into the right data file, safely.

The file is edited with ruamel.yaml in round-trip mode, so comments, quoting,
folded text and the order of everything else stay exactly as they were; only
the new entry's lines are added. The whole roadmap is validated before and
after; when the result is invalid the file is put back byte for byte.

Both writes (the new entry and the putting back) go through `macros.atomic`: a
full disk, an error or a `kill -9` leaves the file either as it was or complete,
never cut short, and the command prints one line instead of a traceback.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from macros.atomic import AtomicWriteError, write_bytes_atomic, write_text_atomic
from macros.model.checks import did_you_mean, url_key
from macros.model.entities import RESOURCE_OWNERS, Resource
from macros.model.load import collect, describe_error
from macros.model.yaml_reader import DataError

# Owner option -> folder under data/ (the kinds of item that carry resources).
OWNER_KINDS = {kind.singular: kind.folder for kind in RESOURCE_OWNERS}
KEY_ORDER = ("title", "url", "type", "free", "level", "authors", "note")


class AddError(Exception):
    """The entry cannot be added; `lines` explain why (already formatted for the terminal)."""

    def __init__(self, *lines: str):
        super().__init__("\n".join(lines))
        self.lines = list(lines)


@dataclass
class Added:
    file: Path
    display: str
    line: int
    resource: Resource


def round_trip_yaml() -> YAML:
    """A ruamel.yaml instance configured for the data style (2-space indent, indented sequences)."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap existing long lines
    return yaml


def _entry(resource: Resource) -> CommentedMap:
    data = resource.model_dump(mode="json", exclude_none=True)
    entry = CommentedMap()
    for key in KEY_ORDER:
        if key in data:
            value = data[key]
            entry[key] = DoubleQuotedScalarString(value) if key == "title" else value
    return entry


def _format_errors(errors: list[DataError]) -> list[str]:
    return [str(error) for error in errors]


def build_resource(
    *, title: str, url: str, type: str, free: bool, level: str, authors: str | None = None, note: str | None = None
) -> Resource:
    """Validate the options as a Resource; errors name the option and what it expects."""
    fields = {"title": title, "url": url, "type": type, "free": free, "level": level, "authors": authors, "note": note}
    try:
        return Resource.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        raise AddError(
            *(f"--{'.'.join(map(str, e['loc']))}: {describe_error(e, Resource)}" for e in exc.errors())
        ) from None


def add_resource(data_dir: Path, owner_kind: str, owner_id: str, resource: Resource) -> Added:
    """Append `resource` to the end of the owner's resources, or raise AddError and leave every file untouched."""
    data_dir = Path(data_dir)
    folder = OWNER_KINDS[owner_kind]
    roadmap, errors = collect(data_dir)
    if errors or roadmap is None:
        raise AddError(
            *_format_errors(errors), f"{len(errors)} error(s) in {data_dir}/ already; fix them before adding a resource"
        )

    known = getattr(roadmap, owner_kind)
    if owner_id not in known:
        raise AddError(f"--{owner_kind}: unknown {owner_kind} {owner_id!r}{did_you_mean(owner_id, known)}")

    key = url_key(resource.url)
    for use in roadmap.url_uses():
        if url_key(use.url) == key:
            raise AddError(
                f"--url: {resource.url} is already listed at {use.file}:{use.line} ({use.field}); each URL has one home in the data"
            )

    path = data_dir / folder / f"{owner_id}.yaml"
    display = path.relative_to(data_dir.parent).as_posix()
    try:
        original = path.read_bytes()
    except OSError as exc:
        raise AddError(f"{display}: cannot read the file ({exc.strerror or exc})") from None
    yaml = round_trip_yaml()
    document = yaml.load(original.decode("utf-8"))

    entry = _entry(resource)
    resources = document.get("resources")
    if not resources:  # missing, `resources: []` or null: start a block list
        resources = CommentedSeq()
        document["resources"] = resources
    elif resources.fa.flow_style():
        raise AddError(
            f"{display}: resources is written as a [flow, list]; rewrite it as a block list before using this command"
        )
    resources.append(entry)  # resources are listed best first; a reviewer moves it up if it deserves to be

    buffer = io.StringIO()
    yaml.dump(document, buffer)
    text = buffer.getvalue()
    try:
        write_text_atomic(path, text)
    except AtomicWriteError as exc:
        raise AddError(f"{display}: could not write ({exc.reason}); the file is unchanged") from None

    _after, new_errors = collect(data_dir)
    if new_errors:
        try:
            write_bytes_atomic(path, original)
        except AtomicWriteError as exc:
            raise AddError(
                *_format_errors(new_errors),
                f"the new entry made {display} invalid and putting the file back failed ({exc.reason}); "
                f"it is complete but holds the new entry: remove it by hand",
            ) from None
        raise AddError(
            *_format_errors(new_errors), f"the new entry made {display} invalid; the file was restored unchanged"
        )

    line = _line_of_entry(text, resource.url)
    return Added(path, display, line, resource)


def _line_of_entry(text: str, url: str) -> int:
    """1-based line of the new entry's `- title:` (the line before its url) in the text just written."""
    lines = text.splitlines()
    for number, text in enumerate(lines, start=1):
        if text.strip() == f"url: {url}" or text.strip() == f'url: "{url}"':
            return max(number - 1, 1)
    return 1
