"""Hostile data: every text field of every data file set to an attack payload, the data otherwise valid.

Strangers write data/ by pull request, so every piece of text in it must come out of every
output (pages, the path map SVG, the reader's data script, the open-data JSON, the handbook)
as inert text. `make_hostile(data_dir, payload)` rewrites a copy of a data folder in place:

- It walks the pydantic models in macros/model.py, not a list of field names, so a text field
  added to the model later is attacked without touching this file. A field is *text* when its
  type is str-based and is not one of the model's identifier types (Slug, Month, LanguageTag,
  Url) nor named `id`/`*url`; enums, numbers, booleans and dicts (the renames map: keys to
  keys) are left alone. Optional text that is absent is filled in; lists of text get every item
  replaced; an empty list of sub-items (resources of a tool, say) gets one item copied from a
  sample of the same kind elsewhere in the data, with a fresh id and URL, so it is attacked too.
- Each text slot gets `"<tag> <payload>"`, where the tag (`Zqaa`, `Zqab`, ...; letters only so
  that `{{ 7*7 }}` -> `49` cannot be confused with it) is unique per slot: names stay unique
  where the checks need it, and every string that came from data can be recognised in outputs.
- Files are written with yaml.safe_dump under their original first line (the
  `# yaml-language-server: $schema=...` header the validator requires).

`make_hostile` returns the slots it wrote (file, field path, exact value as the model holds it).
"""

from __future__ import annotations

import copy
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel

from macros.model import entities as M
from macros.model.checks import schema_header
from macros.model.entities import ENTITY_KINDS, SINGLE_FILES

# -- payloads ---------------------------------------------------------------------------------

PAYLOADS: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "md-image-onfocus": "![x onfocus=alert(1) autofocus tabindex=0](x)",
    "md-link-javascript": "[x](javascript:alert(1))",
    "attr-list-onclick": "{: onclick=alert(1) }",
    "dquote-onmouseover": '" onmouseover="alert(1)',
    "squote-onmouseover": "' onmouseover='alert(1)",
    "close-title": "</title><script>alert(1)</script>",
    "jinja-expression": "{{ 7*7 }}",
    "jinja-statement": "{% include 'x' %}",
    "front-matter": "x\n---\ntitle: hacked\n---",
    "svg-onload": "<svg onload=alert(1)>",
    "close-script": "</script><script>alert(1)</script>",
    "cdata-end": "]]>",
    "comment-open": "<!--",
    "double-escape": "&lt;script&gt;",
    "javascript-url": "javascript:alert(1)",
    "data-url": "data:text/html,<script>alert(1)</script>",
}

# Buildable payloads are combined: one build gives every text slot the same group (after its tag),
# so each payload reaches every field in exactly one build. A group holds at most one payload per
# event handler, so an injected handler names its payload; payloads that only work at the end of
# a value (attr_list `{: }` at the end of a heading or block) come last.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("script", "close-title", "jinja-expression", "md-image-onfocus", "dquote-onmouseover", "attr-list-onclick"),
    (
        "img-onerror",
        "close-script",
        "squote-onmouseover",
        "jinja-statement",
        "md-link-javascript",
        "cdata-end",
        "front-matter",
    ),
    ("svg-onload", "double-escape", "javascript-url", "data-url", "comment-open"),
)
# Each Markdown construct that writes quotes (image, link) is in a group of its own: where data
# text sits inside an attribute, the first quote ends the attribute and would hide what the next
# construct does there.

# Refused by validation (a located `file:line: field: message`), never built.
REFUSED: dict[str, str] = {
    "bidi-override": "x\u202ey",  # RIGHT-TO-LEFT OVERRIDE: text that reads differently from what it is
    "bell": "x\u0007y",  # a C0 control character
}

# Which payload an injected event handler comes from, per group.
HANDLER_PAYLOAD = {
    "onfocus": "md-image-onfocus",
    "onclick": "attr-list-onclick",
    "onerror": "img-onerror",
    "onload": "svg-onload",
}


def group_text(index: int) -> str:
    return " ".join(PAYLOADS[name] for name in GROUPS[index])


TAG = re.compile(r"Zq[a-z]{2,}(?![a-z])")


def tag(n: int) -> str:
    letters = ""
    n += 26  # at least two letters
    while n:
        n, r = divmod(n, 26)
        letters = chr(ord("a") + r) + letters
    return "Zq" + letters


# -- which fields are text ------------------------------------------------------------------------


def _identifier_metadata() -> list[tuple]:
    found = []
    for name in ("Slug", "Month", "LanguageTag", "Url"):
        alias = getattr(M, name, None)
        if alias is not None and typing.get_origin(alias) is typing.Annotated:
            found.append(tuple(typing.get_args(alias)[1:]))
    return found


_IDENTIFIERS = _identifier_metadata()


def _strip_optional(annotation: object) -> tuple[object, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _split_annotated(annotation: object, metadata: tuple = ()) -> tuple[object, tuple]:
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return base, tuple(meta) + tuple(metadata)
    return annotation, tuple(metadata)


def _is_text(name: str, annotation: object, metadata: tuple) -> bool:
    base, meta = _split_annotated(annotation, metadata)
    if base is not str:  # enums (StrEnum subclasses), numbers, booleans
        return False
    if name == "id" or name == "url" or name.endswith("_url"):
        return False
    return not any(meta == ident or all(m in meta for m in ident) for ident in _IDENTIFIERS)


def classify(name: str, annotation: object, metadata: tuple = ()) -> tuple[str, object] | None:
    """("text", None) | ("texts", None) | ("model", cls) | ("models", cls) | None for a model field."""
    annotation, _optional = _strip_optional(annotation)
    if _is_text(name, annotation, metadata):
        return ("text", None)
    base, _meta = _split_annotated(annotation)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return ("model", base)
    if typing.get_origin(base) is list:
        (item,) = typing.get_args(base)
        item, _ = _strip_optional(item)
        if _is_text("item", item, ()):
            return ("texts", None)
        item_base, _ = _split_annotated(item)
        if isinstance(item_base, type) and issubclass(item_base, BaseModel):
            return ("models", item_base)
    return None  # identifiers, enums, numbers, booleans, dicts


def text_fields(model: type[BaseModel], prefix: tuple = ()) -> list[tuple]:
    """Every text field path of a model, list positions as "*" (for coverage checks)."""
    found = []
    for name, field in model.model_fields.items():
        kind = classify(name, field.annotation, tuple(field.metadata))
        if kind is None:
            continue
        if kind[0] == "text":
            found.append((*prefix, name))
        elif kind[0] == "texts":
            found.append((*prefix, name, "*"))
        elif kind[0] == "model":
            found += text_fields(kind[1], (*prefix, name))
        else:
            found += text_fields(kind[1], (*prefix, name, "*"))
    return found


def _is_url(name: str, annotation: object, metadata: tuple) -> bool:
    base, meta = _split_annotated(_strip_optional(annotation)[0], metadata)
    url = getattr(M, "Url", None)
    url_meta = tuple(typing.get_args(url)[1:]) if url is not None else ()
    return base is str and (name == "url" or name.endswith("_url") or (url_meta and all(m in meta for m in url_meta)))


# -- rewriting a data folder ---------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    file: str  # relative to the data folder, e.g. "skills/python.yaml"
    kind: str  # entity folder ("skills") or single file stem ("role", "taxonomy")
    item_id: str | None  # the entity's id; None for single files
    path: tuple  # field path inside the file, e.g. ("resources", 0, "title")
    value: str  # exactly what the model holds

    @property
    def field(self) -> str:
        return ".".join(str(p) for p in self.path)

    @property
    def tag(self) -> str:
        return self.value.split(" ", 1)[0]

    def __str__(self) -> str:
        return f"{self.file}:{self.field}"


class _Writer:
    def __init__(self, payload, samples: dict[type, list[dict]]):
        self.payload = payload  # str, or callable(n, file, path) -> str
        self.samples = samples
        self.count = 0
        self.fresh = 0
        self.slots: list[Slot] = []

    def value(self, file: str, kind: str, item_id: str | None, path: tuple) -> str:
        text = self.payload(self.count, file, path) if callable(self.payload) else self.payload
        value = f"{tag(self.count)} {text}"
        self.count += 1
        self.slots.append(Slot(file, kind, item_id, path, value.strip()))
        return value

    def synthesize(self, cls: type[BaseModel]) -> dict | None:
        if not self.samples.get(cls):
            return None
        item = copy.deepcopy(self.samples[cls][0])
        for name, field in cls.model_fields.items():
            if name == "id":
                self.fresh += 1
                item[name] = f"hostile-{self.fresh}"
            elif _is_url(name, field.annotation, tuple(field.metadata)):
                self.fresh += 1
                item[name] = f"https://example.org/hostile/{self.fresh}"
        return item

    def walk(
        self, data: dict, cls: type[BaseModel], file: str, kind: str, item_id: str | None, path: tuple = ()
    ) -> None:
        for name, field in cls.model_fields.items():
            how = classify(name, field.annotation, tuple(field.metadata))
            if how is None:
                continue
            here = (*path, name)
            what, sub = how
            if what == "text":
                data[name] = self.value(file, kind, item_id, here)
            elif what == "texts":
                items = data.get(name) or [None]
                data[name] = [self.value(file, kind, item_id, (*here, i)) for i in range(len(items))]
            elif what == "model" and isinstance(data.get(name), dict):
                self.walk(data[name], sub, file, kind, item_id, here)
            elif what == "models":
                items = data.get(name) or []
                if not items and text_fields(sub):
                    extra = self.synthesize(sub)
                    items = [extra] if extra is not None else []
                if items:
                    data[name] = items
                for i, item in enumerate(items):
                    self.walk(item, sub, file, kind, item_id, (*here, i))


def _collect_samples(node: object, cls: type[BaseModel], samples: dict[type, list[dict]]) -> None:
    if not isinstance(node, dict):
        return
    samples.setdefault(cls, []).append(copy.deepcopy(node))
    for name, field in cls.model_fields.items():
        how = classify(name, field.annotation, tuple(field.metadata))
        if how and how[0] == "model":
            _collect_samples(node.get(name), how[1], samples)
        elif how and how[0] == "models":
            for item in node.get(name) or []:
                _collect_samples(item, how[1], samples)


def data_files(data_dir: Path) -> list[tuple[Path, str, type[BaseModel]]]:
    """(path, kind, model) of every data file in the folder."""
    files = []
    for name, cls in SINGLE_FILES.items():
        if (data_dir / name).is_file():
            files.append((data_dir / name, name.removesuffix(".yaml"), cls))
    for kind, cls in ENTITY_KINDS.items():
        for path in sorted((data_dir / kind).glob("*.yaml")):
            files.append((path, kind, cls))
    return files


def make_hostile(data_dir: Path, payload) -> list[Slot]:
    """Set every text slot under data_dir to "<tag> <payload>"; returns the slots written.

    `payload` is a string, or a callable (n, file, path) -> str to vary it per slot.
    """
    data_dir = Path(data_dir)
    parsed = []
    samples: dict[type, list[dict]] = {}
    for path, kind, cls in data_files(data_dir):
        text = path.read_text(encoding="utf-8")
        first = text.split("\n", 1)[0]
        header = first if first.startswith("# yaml-language-server:") else schema_header(cls)
        data = yaml.safe_load(text) or {}
        parsed.append((path, kind, cls, header, data))
        _collect_samples(data, cls, samples)
    writer = _Writer(payload, samples)
    for path, kind, cls, header, data in parsed:
        file = path.relative_to(data_dir).as_posix()
        item_id = data.get("id") if kind in ENTITY_KINDS else None
        writer.walk(data, cls, file, kind, item_id)
        body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
        path.write_text(f"{header}\n{body}", encoding="utf-8")
    return writer.slots


def make_hostile_translation(data_dir: Path, lang: str, payload: str, first: int) -> list[Slot]:
    """Translate every translatable unit of the data under data_dir into `lang` as "<tag> <payload>",
    tags from tag(first) on (after the data's own), each `from` the fingerprint of today's English,
    so every unit counts as translated and shows on the `lang` pages and in its handbook. Which units
    exist comes from the loader's own table (macros.i18n.units), so a field made translatable later
    is attacked too. Returns one Slot per unit; its file is under i18n/<lang>/."""
    from macros.i18n.stub import nest
    from macros.i18n.stub import schema_header as translation_header
    from macros.i18n.units import fingerprint, translatable_files
    from macros.model.load import load_roadmap

    slots: list[Slot] = []
    for relative, units in translatable_files(load_roadmap(data_dir)):
        kind, _, name = relative.partition("/")
        item_id = Path(name).stem if name else None
        texts = {}
        for path, english in units.items():
            value = f"{tag(first + len(slots))} {payload}"
            slots.append(Slot(f"i18n/{lang}/{relative}", kind.removesuffix(".yaml"), item_id, path, value.strip()))
            texts[path] = {"text": value, "from": fingerprint(english)}
        target = data_dir / "i18n" / lang / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        body = yaml.safe_dump(nest(texts), sort_keys=False, allow_unicode=True, width=1_000_000)
        target.write_text(f"{translation_header(relative)}\n{body}", encoding="utf-8")
    return slots


def lookup(document: dict, slot: Slot) -> object:
    """The value at the slot's place in the open-data JSON (Roadmap.model_dump)."""
    node = document[slot.kind]
    if slot.item_id is not None:
        node = next(item for item in node if item["id"] == slot.item_id)
    for part in slot.path:
        node = node[part]
    return node
