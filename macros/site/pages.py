"""Generate the site's Markdown pages from the roadmap: a pure function of the data.

`build_pages(roadmap)` returns every generated page; `build_nav(roadmap, ...)`
returns the navigation. Neither knows about MkDocs, so the same pages can feed
another engine or the PDF. Markup lives in `templates/`; this module only
chooses what goes on each page.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from macros.model import learning
from macros.model.entities import KINDS, Entity, Proficiency
from macros.model.roadmap import Roadmap
from macros.site.escaping import inert, inert_url
from macros.site.urls import relative_url
from macros.templating import environment

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # relative to docs/, e.g. "skills/python.md"
    title: str
    markdown: str
    source: str | None  # data file it comes from, for "edit this page"


def _environment() -> jinja2.Environment:
    # Every value printed from the data goes through one escape that is inert in Markdown,
    # table cells, raw HTML, attributes and SVG alike (macros/site/escaping.py says why).
    env = environment(TEMPLATES, finalize=inert, keep_trailing_newline=True)
    env.filters["url"] = inert_url  # href values: http(s) only
    env.filters["lookup"] = lambda ids, table: [table[i] for i in ids]  # ids -> items
    env.globals["anchor"] = lambda slug: Markup(f"{{#{slug}}}")  # attr_list heading id; slugs are validated
    env.globals["Proficiency"] = Proficiency
    env.globals["HOURS_PER_WEEK"] = learning.HOURS_PER_WEEK
    env.filters["learning_order"] = lambda skills, roadmap: learning.learning_order(skills, roadmap.skill)
    env.filters["by_level"] = learning.projects_by_level
    env.filters["by_centrality"] = learning.tools_by_centrality
    env.filters["start_first"] = learning.resources_start_first
    env.filters["month"] = learning.month_name
    env.globals["effort_of"] = learning.effort_of
    env.globals["path_effort"] = learning.path_effort
    env.globals["skills_introduced"] = lambda roadmap, step: learning.skills_introduced(
        roadmap.steps, step, roadmap.skill
    )
    return env


_ENV = _environment()


class PageContext:
    """Helpers a template needs that depend on which page it is rendering."""

    def __init__(self, roadmap: Roadmap, path: str):
        self.roadmap = roadmap
        self.path = path

    def href(self, target: str) -> str:
        """Relative Markdown link from this page to `target` (a docs-relative .md path)."""
        return relative_url(target, self.path)

    def link_to(self, target: str, label: str, anchor: str | None = None) -> Markup:
        """A Markdown link to any generated or hand-written page, optionally to a heading on it."""
        fragment = f"#{anchor}" if anchor else ""
        return Markup(f"[{inert(label)}]({self.href(target)}{fragment})")  # href: slugs only

    def link(self, kind: str, item: Entity, label: str | None = None) -> Markup:
        """A link to an item's own page, labelled with its name unless told otherwise."""
        return self.link_to(f"{kind}/{item.id}.md", item.label if label is None else label)

    def path_map(self) -> Markup:
        """The map of the path (inline SVG) with links computed for this page."""
        from macros.site.path_map import path_figure, site_href

        return Markup(path_figure(self.roadmap, site_href(self.path)))


def render(template: str, roadmap: Roadmap, path: str, **context: object) -> str:
    page = PageContext(roadmap, path)
    return _ENV.get_template(template).render(
        roadmap=roadmap, page=page, link=page.link, link_to=page.link_to, **context
    )


def with_title(title: str, markdown: str) -> str:
    """Front matter with the page title, HTML-escaped.

    The theme prints the title into <title> and the header without escaping (it
    even un-escapes with `striptags`), so a name like `</title><script>` from the
    data must arrive there as entities.
    """
    return f"---\ntitle: {json.dumps(html.escape(title))}\n---\n\n{markdown}"


def _entity_pages(roadmap: Roadmap) -> list[GeneratedPage]:
    """One page per item, from the template named after its kind (skill.md.j2 for skills/python.md)."""
    pages = []
    for kind in KINDS:
        for item in roadmap.items(kind.folder):
            path = f"{kind.folder}/{item.id}.md"
            markdown = render(f"{kind.singular}.md.j2", roadmap, path, **{kind.singular: item})
            pages.append(GeneratedPage(path, item.label, with_title(item.label, markdown), item.source.file))
    return pages


# Index pages: (path, title, template, data file the page mostly reflects).
INDEX_PAGES = (
    ("role.md", "The role", "role.md.j2", "data/role.yaml"),
    ("steps/index.md", "Learning path", "steps_index.md.j2", None),
    ("skills/index.md", "Skills", "skills_index.md.j2", "data/taxonomy.yaml"),
    ("tools/index.md", "Tools", "tools_index.md.j2", "data/taxonomy.yaml"),
    ("projects/index.md", "Projects", "projects_index.md.j2", None),
    ("specialisations/index.md", "Specialisations", "specialisations_index.md.j2", None),
    ("tiers/index.md", "Career tiers", "tiers_index.md.j2", None),
    ("resources.md", "Resources", "resources_index.md.j2", None),
    ("progress.md", "Your progress", "progress.md.j2", None),
    ("plan.md", "Study plan", "plan.md.j2", None),
)


def build_pages(roadmap: Roadmap) -> list[GeneratedPage]:
    """Every page generated from the data, index pages first."""
    pages = [
        GeneratedPage(path, title, with_title(title, render(template, roadmap, path)), source)
        for path, title, template, source in INDEX_PAGES
    ]
    return pages + _entity_pages(roadmap)


# A sidebar list longer than this helps nobody, and every page of a section carries its
# siblings, so long lists make the build quadratic. Beyond it, a section's index page lists
# the items and the sidebar shows only that index page.
NAV_LIST_LIMIT = 50


def build_nav(roadmap: Roadmap, handwritten: list[str]) -> list:
    """The site navigation: home, the generated sections in reading order, then other hand-written pages."""

    def title(text: str) -> str:
        return html.escape(text, quote=False)  # the theme prints nav titles as HTML, unescaped

    def entries(kind: str, items: list, label=lambda item: item.label) -> list[dict]:
        if len(items) > NAV_LIST_LIMIT:
            return []
        return [{title(label(item)): f"{kind}/{item.id}.md"} for item in items]

    def grouped(kind: str, groups: list, items_of) -> list[dict]:
        listed = [(group, entries(kind, items_of(group))) for group in groups]
        return [{title(group.name): pages} for group, pages in listed if pages]

    def section(name: str, index: str, children: list) -> dict:
        return {name: [index, *children]}

    nav: list = [{"Home": "index.md"}] if "index.md" in handwritten else []
    nav += [
        {"The role": "role.md"},
        section("Learning path", "steps/index.md", entries("steps", roadmap.steps, lambda s: f"{s.order}. {s.title}")),
        section("Skills", "skills/index.md", grouped("skills", roadmap.taxonomy.areas, roadmap.skills_in)),
        section("Tools", "tools/index.md", grouped("tools", roadmap.taxonomy.tool_categories, roadmap.tools_in)),
        section("Projects", "projects/index.md", entries("projects", roadmap.projects)),
        section("Specialisations", "specialisations/index.md", entries("specialisations", roadmap.specialisations)),
        section("Career", "tiers/index.md", entries("tiers", roadmap.tiers)),
        {"Resources": "resources.md"},
        {"Your progress": "progress.md"},
        {"Study plan": "plan.md"},
    ]
    nav += [path for path in sorted(handwritten) if path != "index.md"]
    return nav


def nav_paths(nav: list) -> set[str]:
    """Every page path the navigation lists."""
    found: set[str] = set()
    for entry in nav:
        if isinstance(entry, str):
            found.add(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                found |= nav_paths(value) if isinstance(value, list) else {value}
        elif isinstance(entry, list):
            found |= nav_paths(entry)
    return found
