"""The whole roadmap as one object, with the lookups the pages need.

Data files store each relation once (a tool lists the skills it serves, a step
lists the skills it builds); every reverse direction is derived here, so the
data cannot disagree with itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from macros.model.entities import (
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
from macros.model.yaml_reader import SourceMap


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


class Roadmap(BaseModel):
    """Everything in data/, validated. Lists are in reading order."""

    model_config = ConfigDict(extra="forbid", ignored_types=(cached_property,))

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
    @cached_property
    def skill(self) -> dict[str, Skill]:
        return {s.id: s for s in self.skills}

    @cached_property
    def step(self) -> dict[str, Step]:
        return {s.id: s for s in self.steps}

    @cached_property
    def tool(self) -> dict[str, Tool]:
        return {t.id: t for t in self.tools}

    @cached_property
    def tier(self) -> dict[str, Tier]:
        return {t.id: t for t in self.tiers}

    @cached_property
    def project(self) -> dict[str, Project]:
        return {p.id: p for p in self.projects}

    @cached_property
    def specialisation(self) -> dict[str, Specialisation]:
        return {s.id: s for s in self.specialisations}

    @cached_property
    def area(self) -> dict[str, Area]:
        return {a.id: a for a in self.taxonomy.areas}

    @cached_property
    def tool_category(self) -> dict[str, ToolCategory]:
        return {c.id: c for c in self.taxonomy.tool_categories}

    # -- derived relations ---------------------------------------------------
    @cached_property
    def _reverse(self) -> dict[str, dict[str, list]]:
        reverse: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for tool in self.tools:
            for skill_id in tool.skills:
                reverse["tools_for_skill"][skill_id].append(tool)
        for step in self.steps:
            for skill_id in step.skills:
                reverse["steps_for_skill"][skill_id].append(step)
            for project_id in step.projects:
                reverse["steps_for_project"][project_id].append(step)
        for tier in self.tiers:
            for expected in tier.skills:
                reverse["tiers_for_skill"][expected.skill].append((tier, expected.level))
        for project in self.projects:
            for skill_id in project.skills:
                reverse["projects_for_skill"][skill_id].append(project)
            for tool_id in project.tools:
                reverse["projects_for_tool"][tool_id].append(project)
        for spec in self.specialisations:
            for skill_id in spec.skills:
                reverse["specialisations_for_skill"][skill_id].append(spec)
            for tool_id in spec.tools:
                reverse["specialisations_for_tool"][tool_id].append(spec)
            for project_id in spec.projects:
                reverse["specialisations_for_project"][project_id].append(spec)
        for skill in self.skills:
            for prereq in skill.prerequisites:
                reverse["dependents_of_skill"][prereq].append(skill)
            reverse["skills_in_area"][skill.area].append(skill)
        for tool in self.tools:
            reverse["tools_in_category"][tool.category].append(tool)
        return reverse

    def _related(self, relation: str, key: str) -> list:
        return list(self._reverse[relation].get(key, []))

    def tools_for(self, skill: Skill) -> list[Tool]:
        return self._related("tools_for_skill", skill.id)

    def steps_for(self, skill: Skill) -> list[Step]:
        return self._related("steps_for_skill", skill.id)

    def tiers_for(self, skill: Skill) -> list[tuple[Tier, Proficiency]]:
        return self._related("tiers_for_skill", skill.id)

    def projects_for(self, skill: Skill) -> list[Project]:
        return self._related("projects_for_skill", skill.id)

    def specialisations_for(self, skill: Skill) -> list[Specialisation]:
        return self._related("specialisations_for_skill", skill.id)

    def dependents_of(self, skill: Skill) -> list[Skill]:
        return self._related("dependents_of_skill", skill.id)

    def skills_in(self, area: Area) -> list[Skill]:
        return self._related("skills_in_area", area.id)

    def tools_in(self, category: ToolCategory) -> list[Tool]:
        return self._related("tools_in_category", category.id)

    def projects_using(self, tool: Tool) -> list[Project]:
        return self._related("projects_for_tool", tool.id)

    def specialisations_using(self, tool: Tool) -> list[Specialisation]:
        return self._related("specialisations_for_tool", tool.id)

    def steps_with(self, project: Project) -> list[Step]:
        return self._related("steps_for_project", project.id)

    def specialisations_with(self, project: Project) -> list[Specialisation]:
        return self._related("specialisations_for_project", project.id)

    @cached_property
    def _levels(self) -> dict[tuple[str, str], Proficiency]:
        return {(tier.id, expected.skill): expected.level for tier in self.tiers for expected in tier.skills}

    def level_for(self, tier: Tier, skill: Skill) -> Proficiency | None:
        """The level `tier` expects in `skill`, or None; a dict lookup, as the matrix asks for every pair."""
        return self._levels.get((tier.id, skill.id))

    # -- checklists, resources, URLs -----------------------------------------
    def checklist(self, kind: str, owner: Entity) -> list[Checklist]:
        """Checklist items of a skill ('objectives'), step ('outcomes') or project ('milestones')."""
        items = {"skills": "objectives", "steps": "outcomes", "projects": "milestones"}[kind]
        return [Checklist(f"{kind}/{owner.id}/{item.id}", item) for item in getattr(owner, items)]

    def all_checklist_keys(self) -> list[str]:
        keys = []
        for kind, owners in (("skills", self.skills), ("steps", self.steps), ("projects", self.projects)):
            for owner in owners:
                keys.extend(entry.key for entry in self.checklist(kind, owner))
        return keys

    def counts(self) -> dict[str, int]:
        """How much the roadmap holds, for the home page, the handbook and `roadmap validate`."""
        resources = self.all_resources()
        return {
            "steps": len(self.steps),
            "skills": len(self.skills),
            "areas": len(self.taxonomy.areas),
            "tools": len(self.tools),
            "projects": len(self.projects),
            "specialisations": len(self.specialisations),
            "tiers": len(self.tiers),
            "resources": len(resources),
            "free_resources": sum(1 for *_owner, resource in resources if resource.free),
            "checkboxes": len(self.all_checklist_keys()),
        }

    def resource_owners(self) -> list[tuple[str, Entity]]:
        """Every item that carries resources, as (kind, item)."""
        owners: list[tuple[str, Entity]] = []
        for kind, items in (
            ("skills", self.skills),
            ("tools", self.tools),
            ("steps", self.steps),
            ("specialisations", self.specialisations),
        ):
            owners.extend((kind, item) for item in items)
        return owners

    def all_resources(self) -> list[tuple[str, Entity, Resource]]:
        return [(kind, owner, res) for kind, owner in self.resource_owners() for res in owner.resources]

    def url_uses(self) -> list[UrlUse]:
        """Every external URL in the data with the file and line that holds it."""
        uses: list[UrlUse] = []

        def add(owner: Entity, url: str, path: tuple) -> None:
            source: SourceMap | None = owner._source
            file = source.file if source else f"<{owner.id}>"
            line = source.line_of(path) if source else 1
            uses.append(UrlUse(url, file, line, ".".join(map(str, path))))

        for _kind, owner in self.resource_owners():
            for index, res in enumerate(owner.resources):
                add(owner, res.url, ("resources", index, "url"))
        for tool in self.tools:
            add(tool, tool.docs_url, ("docs_url",))
        for project in self.projects:
            for index, dataset in enumerate(project.datasets):
                add(project, dataset.url, ("datasets", index, "url"))
        return uses
