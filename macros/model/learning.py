"""The order a learner meets things in, and how long they take: pure functions of the model.

The YAML keeps id lists sorted so that pull requests rarely conflict; readers see learning
order instead. Skills come after their prerequisites (the deepest foundations first, optional
skills last among equals), projects by level, tools by their `order` within a category.
"""

from __future__ import annotations

import calendar
import heapq
from collections.abc import Iterable
from dataclasses import dataclass

from macros.model.entities import Level, Project, Skill, Tool

HOURS_PER_WEEK = 10  # the pace every time estimate on the site and in the handbook assumes

_LEVEL_RANK = {level: rank for rank, level in enumerate(Level)}


def prerequisite_depths(skills: dict[str, Skill]) -> dict[str, int]:
    """Length of the longest prerequisite chain below each skill (0 for a skill with none).

    Iterative, so a chain of thousands of skills needs no deep recursion; cycles are the
    validator's business and count as depth 0 here.
    """
    depth: dict[str, int] = {}
    for start in skills:
        stack = [(start, iter(skills[start].prerequisites))]
        visiting = {start}
        while stack:
            skill_id, pending = stack[-1]
            child = next((p for p in pending if p in skills and p not in depth and p not in visiting), None)
            if child is not None:
                visiting.add(child)
                stack.append((child, iter(skills[child].prerequisites)))
                continue
            stack.pop()
            visiting.discard(skill_id)
            depth[skill_id] = 1 + max(
                (depth.get(p, -1) for p in skills[skill_id].prerequisites if p in skills), default=-1
            )
    return depth


def learning_order(chosen: Iterable[Skill], skills: dict[str, Skill]) -> list[Skill]:
    """`chosen` with every skill after those of its prerequisites that are also chosen.

    Among skills ready at the same time: required before optional, then foundations (smaller
    prerequisite depth) first, then by name, so the order is stable and reads naturally.
    """
    chosen = list(chosen)
    ids = {skill.id for skill in chosen}
    depth = prerequisite_depths(skills)
    waiting = {skill.id: {p for p in skill.prerequisites if p in ids and p != skill.id} for skill in chosen}
    by_id = {skill.id: skill for skill in chosen}

    def key(skill: Skill) -> tuple:
        return (skill.optional, depth.get(skill.id, 0), skill.name.casefold(), skill.id)

    dependents: dict[str, list[str]] = {}
    for skill_id, needs in waiting.items():
        for need in needs:
            dependents.setdefault(need, []).append(skill_id)
    ready = [(key(by_id[i]), i) for i, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    ordered: list[Skill] = []
    while ready:
        _, skill_id = heapq.heappop(ready)
        ordered.append(by_id[skill_id])
        for other in dependents.get(skill_id, ()):
            waiting[other].discard(skill_id)
            if not waiting[other]:
                heapq.heappush(ready, (key(by_id[other]), other))
    # A cycle (refused by the validator) would leave skills behind: keep them, in key order.
    placed = {skill.id for skill in ordered}
    return ordered + sorted((s for s in chosen if s.id not in placed), key=key)


def projects_by_level(projects: Iterable[Project]) -> list[Project]:
    return sorted(projects, key=lambda p: (_LEVEL_RANK[p.level], p.title.casefold()))


def tools_by_centrality(tools: Iterable[Tool]) -> list[Tool]:
    """Most central first (`order: 1`); tools without an order follow by name."""
    return sorted(tools, key=lambda t: (t.order is None, t.order or 0, t.name.casefold()))


@dataclass(frozen=True)
class Effort:
    """Study hours as a range, and the weeks they take at HOURS_PER_WEEK."""

    min_hours: int
    max_hours: int

    @property
    def min_weeks(self) -> int:
        return -(-self.min_hours // HOURS_PER_WEEK)

    @property
    def max_weeks(self) -> int:
        return -(-self.max_hours // HOURS_PER_WEEK)


def effort_of(skills: Iterable[Skill]) -> Effort:
    """The summed study effort of `skills` (skills without an estimate count as zero)."""
    low = high = 0
    for skill in skills:
        if skill.effort_hours is not None:
            low += skill.effort_hours.min
            high += skill.effort_hours.max
    return Effort(low, high)


def path_effort(skills: Iterable[Skill]) -> Effort:
    """The study effort of the path's required skills (optional ones left out)."""
    return effort_of(skill for skill in skills if not skill.optional)


def skills_introduced(steps: list, step, skills: dict[str, Skill]) -> list[Skill]:
    """The skills `step` is the first step to list, in learning order."""
    earlier: set[str] = set()
    for other in steps:
        if other is step:
            break
        earlier.update(other.skills)
    return learning_order((skills[i] for i in step.skills if i in skills and i not in earlier), skills)


def path_order(steps: list, skills: dict[str, Skill]) -> list[Skill]:
    """Every skill in the order the path teaches it: step by step, each step's new skills in learning
    order, then skills no step lists. A skill whose prerequisite only a later step introduces is moved
    after it, so prerequisites always come first (the study plan reads this order)."""
    listed: list[Skill] = []
    in_order = sorted(steps, key=lambda s: s.order)
    for step in in_order:
        listed += skills_introduced(in_order, step, skills)
    seen = {skill.id for skill in listed}
    listed += learning_order((s for s in skills.values() if s.id not in seen), skills)
    ordered: list[Skill] = []
    placed: set[str] = set()

    def place(skill: Skill, path: frozenset[str] = frozenset()) -> None:
        if skill.id in placed or skill.id in path:  # a cycle is refused by the validator
            return
        for need in skill.prerequisites:
            if need in skills:
                place(skills[need], path | {skill.id})
        placed.add(skill.id)
        ordered.append(skill)

    for skill in listed:
        place(skill)
    return ordered


def month_name(month: str | None) -> str | None:
    """'2026-12' -> 'December 2026'."""
    if not month:
        return None
    year, number = month.split("-")
    return f"{calendar.month_name[int(number)]} {year}"


def resources_start_first(resources: Iterable) -> list:
    """The skill's start-here resource first, the rest in their data order."""
    resources = list(resources)
    return [r for r in resources if r.start] + [r for r in resources if not r.start]
