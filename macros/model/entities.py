"""The typed roadmap model: one pydantic class per data file kind.

Every class forbids unknown keys, so a typo in a YAML key is an error rather
than silently ignored data. Cross-references are plain slugs here; whether
they resolve is checked in `macros.model.checks`, which sees the whole roadmap.
"""

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal
from urllib.parse import parse_qsl, urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints
from pydantic_core import PydanticCustomError

from macros.model.yaml_reader import (
    MAX_NAME_LENGTH,
    MAX_PROSE_LENGTH,
    MAX_URL_LENGTH,
    SourceMap,
    clip,
    invisible_character,
    shown,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _plain_text(value: str) -> str:
    """Refuse invisible control and bidi characters: they hide text or make it read differently."""
    found = invisible_character(value)
    if found:
        position, code = found
        raise PydanticCustomError(
            "invisible_character",
            "invisible control character {code} at position {position} is not allowed: "
            "it can hide text or make it read differently",
            {"code": code, "position": position},
        )
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_NAME_LENGTH)]
# A name or title: ids, names, titles, authors (at most MAX_NAME_LENGTH characters).
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_LENGTH), AfterValidator(_plain_text)
]
# Prose: summaries, reasons, checklist texts, notes (at most MAX_PROSE_LENGTH characters).
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PROSE_LENGTH),
    AfterValidator(_plain_text),
]
# A checklist key such as "skills/python/write-functions" (three ids and two slashes).
ChecklistKey = Annotated[str, StringConstraints(max_length=3 * MAX_NAME_LENGTH + 2), AfterValidator(_plain_text)]


def _url_error(message: str, **context: object) -> PydanticCustomError:
    return PydanticCustomError("url", message, context or None)


def _ipv4_number(part: str) -> int | None:
    """One part of an IPv4 host as a browser reads it (WHATWG URL): decimal, 0x hex or 0 octal."""
    if part[:2].lower() == "0x":
        digits, base = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        digits, base = part[1:], 8
    else:
        digits, base = part, 10
    if digits == "" and base == 16:
        return 0
    try:
        return int(digits, base) if digits.isascii() and digits.isalnum() else None
    except ValueError:
        return None


def _ipv4_host(host: str) -> ipaddress.IPv4Address | None | Literal[False]:
    """The address a browser makes of `host` when it ends in a number (False: not an IPv4 host; None: invalid)."""
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1]
    if not (last.isascii() and (last.isdigit() or re.fullmatch(r"0[xX][0-9a-fA-F]*", last))):
        return False
    read = [_ipv4_number(part) for part in parts]
    numbers = [number for number in read if number is not None]
    if len(parts) > 4 or len(numbers) < len(read):
        return None
    *first, final = numbers
    if any(number > 255 for number in first) or final >= 256 ** (5 - len(numbers)):
        return None
    value = final + sum(number * 256 ** (3 - index) for index, number in enumerate(first))
    return ipaddress.IPv4Address(value)


_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT


def _not_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an IP address is not a public web host ('a loopback address', ...), or None."""
    if isinstance(address, ipaddress.IPv6Address) and not (address.is_loopback or address.is_unspecified):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is None and (int(address) >> 32 == 0 or address in ipaddress.ip_network("64:ff9b::/96")):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)  # IPv4-compatible and NAT64 forms
        if embedded is not None:
            return _not_public(embedded) or ("an IPv4 address written as IPv6" if address.ipv4_mapped else None)
    checks = (
        (address.is_loopback, "a loopback address"),
        (address.is_unspecified, "the unspecified address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (isinstance(address, ipaddress.IPv4Address) and address in _SHARED, "a shared (carrier-grade NAT) address"),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "not a public address"),
    )
    return next((why for test, why in checks if test), None)


def _script(char: str) -> str | None:
    """The script of a letter, from its Unicode name (LATIN, CYRILLIC, GREEK, HAN, ...); None for others."""
    if not unicodedata.category(char).startswith("L"):
        return None
    first = unicodedata.name(char, "UNKNOWN").split(" ")[0]
    if first in ("CJK", "IDEOGRAPHIC"):
        return "HAN"
    return first.split("-")[0]  # KATAKANA-HIRAGANA PROLONGED SOUND MARK counts as Japanese


# Scripts that are written together (Unicode TS #39, "highly restrictive"): Japanese, Chinese, Korean.
_SCRIPT_MIXES = (
    {"LATIN", "HAN", "HIRAGANA", "KATAKANA"},
    {"LATIN", "HAN", "BOPOMOFO"},
    {"LATIN", "HAN", "HANGUL"},
)

_ASCII_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")


def _check_host(host: str) -> None:
    name = host[:-1] if host.endswith(".") else host
    if name == "localhost" or name.endswith(".localhost"):
        raise _url_error("must not point at this computer (localhost): link to a public site")
    if len(name) > 253 or not name:
        raise _url_error("has a host name that is empty or longer than 253 characters")
    if not name.isascii() or "xn--" in name:
        import idna  # IDNA 2008 host names (installed with aiohttp, through yarl); imported only when needed

        try:
            idna.encode(name, uts46=False)
        except (idna.IDNAError, UnicodeError, ValueError) as exc:
            raise _url_error(
                "host {host} is not a valid international domain name (IDNA): {why}",
                host=clip(name),
                why=clip(str(exc)),
            ) from None
    for label in name.split("."):
        if label.isascii() and not label.startswith("xn--"):
            if not _ASCII_LABEL.match(label):
                raise _url_error(
                    "host {host} is not a valid host name (letters, digits and hyphens between dots)", host=clip(name)
                )
            continue
        unicode_label = label
        if label.isascii():
            import idna

            unicode_label = idna.decode(label)
        scripts = {script for script in map(_script, unicode_label) if script}
        if len(scripts) > 1 and not any(scripts <= mix for mix in _SCRIPT_MIXES):
            raise _url_error(
                "host label {label} mixes {scripts} letters, like a look-alike of another site's name",
                label=clip(unicode_label),
                scripts=" and ".join(sorted(script.title() for script in scripts)),
            )


# Query parameters that track who clicked or pay a referrer (CONTRIBUTING: no affiliate links):
# any name starting with utm_, and these names (compared without case).
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset(
    {"ref", "aff", "affiliate", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc"}
)


def _check_tracking(query: str) -> None:
    for name, _value in parse_qsl(query, keep_blank_values=True):
        if name.lower().startswith(TRACKING_PREFIXES) or name.lower() in TRACKING_PARAMETERS:
            raise PydanticCustomError(
                "tracking_parameter",
                "remove the tracking parameter {parameter} (utm_*, ref, aff, fbclid and gclid are not allowed)",
                {"parameter": shown(name)},
            )


_WHITESPACE = re.compile(r"\s")  # for text, the characters str.isspace() accepts


def _check_url(value: str) -> str:
    _plain_text(value)
    if _WHITESPACE.search(value):
        raise ValueError("must not contain whitespace")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number in range
    except ValueError:
        raise _url_error("is not a valid URL (check the host and port)") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an absolute http:// or https:// URL")
    if "@" in parts.netloc:
        raise _url_error("must not contain a user name or password (user:pass@)")
    _check_tracking(parts.query)
    host = parts.hostname or ""
    if not host:
        raise _url_error("must name a host")
    if not host.isascii():  # browsers map full-width letters, digits and dots (UTS #46) before they look up a host
        import idna

        try:
            mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
        except (idna.IDNAError, UnicodeError, ValueError):
            mapped = host
        if mapped != host:
            raise _url_error(
                "host {host} is read by browsers as {mapped}: write {mapped}", host=clip(host), mapped=clip(mapped)
            )
    if parts.netloc.split(":")[0].startswith("["):  # an IPv6 literal
        try:
            address: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            raise _url_error("host {host} is not a valid IPv6 address", host=clip(host)) from None
    else:
        ipv4 = _ipv4_host(host)
        if ipv4 is None:
            raise _url_error("host {host} ends in a number but is not a valid IPv4 address", host=clip(host))
        if ipv4 is False:
            _check_host(host)
            return value
        address = ipv4
    why = _not_public(address)
    canonical = str(address) if isinstance(address, ipaddress.IPv4Address) else host
    if why:
        written = f" ({canonical})" if canonical != host else ""
        raise _url_error(
            "host {host}{written} is {why}; link to a public site", host=clip(host), written=written, why=why
        )
    if canonical != host:
        raise _url_error(
            "host {host} is the IP address {address} in a disguised form; write it as {address}",
            host=clip(host),
            address=canonical,
        )
    return value


Url = Annotated[str, StringConstraints(max_length=MAX_URL_LENGTH), AfterValidator(_check_url)]


# The month a person last checked an item against the world, e.g. "2026-12".
Month = Annotated[str, StringConstraints(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$")]


class Strict(BaseModel):
    # defer_build: a class makes its validator when first used, not when defined. Most of these
    # classes are only ever validated inside a file's model (a Resource inside a Skill), so their
    # own validators were built at import for nothing (paired runs of `roadmap validate`: 0.93x CPU).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Located(Strict):
    """Anything read from a data file of its own: it remembers the file and the line of each field."""

    _source: SourceMap | None = PrivateAttr(default=None)

    @property
    def source(self) -> SourceMap:
        """Where this was read ("<unknown>" for one made in code), to report errors at their line."""
        return self._source or SourceMap("<unknown>")

    def read_from(self, source: SourceMap) -> None:
        self._source = source


class Entity(Located):
    """A top-level item stored in its own file (data/<kind>/<id>.yaml)."""

    id: Slug
    reviewed: Month | None = None  # the month a person last checked this item

    @property
    def label(self) -> str:
        """What the item is called: its name, or its title for steps and projects."""
        return str(getattr(self, "name", None) or getattr(self, "title", self.id))


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


# BCP 47 language tags such as "en" or "pt-BR", for resources available in other languages.
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]


class Resource(Strict):
    title: Name
    url: Url
    type: ResourceType
    free: bool
    level: Level
    authors: Name | None = None
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
    name: Name
    summary: Text


class ToolCategory(Strict):
    id: Slug
    name: Name
    summary: Text


class Taxonomy(Located):
    """The fixed vocabularies other files refer to (data/taxonomy.yaml)."""

    areas: list[Area] = Field(min_length=1)
    tool_categories: list[ToolCategory] = Field(min_length=1)


class Responsibility(Strict):
    id: Slug
    title: Name
    text: Text


class Role(Located):
    """What a machine learning engineer does (data/role.yaml)."""

    title: Name
    summary: Text
    bridge: Text
    responsibilities: list[Responsibility] = Field(min_length=1)
    # The career tier that is this role: what the study plan and the skill gap aim for by default.
    tier: Slug | None = None


class Effort(Strict):
    """Estimated study hours for a learner who already has the prerequisites."""

    min: int = Field(ge=1)
    max: int = Field(ge=1)


class Skill(Entity):
    name: Name
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
    title: Name
    goal: Text
    summary: Text
    duration: Duration
    outcomes: list[ChecklistItem] = Field(min_length=1)
    skills: list[Slug] = []
    projects: list[Slug] = []
    resources: list[Resource] = []


class Tool(Entity):
    name: Name
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
    name: Name
    track: Name
    order: int = Field(ge=1)
    summary: Text
    experience: Text
    responsibilities: list[Text] = Field(min_length=1)
    next: list[Slug] = []
    skills: list[TierSkill] = Field(min_length=1)
    drops: list[DroppedSkill] = []  # exceptions to "a next tier keeps every skill at least as high"


class Dataset(Strict):
    name: Name
    url: Url


class Project(Entity):
    title: Name
    level: Level
    summary: Text
    skills: list[Slug] = Field(min_length=1)
    tools: list[Slug] = []
    datasets: list[Dataset] = []
    milestones: list[ChecklistItem] = Field(min_length=1)
    done_when: list[Text] = Field(min_length=1)


class Specialisation(Entity):
    name: Name
    summary: Text
    skills: list[Slug] = Field(min_length=1)
    tools: list[Slug] = []
    projects: list[Slug] = []
    resources: list[Resource] = []


class Renames(Located):
    """Old checklist keys mapped to new ones, so a reader's ticks survive a rename."""

    checklist: dict[ChecklistKey, ChecklistKey] = {}


class Totals(Strict):
    """How many items of each kind the whole roadmap keeps, at least (0: no minimum)."""

    skills: int = Field(default=0, ge=0)
    steps: int = Field(default=0, ge=0)
    tools: int = Field(default=0, ge=0)
    tiers: int = Field(default=0, ge=0)
    projects: int = Field(default=0, ge=0)
    specialisations: int = Field(default=0, ge=0)
    resources: int = Field(default=0, ge=0)


class Floor(Located):
    """The content floor (macros/model/content_rules.py): how much every item must hold.

    Rules as data: data/floor.yaml sets the project's floor, and a test pins it to the
    figures the project committed to, so a pull request cannot quietly lower it. Without a
    floor.yaml (a small fixture roadmap) nothing beyond the schema is required.
    """

    skill_objectives: tuple[int, int] = (1, 1000)
    step_outcomes: tuple[int, int] = (1, 1000)
    project_milestones: tuple[int, int] = (1, 1000)
    min_skill_resources: int = 0
    min_core_skill_resources: int = 0  # skills in core_areas or core_skills, the heart of the job
    core_areas: list[Slug] = []
    core_skills: list[Slug] = []
    min_tier_skills: int = 1
    min_tier_responsibilities: int = 1
    min_specialisation_resources: int = 0
    first_step_needing_projects: int = 1000  # from this step on, every step points at a project
    free_resource: bool = False  # every skill and specialisation with resources has a free one
    beginner_and_advanced: bool = False  # every skill has a beginner and an advanced resource
    start_resource: bool = False  # every skill marks exactly one free resource `start: true`
    effort: bool = False  # every skill has effort_hours
    reviewed: bool = False  # every item has `reviewed: YYYY-MM`
    taught_and_expected: bool = False  # every skill is built by a step and expected by a tier
    stale_after_months: int = 12
    # The whole roadmap: so a pull request cannot quietly thin the content by removing items.
    min_totals: Totals = Totals()
    min_free_percent: int = Field(default=0, ge=0, le=100)  # share of all resources that are free


@dataclass(frozen=True)
class Kind:
    """A kind of item stored one per file: the one list of them is KINDS below."""

    folder: str  # data/<folder>/<id>.yaml, and the site's pages <folder>/<id>.md
    model: type[Entity]
    checklist: str | None = None  # the field holding what a reader ticks
    # Its lists of ids: (field, folder of the items they name). Each id must exist, appear once
    # and the list stay in alphabetical order (small diffs); the relations read them backwards.
    references: tuple[tuple[str, str], ...] = ()
    ordered: bool = False  # read in the order of its `order` field rather than by id

    @property
    def singular(self) -> str:
        """'skill': the template variable, the `unknown skill` errors, the add-resource option."""
        return self.model.__name__.lower()


# Every kind of item, in the order the data, the checklists and `roadmap validate` list them.
KINDS: tuple[Kind, ...] = (
    Kind("skills", Skill, checklist="objectives", references=(("prerequisites", "skills"),)),
    Kind(
        "steps", Step, checklist="outcomes", references=(("skills", "skills"), ("projects", "projects")), ordered=True
    ),
    Kind("tools", Tool, references=(("skills", "skills"),)),
    Kind("tiers", Tier, references=(("next", "tiers"),), ordered=True),
    Kind("projects", Project, checklist="milestones", references=(("skills", "skills"), ("tools", "tools"))),
    Kind(
        "specialisations",
        Specialisation,
        references=(("skills", "skills"), ("tools", "tools"), ("projects", "projects")),
    ),
)
KIND: dict[str, Kind] = {kind.folder: kind for kind in KINDS}

# The kinds that carry resources, in the order the resources table lists them.
RESOURCE_OWNERS: tuple[Kind, ...] = tuple(KIND[folder] for folder in ("skills", "tools", "steps", "specialisations"))

# Data file kinds stored one item per file: folder name -> model.
ENTITY_KINDS: dict[str, type[Entity]] = {kind.folder: kind.model for kind in KINDS}

# Data file kinds stored as one file each: file name -> model.
SINGLE_FILES: dict[str, type[Located]] = {
    "role.yaml": Role,
    "taxonomy.yaml": Taxonomy,
    "renames.yaml": Renames,
    "floor.yaml": Floor,
}
