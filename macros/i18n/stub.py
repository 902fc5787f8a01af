"""`roadmap i18n stub LANG ITEM`: the skeleton of a translation file, with today's fingerprints.

The skeleton holds the English text of every unit, each with the fingerprint of that text,
so a translator replaces the English in place and the file is valid at every step.
"""

from __future__ import annotations

from typing import Any

import yaml

from macros.i18n.units import UnitPath, fingerprint, translatable_files
from macros.model.entities import KINDS
from macros.model.roadmap import Roadmap

SCHEMA_FOLDER = "schemas/i18n"


def schema_name(relative: str) -> str:
    """The JSON schema of a translation file: 'skills/python.yaml' -> 'skill', 'role.yaml' -> 'role'."""
    head = relative.split("/")[0].removesuffix(".yaml")
    return {kind.folder: kind.singular for kind in KINDS}.get(head, head)


def nest(units: dict[UnitPath, Any]) -> dict[str, Any]:
    """{('objectives', 'x'): leaf} -> {'objectives': {'x': leaf}}."""
    tree: dict[str, Any] = {}
    for path, leaf in units.items():
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = leaf
    return tree


def schema_header(relative: str) -> str:
    """The first line of data/i18n/<lang>/<relative>: the modeline pointing editors at its schema."""
    depth = relative.count("/") + 3  # data/i18n/<lang>/[<folder>/]file -> the repository root
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FOLDER}/{schema_name(relative)}.schema.json"


def stub_text(roadmap: Roadmap, relative: str) -> str:
    """The skeleton of data/i18n/<lang>/<relative> (e.g. 'skills/python.yaml') as YAML text."""
    units = dict(translatable_files(roadmap)).get(relative)
    if units is None:
        raise KeyError(relative)
    header = schema_header(relative) + "\n"
    tree = nest({path: {"text": english, "from": fingerprint(english)} for path, english in units.items()})
    body = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=92, default_flow_style=False)
    return header + body
