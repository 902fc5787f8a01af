"""The content floor and the ladder: every rule a contributor can break that is about content.

`macros.model.checks` makes sure the data hangs together (references, cycles, duplicates);
the rules here make sure it stays worth reading: enough objectives to tick, enough and free
resources, one start-here resource, honest effort and durations, a dated review, a career
ladder that only grows. Each threshold is a named field of `Floor` (macros/model/entities.py)
and each message names it, so a contributor reads the rule where the error points, and
`roadmap validate` (the build and pre-commit) enforces it with `file:line: field: message`.

Stale reviews are warnings: the site still builds, `roadmap stale` lists them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from macros.model.entities import KINDS, Entity, Level, Located
from macros.model.learning import HOURS_PER_WEEK, effort_of, skills_introduced
from macros.model.yaml_reader import DataError

if TYPE_CHECKING:
    from macros.model.roadmap import Roadmap


def _count(item: Located, field: str, what: str, bounds: tuple[int, int], name: str) -> Iterator[DataError]:
    found = len(getattr(item, field))
    low, high = bounds
    if not low <= found <= high:
        yield item.source.error((field,), f"has {found} {what}; {name} needs {low}-{high}")


def skill_rules(roadmap: Roadmap) -> Iterator[DataError]:
    floor = roadmap.floor
    for skill in roadmap.skills:
        source = skill.source
        yield from _count(skill, "objectives", "objectives", floor.skill_objectives, "a skill (skill_objectives)")
        core = skill.area in floor.core_areas or skill.id in floor.core_skills
        least = floor.min_core_skill_resources if core else floor.min_skill_resources
        if len(skill.resources) < least:
            name = "a core skill (min_core_skill_resources)" if core else "a skill (min_skill_resources)"
            yield source.error(("resources",), f"has {len(skill.resources)} resources; {name} needs at least {least}")
        if floor.free_resource and skill.resources and not any(r.free for r in skill.resources):
            yield source.error(("resources",), "has no free resource; every skill needs at least one")
        levels = {r.level for r in skill.resources}
        for level in (Level.beginner, Level.advanced):
            if floor.beginner_and_advanced and skill.resources and level not in levels:
                yield source.error(
                    ("resources",), f"has no {level.value} resource; every skill needs a beginner and an advanced one"
                )
        starts = [i for i, r in enumerate(skill.resources) if r.start]
        if floor.start_resource and len(starts) != 1:
            yield source.error(
                ("resources",),
                f"marks {len(starts)} resources `start: true`; exactly one (the best free first resource) is needed",
            )
        for index in starts:
            if not skill.resources[index].free:
                yield source.error(("resources", index, "start"), "the start-here resource must be free")
        if skill.effort_hours is None and floor.effort:
            yield source.error(
                ("effort_hours",),
                "required: estimated study hours for someone who has the prerequisites, like {min: 20, max: 40}",
            )
        elif skill.effort_hours is not None and skill.effort_hours.min > skill.effort_hours.max:
            yield source.error(
                ("effort_hours", "min"), f"min ({skill.effort_hours.min}) is more than max ({skill.effort_hours.max})"
            )
    for spec in roadmap.specialisations:
        if len(spec.resources) < floor.min_specialisation_resources:
            yield spec.source.error(
                ("resources",),
                f"has {len(spec.resources)} resources; a specialisation needs at least {floor.min_specialisation_resources} (min_specialisation_resources)",
            )
        elif floor.free_resource and spec.resources and not any(r.free for r in spec.resources):
            yield spec.source.error(("resources",), "has no free resource; every specialisation needs at least one")


def step_rules(roadmap: Roadmap) -> Iterator[DataError]:
    floor = roadmap.floor
    for step in roadmap.steps:
        source = step.source
        yield from _count(step, "outcomes", "outcomes", floor.step_outcomes, "a step (step_outcomes)")
        if not step.skills:
            yield source.error(("skills",), "a step must build at least one skill")
        if step.order >= floor.first_step_needing_projects and not step.projects:
            yield source.error(
                ("projects",),
                f"from step {floor.first_step_needing_projects} on (first_step_needing_projects) every step suggests a project",
            )
        introduced = skills_introduced(roadmap.steps, step, roadmap.skill)
        effort = effort_of(introduced)
        # A step may well take longer than its new skills (projects and experience take time
        # too), but not less than the least study they need.
        if effort.min_weeks > step.duration.max_weeks:
            yield source.error(
                ("duration",),
                f"{step.duration.min_weeks}-{step.duration.max_weeks} weeks does not fit the {effort.min_hours}-{effort.max_hours} hours "
                f"of the {len(introduced)} skills this step introduces ({effort.min_weeks}-{effort.max_weeks} weeks at {HOURS_PER_WEEK} "
                "hours a week); change the duration or the skills' effort_hours",
            )
    for project in roadmap.projects:
        yield from _count(
            project, "milestones", "milestones", floor.project_milestones, "a project (project_milestones)"
        )


def tier_rules(roadmap: Roadmap) -> Iterator[DataError]:
    floor = roadmap.floor
    for tier in roadmap.tiers:
        if len(tier.skills) < floor.min_tier_skills:
            yield tier.source.error(
                ("skills",),
                f"expects {len(tier.skills)} skills; a tier needs at least {floor.min_tier_skills} (min_tier_skills)",
            )
        if len(tier.responsibilities) < floor.min_tier_responsibilities:
            yield tier.source.error(
                ("responsibilities",),
                f"has {len(tier.responsibilities)}; a tier needs at least {floor.min_tier_responsibilities} (min_tier_responsibilities)",
            )


def ladder_rules(roadmap: Roadmap) -> Iterator[DataError]:
    """A tier reached through `next` keeps every skill the tier before it expects, at least as high,
    unless its `drops` says which skill it keeps lower (or not at all) and why."""
    reached_from: dict[str, list] = {}
    for tier in roadmap.tiers:
        for following in tier.next:
            reached_from.setdefault(following, []).append(tier)
    for tier in roadmap.tiers:
        source = tier.source
        levels = {entry.skill: entry.level for entry in tier.skills}
        drops = {drop.skill: (index, drop) for index, drop in enumerate(tier.drops)}
        needed: set[str] = set()
        for before in sorted(reached_from.get(tier.id, []), key=lambda t: t.id):
            for entry in before.skills:
                kept = levels.get(entry.skill)
                if kept is not None and kept.rank >= entry.level.rank:
                    continue
                needed.add(entry.skill)
                if entry.skill not in drops:
                    what = f"at {kept.value}" if kept else "not at all"
                    yield source.error(
                        ("skills",),
                        f"expects {entry.skill!r} {what}, below {before.id!r} ({entry.level.value}), which leads here through `next`; "
                        "keep it at least as high or explain the exception in `drops`",
                    )
                    continue
                index, drop = drops[entry.skill]
                if (drop.level is None) != (kept is None) or (drop.level is not None and drop.level != kept):
                    said = f"keeps it at {drop.level.value}" if drop.level else "drops it"
                    found = f"expects it at {kept.value}" if kept else "does not expect it"
                    yield source.error(("drops", index), f"says it {said}, but the tier {found}")
        for skill_id, (index, _drop) in drops.items():
            if skill_id not in needed:
                yield source.error(
                    ("drops", index, "skill"),
                    f"{skill_id!r} is not lowered from any tier that leads here; remove this entry",
                )


def coverage_rules(roadmap: Roadmap) -> Iterator[DataError]:
    if not roadmap.floor.taught_and_expected:
        return
    for skill in roadmap.skills:
        if not roadmap.steps_for(skill):
            yield skill.source.error(
                ("id",), "no step builds this skill, so the path never teaches it; add it to a step's skills"
            )
        if not roadmap.tiers_for(skill):
            yield skill.source.error(("id",), "no career tier expects this skill; add it to a tier's skills")


def _entities(roadmap: Roadmap) -> Iterator[Entity]:
    for kind in KINDS:
        yield from roadmap.items(kind.folder)


def _months(month: str) -> int:
    """'2026-12' as a count of months, so that ages are differences."""
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _this_month(today: datetime.date | None) -> int:
    today = today or datetime.date.today()
    return _months(f"{today.year}-{today.month}")


def review_rules(roadmap: Roadmap, today: datetime.date | None = None) -> Iterator[DataError]:
    now = _this_month(today)
    for item in _entities(roadmap):
        if item.reviewed is None and roadmap.floor.reviewed:
            yield item.source.error(("reviewed",), "required: the month a person last checked this item, like 2026-12")
        elif item.reviewed is not None and _months(item.reviewed) > now:
            yield item.source.error(("reviewed",), f"{item.reviewed} is in the future")


def stale_items(roadmap: Roadmap, today: datetime.date | None = None) -> list[tuple[str, Entity]]:
    """(month, item) for every item reviewed more than floor.stale_after_months ago, oldest first."""
    now = _this_month(today)
    stale = [
        (item.reviewed, item)
        for item in _entities(roadmap)
        if item.reviewed and now - _months(item.reviewed) > roadmap.floor.stale_after_months
    ]
    return sorted(stale, key=lambda pair: (pair[0], pair[1].source.file))


def review_warnings(roadmap: Roadmap, today: datetime.date | None = None) -> list[DataError]:
    return [
        item.source.error(
            ("reviewed",),
            f"last reviewed {month}, more than {roadmap.floor.stale_after_months} months ago: check it and set this month",
        )
        for month, item in stale_items(roadmap, today)
    ]


def total_rules(roadmap: Roadmap) -> Iterator[DataError]:
    """The roadmap as a whole keeps at least the floor's totals and share of free resources."""
    floor = roadmap.floor
    counts = roadmap.counts()
    for kind, least in floor.min_totals:
        if counts[kind] < least:
            yield floor.source.error(
                ("min_totals", kind),
                f"the roadmap has {counts[kind]} {kind}; the floor (min_totals.{kind}) keeps at least {least}",
            )
    if floor.min_free_percent and counts["resources"]:
        # Whole percents, rounded down, so 84.9% is not shown as meeting 85%.
        percent = counts["free_resources"] * 100 // counts["resources"]
        if percent < floor.min_free_percent:
            yield floor.source.error(
                ("min_free_percent",),
                f"{counts['free_resources']} of {counts['resources']} resources ({percent}%) are free; "
                f"the floor (min_free_percent) keeps at least {floor.min_free_percent}%",
            )


RULES = (skill_rules, step_rules, tier_rules, ladder_rules, coverage_rules, review_rules, total_rules)


def check_content(roadmap: Roadmap) -> list[DataError]:
    return [error for rule in RULES for error in rule(roadmap)]
