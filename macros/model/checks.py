"""Checks that need the whole roadmap: references, cycles, duplicates, ordering.

Each check yields `DataError`s located at the offending field, so one run of
`roadmap validate` lists every problem at once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from macros.model.entities import ENTITY_KINDS, KIND, KINDS, Entity, Located
from macros.model.yaml_reader import DataError, clip, shown

if TYPE_CHECKING:
    from macros.model.roadmap import Roadmap, UrlUse


def schema_header(model: type) -> str:
    """The first line every data file of this model must have, pointing editors at its JSON Schema."""
    name = model.__name__.lower()
    depth = "../../" if model in ENTITY_KINDS.values() else "../"
    return f"# yaml-language-server: $schema={depth}schemas/{name}.schema.json"


def check_schema_header(text: str, display: str, expected: str) -> Iterator[DataError]:
    """Editors validate and complete a file against its schema only with this first line (`expected`:
    schema_header(model) for a data file, macros.i18n.stub.schema_header for a translation file)."""
    first = text.split("\n", 1)[0].removeprefix("\ufeff").rstrip("\r")
    if first != expected:
        found = f"found {shown(first)}" if first.strip() else "found an empty line"
        yield DataError(display, 1, "", f"the first line must be {expected!r} ({found})")


def did_you_mean(value: str, known: Iterable[str]) -> str:
    import difflib  # only a data error needs it

    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _reference(item: Located, path: tuple, value: str, kind: str, known: dict) -> Iterator[DataError]:
    if value not in known:
        yield item.source.error(path, f"unknown {kind} {shown(value)}{did_you_mean(value, known)}")


def _references(item: Entity, field: str, kind: str, known: dict) -> Iterator[DataError]:
    seen: set[str] = set()
    for index, value in enumerate(getattr(item, field)):
        yield from _reference(item, (field, index), value, kind, known)
        if value in seen:
            yield item.source.error((field, index), f"{shown(value)} is listed twice")
        seen.add(value)


def _unique(owner: Located, field: str, values: list[str], what: str) -> Iterator[DataError]:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield owner.source.error((field, index), f"{what} {shown(value)} is used twice")
        seen.add(value)


def check_references(roadmap: Roadmap) -> Iterator[DataError]:
    for kind in KINDS:
        for field, target in kind.references:
            known = getattr(roadmap, KIND[target].singular)  # roadmap.skill, roadmap.tool, ...
            for item in roadmap.items(kind.folder):
                yield from _references(item, field, KIND[target].singular, known)
    for skill in roadmap.skills:
        yield from _reference(skill, ("area",), skill.area, "area", roadmap.area)
        if skill.id in skill.prerequisites:
            yield skill.source.error(
                ("prerequisites", skill.prerequisites.index(skill.id)), "a skill cannot be its own prerequisite"
            )
    if roadmap.role.tier is not None:
        yield from _reference(roadmap.role, ("tier",), roadmap.role.tier, "tier", roadmap.tier)
    for tool in roadmap.tools:
        yield from _reference(tool, ("category",), tool.category, "tool category", roadmap.tool_category)
    for tier in roadmap.tiers:
        yield from _unique(tier, "skills", [e.skill for e in tier.skills], "skill")
        for index, expected in enumerate(tier.skills):
            yield from _reference(tier, ("skills", index, "skill"), expected.skill, "skill", roadmap.skill)


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per group of nodes that reach each other, as [a, b, ..., a]; without recursion.

    `graph` maps each node to the nodes it points at, in order (targets missing from the graph
    and self-loops are skipped: they are reported as unknown or self references). Groups are
    found with Tarjan's algorithm on an explicit stack; within each, a shortest cycle through
    its first node (in `graph` order) is named. Deterministic for a given graph.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []

    edges = {node: [t for t in dict.fromkeys(graph[node]) if t in graph and t != node] for node in graph}
    targets = edges.__getitem__

    for start in graph:
        if start in index:
            continue
        work = [(start, iter(targets(start)))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(targets(child))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)

    order = {node: position for position, node in enumerate(graph)}
    cycles = []
    for group in sorted(groups, key=lambda g: min(order[n] for n in g)):
        first = min(group, key=order.__getitem__)
        came_from: dict[str, str] = {}
        queue = deque([first])
        while queue:  # breadth first: the shortest way from `first` back to itself
            node = queue.popleft()
            if first in targets(node):
                path = [node]
                while path[-1] != first:
                    path.append(came_from[path[-1]])
                cycles.append([*reversed(path), first])
                break
            for target in targets(node):
                if target in group and target not in came_from and target != first:
                    came_from[target] = node
                    queue.append(target)
    return cycles


def _listing(values: list[str], limit: int = 10) -> str:
    """A comma-separated list of ids, shortened when long."""
    shown_values = [clip(value) for value in values[:limit]]
    more = f", … ({len(values) - limit} more)" if len(values) > limit else ""
    return ", ".join(shown_values) + more


def _cycle_errors(items: list, field: str, what: str) -> Iterator[DataError]:
    """Each cycle once, at the entry of its last item that points back at the first."""
    by_id = {item.id: item for item in items}
    graph = {item.id: list(getattr(item, field)) for item in items}
    for cycle in find_cycles(graph):
        last = by_id[cycle[-2]]
        path = (
            " -> ".join(clip(node) for node in cycle)
            if len(cycle) <= 12
            else (
                " -> ".join(clip(node) for node in cycle[:5])
                + f" -> … ({len(cycle) - 10} more) -> "
                + " -> ".join(clip(node) for node in cycle[-5:])
            )
        )
        yield last.source.error((field, list(getattr(last, field)).index(cycle[-1])), f"{what} cycle: {path}")


def check_prerequisite_cycles(roadmap: Roadmap) -> Iterator[DataError]:
    """A skill cannot (indirectly) require itself: report each cycle once."""
    yield from _cycle_errors(roadmap.skills, "prerequisites", "prerequisite")


def check_tier_cycles(roadmap: Roadmap) -> Iterator[DataError]:
    """Career tiers lead somewhere: following `next` must never come back to the same tier."""
    for tier in roadmap.tiers:
        if tier.id in tier.next:
            yield tier.source.error(("next", tier.next.index(tier.id)), "a tier cannot be its own next tier")
    yield from _cycle_errors(roadmap.tiers, "next", "next-tier")


def check_checklists(roadmap: Roadmap) -> Iterator[DataError]:
    for owners, field in (
        (roadmap.skills, "objectives"),
        (roadmap.steps, "outcomes"),
        (roadmap.projects, "milestones"),
    ):
        for owner in owners:
            yield from _unique(owner, field, [item.id for item in getattr(owner, field)], "checklist id")
    responsibilities = roadmap.role.responsibilities
    yield from _unique(roadmap.role, "responsibilities", [r.id for r in responsibilities], "responsibility id")


def check_urls_per_item(roadmap: Roadmap) -> Iterator[DataError]:
    """The same URL twice on one item is a copy-paste slip."""
    for _kind, owner in roadmap.resource_owners():
        seen: dict[str, str] = {}
        if hasattr(owner, "docs_url"):
            seen[owner.docs_url] = "docs_url"
        for index, resource in enumerate(owner.resources):
            if resource.url in seen:
                yield owner.source.error(
                    ("resources", index, "url"), f"URL is already used by {seen[resource.url]} of this item"
                )
            seen.setdefault(resource.url, f"resources.{index}")
        titles: set[str] = set()
        for index, resource in enumerate(owner.resources):
            key = resource.title.casefold()
            if key in titles:
                yield owner.source.error(
                    ("resources", index, "title"), f"resource title {shown(resource.title)} is listed twice"
                )
            titles.add(key)


def check_order(roadmap: Roadmap) -> Iterator[DataError]:
    for kind, items in (("step", roadmap.steps), ("tier", roadmap.tiers)):
        seen: dict[int, str] = {}
        for item in items:
            if item.order in seen:
                yield item.source.error(
                    ("order",), f"order {item.order} is already used by {kind} {seen[item.order]!r}"
                )
            seen.setdefault(item.order, item.id)
    expected = 1
    for step in roadmap.steps:  # sorted by order: the first step of each gap reports it
        if step.order > expected:
            yield step.source.error(
                ("order",), f"steps are numbered 1, 2, 3, … without a gap; expected {expected} (found {step.order})"
            )
        expected = max(expected, step.order + 1)
    for step in roadmap.steps:
        if step.duration.min_weeks > step.duration.max_weeks:
            yield step.source.error(
                ("duration", "min_weeks"),
                f"min_weeks ({step.duration.min_weeks}) is more than max_weeks ({step.duration.max_weeks})",
            )


def check_taxonomy(roadmap: Roadmap) -> Iterator[DataError]:
    taxonomy = roadmap.taxonomy
    yield from _unique(taxonomy, "areas", [a.id for a in taxonomy.areas], "area id")
    yield from _unique(taxonomy, "tool_categories", [c.id for c in taxonomy.tool_categories], "tool category id")


def check_renames(roadmap: Roadmap) -> Iterator[DataError]:
    keys = set(roadmap.all_checklist_keys())
    for old, new in roadmap.renames.checklist.items():
        if new not in keys:
            yield roadmap.renames.source.error(
                ("checklist", old), f"renamed to {shown(new)}, which is no checklist item{did_you_mean(new, keys)}"
            )
        if old in keys:
            yield roadmap.renames.source.error(
                ("checklist", old), f"{shown(old)} still exists, so it cannot be a renamed item"
            )


def _sorted_list(owner: Located, field: str, values: list[str], path: tuple = ()) -> Iterator[DataError]:
    """Report the first item that breaks alphabetical order, naming what it should come after."""
    for index in range(1, len(values)):
        if values[index] < values[index - 1]:
            where = (field, index, *path)
            yield owner.source.error(
                where,
                f"{shown(values[index])} must come before {shown(values[index - 1])}: keep {field} in alphabetical order "
                f"({_listing(sorted(values))})",
            )
            return


def check_sorted(roadmap: Roadmap) -> Iterator[DataError]:
    """Sorted id lists keep diffs small and make a missing or doubled id easy to spot."""
    for kind in KINDS:
        for item in roadmap.items(kind.folder):
            for field, _target in kind.references:
                yield from _sorted_list(item, field, list(getattr(item, field)))
    for tier in roadmap.tiers:
        yield from _sorted_list(tier, "skills", [expected.skill for expected in tier.skills], ("skill",))


def url_key(url: str) -> str:
    """Treat URLs that differ only in scheme/host case, a trailing slash or a fragment as the same."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc.lower()}{path}{query}"


def check_duplicate_urls(roadmap: Roadmap) -> Iterator[DataError]:
    """Each URL has one home in the data; a second use names the first place."""
    first: dict[str, UrlUse] = {}
    for use in sorted(roadmap.url_uses(), key=lambda u: (u.file, u.line)):
        key = url_key(use.url)
        home = first.setdefault(key, use)
        if home is use or home.file == use.file:
            continue  # the same item twice is reported by check_urls_per_item
        yield DataError(
            use.file,
            use.line,
            use.field,
            f"URL {clip(use.url)} is already listed at {home.file}:{home.line} ({home.field}); each URL has one home in the data",
        )


CHECKS = (
    check_references,
    check_prerequisite_cycles,
    check_tier_cycles,
    check_checklists,
    check_urls_per_item,
    check_order,
    check_taxonomy,
    check_renames,
    check_sorted,
    check_duplicate_urls,
)


def check_roadmap(roadmap: Roadmap) -> list[DataError]:
    return [error for check in CHECKS for error in check(roadmap)]
