"""The typed roadmap model: one pydantic class per data file kind.

Every class forbids unknown keys, so a typo in a YAML key is an error rather
than silently ignored data. Cross-references are plain slugs here; whether
they resolve is checked in `macros.checks`, which sees the whole roadmap.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an absolute http:// or https:// URL")
    if any(ch.isspace() for ch in value):
        raise ValueError("must not contain whitespace")
    return value


Url = Annotated[str, AfterValidator(_check_url)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entity(Strict):
    """A top-level item stored in its own file; remembers where it came from."""

    id: Slug
    reviewed: Month | None = None  # the month a person last checked this item
    _source: object = PrivateAttr(default=None)  # macros.sources.SourceMap


class ResourceType(StrEnum):
    course = "course"
    book = "book"
    article = "article"
    video = "video"
    docs = "docs"
    tutorial = "tutorial"
    paper = "paper"
    repository = "repository"
    podcast = "podcast"
    interactive = "interactive"


class Level(StrEnum):
    beginner = "beginner"
    intermediate = "intermediate"
    advanced = "advanced"


class Proficiency(StrEnum):
    """How well a career tier is expected to master a skill, lowest first."""

    awareness = "awareness"
    working = "working"
    proficient = "proficient"
    expert = "expert"

    @property
    def rank(self) -> int:
        return list(Proficiency).index(self) + 1


# The month a person last checked an item against the world, e.g. "2026-12".
Month = Annotated[str, StringConstraints(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$")]

# BCP 47 language tags such as "en" or "pt-BR", for resources available in other languages.
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]


class Resource(Strict):
    title: Text
    url: Url
    type: ResourceType
    free: bool
    level: Level
    authors: Text | None = None
    note: Text | None = None
    start: bool = False  # the best free first resource of its skill: shown first and labelled
    classic: bool = False  # old on purpose: still the best introduction despite its age
    languages: list[LanguageTag] = []  # languages the resource exists in, when not only English


class ChecklistItem(Strict):
    """One thing a reader can tick; `id` is permanent so progress survives edits."""

    id: Slug
    text: Text


class Area(Strict):
    id: Slug
    name: Text
    summary: Text


class ToolCategory(Strict):
    id: Slug
    name: Text
    summary: Text


class Taxonomy(Strict):
    """The fixed vocabularies other files refer to (data/taxonomy.yaml)."""

    areas: list[Area] = Field(min_length=1)
    tool_categories: list[ToolCategory] = Field(min_length=1)
    _source: object = PrivateAttr(default=None)


class Responsibility(Strict):
    id: Slug
    title: Text
    text: Text


class Role(Strict):
    """What a machine learning engineer does (data/role.yaml)."""

    title: Text
    summary: Text
    bridge: Text
    responsibilities: list[Responsibility] = Field(min_length=1)
    _source: object = PrivateAttr(default=None)


class Effort(Strict):
    """Estimated study hours for a learner who already has the prerequisites."""

    min: int = Field(ge=1)
    max: int = Field(ge=1)


class Skill(Entity):
    name: Text
    area: Slug
    summary: Text
    why: Text
    optional: bool = False
    effort_hours: Effort | None = None
    objectives: list[ChecklistItem] = Field(min_length=1)
    prerequisites: list[Slug] = []
    resources: list[Resource] = []


class Duration(Strict):
    min_weeks: int = Field(ge=1)
    max_weeks: int = Field(ge=1)


class Step(Entity):
    order: int = Field(ge=1)
    title: Text
    goal: Text
    summary: Text
    duration: Duration
    outcomes: list[ChecklistItem] = Field(min_length=1)
    skills: list[Slug] = []
    projects: list[Slug] = []
    resources: list[Resource] = []


class Tool(Entity):
    name: Text
    category: Slug
    order: int | None = Field(default=None, ge=1)  # position within its category: most central first
    summary: Text
    docs_url: Url
    skills: list[Slug] = Field(min_length=1)
    resources: list[Resource] = []


class TierSkill(Strict):
    skill: Slug
    level: Proficiency


class DroppedSkill(Strict):
    """A skill a tier deliberately expects less of than the tier before it, and why."""

    skill: Slug
    level: Proficiency | None = None  # the lower level it keeps; None when it drops the skill
    reason: Text


class Tier(Entity):
    name: Text
    track: Text
    order: int = Field(ge=1)
    summary: Text
    experience: Text
    responsibilities: list[Text] = Field(min_length=1)
    next: list[Slug] = []
    skills: list[TierSkill] = Field(min_length=1)
    drops: list[DroppedSkill] = []  # exceptions to "a next tier keeps every skill at least as high"


class Dataset(Strict):
    name: Text
    url: Url


class Project(Entity):
    title: Text
    level: Level
    summary: Text
    skills: list[Slug] = Field(min_length=1)
    tools: list[Slug] = []
    datasets: list[Dataset] = []
    milestones: list[ChecklistItem] = Field(min_length=1)
    done_when: list[Text] = Field(min_length=1)


class Specialisation(Entity):
    name: Text
    summary: Text
    skills: list[Slug] = Field(min_length=1)
    tools: list[Slug] = []
    projects: list[Slug] = []
    resources: list[Resource] = []


class Renames(Strict):
    """Old checklist keys mapped to new ones, so a reader's ticks survive a rename."""

    checklist: dict[str, str] = {}
    _source: object = PrivateAttr(default=None)


# Data file kinds stored one item per file: folder name -> model.
ENTITY_KINDS: dict[str, type[Entity]] = {
    "skills": Skill,
    "steps": Step,
    "tools": Tool,
    "tiers": Tier,
    "projects": Project,
    "specialisations": Specialisation,
}

# Data file kinds stored as one file each: file name -> model.
SINGLE_FILES: dict[str, type[Strict]] = {
    "role.yaml": Role,
    "taxonomy.yaml": Taxonomy,
    "renames.yaml": Renames,
}
