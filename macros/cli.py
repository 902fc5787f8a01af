"""The `roadmap` command: validate the data and the other project chores.

Each sub-command is a small function; errors are printed as
`file:line: field: message` lines and the exit code says whether all is well.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros.handbook import book as handbook
from macros.links import command as links
from macros.model import editing as scaffold
from macros.model import schemas
from macros.model.load import load_for_command

DEFAULT_DATA = Path("data")


def cmd_validate(args: argparse.Namespace) -> int:
    roadmap = load_for_command(args.data, "validate")
    if roadmap is None:
        return 1
    counts = roadmap.counts()
    summary = ", ".join(
        f"{counts[kind]} {kind}"
        for kind in ("skills", "steps", "tools", "tiers", "projects", "specialisations", "resources")
    )
    free = counts["free_resources"] / max(counts["resources"], 1)
    print(f"{args.data}/ is valid: {summary} ({free:.0%} free)")
    return 0


def cmd_stale(args: argparse.Namespace) -> int:
    """Items reviewed longer ago than the floor's stale_after_months, oldest first."""
    from macros.model.content_rules import stale_items

    roadmap = load_for_command(args.data, "stale")
    if roadmap is None:
        return 1
    stale = stale_items(roadmap)
    for month, item in stale:
        print(f"{month}  {item._source.file}  {getattr(item, 'name', None) or item.title}")
    months = roadmap.floor.stale_after_months
    print(
        f"{len(stale)} item(s) last reviewed more than {months} months ago"
        if stale
        else f"every item was reviewed in the last {months} months"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="roadmap", description="Tools for the ML Engineer Roadmap data.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (default: data)")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every data file and report all errors")
    validate.set_defaults(func=cmd_validate)
    stale = commands.add_parser(
        "stale", help="list items whose last review is older than the floor allows, oldest first"
    )
    stale.set_defaults(func=cmd_stale)
    schemas.register(commands)  # roadmap schemas
    scaffold.register(commands)  # roadmap add resource
    links.add_parser(commands)  # roadmap links
    handbook.register(commands)  # roadmap pdf
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
