"""The whole roadmap as one object, with the lookups the pages need.

Data files store each relation once (a tool lists the skills it serves, a step
lists the skills it builds); every reverse direction is derived here, so the
data cannot disagree with itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Generic, TypeVar, cast

from pydantic import BaseModel, ConfigDict

from macros.model.entities import (
    KIND,
    KINDS,
    RESOURCE_OWNERS,
    Area,
    ChecklistItem,
    Entity,
    Floor,
    Proficiency,
    Project,
    Renames,
    Resource,
    Role,
    Skill,
    Specialisation,
    Step,
    Taxonomy,
    Tier,
    Tool,
    ToolCategory,
)

# The items that carry resources (RESOURCE_OWNERS).
ResourceOwner = Skill | Step | Tool | Specialisation

Related = TypeVar("Related")


def _by_id() -> defaultdict:
    return defaultdict(list)


# Every list of ids in the data, read backwards: (kind, field of ids, table of Relations it fills).
_ID_LISTS = (
    ("skills", "prerequisites", "dependents_of_skill"),
    ("steps", "skills", "steps_for_skill"),
    ("steps", "projects", "steps_for_project"),
    ("tools", "skills", "tools_for_skill"),
    ("projects", "skills", "projects_for_skill"),
    ("projects", "tools", "projects_for_tool"),
    ("specialisations", "skills", "specialisations_for_skill"),
    ("specialisations", "tools", "specialisations_for_tool"),
    ("specialisations", "projects", "specialisations_for_project"),
)


@dataclass(frozen=True)
class Relations:
    """Who teaches, expects and uses what: every reverse reference, keyed by the id it points at."""

    tools_for_skill: dict[str, list[Tool]] = field(default_factory=_by_id)
    steps_for_skill: dict[str, list[Step]] = field(default_factory=_by_id)
    tiers_for_skill: dict[str, list[tuple[Tier, Proficiency]]] = field(default_factory=_by_id)
    projects_for_skill: dict[str, list[Project]] = field(default_factory=_by_id)
    specialisations_for_skill: dict[str, list[Specialisation]] = field(default_factory=_by_id)
    dependents_of_skill: dict[str, list[Skill]] = field(default_factory=_by_id)
    skills_in_area: dict[str, list[Skill]] = field(default_factory=_by_id)
    tools_in_category: dict[str, list[Tool]] = field(default_factory=_by_id)
    projects_for_tool: dict[str, list[Project]] = field(default_factory=_by_id)
    specialisations_for_tool: dict[str, list[Specialisation]] = field(default_factory=_by_id)
    steps_for_project: dict[str, list[Step]] = field(default_factory=_by_id)
    specialisations_for_project: dict[str, list[Specialisation]] = field(default_factory=_by_id)
    level: dict[tuple[str, str], Proficiency] = field(default_factory=dict)  # (tier id, skill id)

    @classmethod
    def of(cls, roadmap: Roadmap) -> Relations:
        """The relations of `roadmap`, each item read once per reference it holds (lists in reading order)."""
        found = cls()
        for folder, field_name, table in _ID_LISTS:
            reverse: dict[str, list] = getattr(found, table)
            for item in roadmap.items(folder):
                for target in getattr(item, field_name):
                    reverse[target].append(item)
        for skill in roadmap.skills:
            found.skills_in_area[skill.area].append(skill)
        for tool in roadmap.tools:
            found.tools_in_category[tool.category].append(tool)
        for tier in roadmap.tiers:
            for expected in tier.skills:
                found.tiers_for_skill[expected.skill].append((tier, expected.level))
                found.level[(tier.id, expected.skill)] = expected.level
        return found


@dataclass(frozen=True)
class UrlUse:
    """One place in the data where a URL appears."""

    url: str
    file: str
    line: int
    field: str


@dataclass(frozen=True)
class Checklist:
    """A checklist item with the permanent key the browser stores progress under."""

    key: str
    item: ChecklistItem


class Lookup(Generic[Related]):
    """`roadmap.tools_for(skill)`: what one table of the relations holds for an item, as a new list."""

    def __init__(self, table: str):
        self.table = table

    def __get__(
        self, roadmap: Roadmap, owner: type | None = None
    ) -> Callable[[Area | Entity | ToolCategory], list[Related]]:
        found: dict[str, list[Related]] = getattr(roadmap.relations, self.table)
        return lambda item: list(found.get(item.id, []))


class ById(Generic[Related]):
    """`roadmap.skill["python"]`: one list of the roadmap (an attribute path) by id, built on first use."""

    def __init__(self, items: str):
        self.items = attrgetter(items)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, roadmap: Roadmap, owner: type | None = None) -> dict[str, Related]:
        table = {item.id: item for item in self.items(roadmap)}
        roadmap.__dict__[self.name] = table  # as functools.cached_property: later reads find it there
        return table


class Roadmap(BaseModel):
    """Everything in data/, validated. Lists are in reading order."""

    # defer_build: built at the first Roadmap(...), after the loader has built each item's validator,
    # which it then reuses instead of making every item's schema a second time at import.
    model_config = ConfigDict(extra="forbid", ignored_types=(cached_property, Lookup, ById), defer_build=True)

    role: Role
    taxonomy: Taxonomy
    renames: Renames = Renames()
    floor: Floor = Floor()
    skills: list[Skill] = []
    steps: list[Step] = []
    tools: list[Tool] = []
    tiers: list[Tier] = []
    projects: list[Project] = []
    specialisations: list[Specialisation] = []

    # -- lookups by id -------------------------------------------------------
    skill = ById[Skill]("skills")
    step = ById[Step]("steps")
    tool = ById[Tool]("tools")
    tier = ById[Tier]("tiers")
    project = ById[Project]("projects")
    specialisation = ById[Specialisation]("specialisations")
    area = ById[Area]("taxonomy.areas")
    tool_category = ById[ToolCategory]("taxonomy.tool_categories")

    # -- derived relations ---------------------------------------------------
    @cached_property
    def relations(self) -> Relations:
        return Relations.of(self)

    tools_for = Lookup[Tool]("tools_for_skill")  # skill -> the tools that serve it
    steps_for = Lookup[Step]("steps_for_skill")  # skill -> the steps that build it
    tiers_for = Lookup[tuple[Tier, Proficiency]]("tiers_for_skill")  # skill -> (tier, level it expects)
    projects_for = Lookup[Project]("projects_for_skill")  # skill -> the projects that practise it
    specialisations_for = Lookup[Specialisation]("specialisations_for_skill")
    dependents_of = Lookup[Skill]("dependents_of_skill")  # skill -> the skills that need it first
    skills_in = Lookup[Skill]("skills_in_area")  # area -> its skills
    tools_in = Lookup[Tool]("tools_in_category")  # tool category -> its tools
    projects_using = Lookup[Project]("projects_for_tool")  # tool -> the projects that use it
    specialisations_using = Lookup[Specialisation]("specialisations_for_tool")
    steps_with = Lookup[Step]("steps_for_project")  # project -> the steps that set it
    specialisations_with = Lookup[Specialisation]("specialisations_for_project")

    @property
    def role_tier(self) -> Tier:
        """The tier the role is (role.yaml's `tier`), the default target of the plan and the skill gap;
        the first tier when role.yaml names none (a small fixture roadmap)."""
        return self.tier.get(self.role.tier or "", self.tiers[0])

    def level_for(self, tier: Tier, skill: Skill) -> Proficiency | None:
        """The level `tier` expects in `skill`, or None; a dict lookup, as the matrix asks for every pair."""
        return self.relations.level.get((tier.id, skill.id))

    # -- checklists, resources, URLs -----------------------------------------
    def items(self, folder: str) -> list[Entity]:
        """The items of one kind ("skills", "steps", ...), in reading order."""
        return getattr(self, KIND[folder].folder)

    def checklist(self, kind: str, owner: Entity) -> list[Checklist]:
        """Checklist items of a skill ('objectives'), step ('outcomes') or project ('milestones')."""
        field_name = KIND[kind].checklist
        if field_name is None:
            raise KeyError(f"{kind} have no checklist")
        return [Checklist(f"{kind}/{owner.id}/{item.id}", item) for item in getattr(owner, field_name)]

    def all_checklist_keys(self) -> list[str]:
        return [
            entry.key
            for kind in KINDS
            if kind.checklist
            for owner in self.items(kind.folder)
            for entry in self.checklist(kind.folder, owner)
        ]

    def counts(self) -> dict[str, int]:
        """How much the roadmap holds, for the home page, the handbook and `roadmap validate`."""
        resources = self.all_resources()
        return {
            **{kind.folder: len(self.items(kind.folder)) for kind in KINDS},
            "areas": len(self.taxonomy.areas),
            "resources": len(resources),
            "free_resources": sum(1 for *_owner, resource in resources if resource.free),
            "checkboxes": len(self.all_checklist_keys()),
        }

    def summary(self) -> str:
        """'12 skills, 8 steps, ..., 90 resources': what `roadmap validate` reports."""
        counts = self.counts()
        return ", ".join(f"{counts[name]} {name}" for name in (*(kind.folder for kind in KINDS), "resources"))

    def resource_owners(self) -> list[tuple[str, ResourceOwner]]:
        """Every item that carries resources, as (kind, item)."""
        return [
            (kind.folder, item)
            for kind in RESOURCE_OWNERS
            for item in cast("list[ResourceOwner]", self.items(kind.folder))
        ]

    def all_resources(self) -> list[tuple[str, ResourceOwner, Resource]]:
        return [(kind, owner, res) for kind, owner in self.resource_owners() for res in owner.resources]

    def url_uses(self) -> list[UrlUse]:
        """Every external URL in the data with the file and line that holds it."""
        uses: list[UrlUse] = []

        def add(owner: Entity, url: str, path: tuple) -> None:
            uses.append(UrlUse(url, owner.source.file, owner.source.line_of(path), ".".join(map(str, path))))

        for _kind, owner in self.resource_owners():
            for index, res in enumerate(owner.resources):
                add(owner, res.url, ("resources", index, "url"))
        for tool in self.tools:
            add(tool, tool.docs_url, ("docs_url",))
        for project in self.projects:
            for index, dataset in enumerate(project.datasets):
                add(project, dataset.url, ("datasets", index, "url"))
        return uses
