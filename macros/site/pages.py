"""Generate the site's Markdown pages from the roadmap: a pure function of the data.

`build_pages(roadmap)` returns every generated page; `build_nav(roadmap, ...)`
returns the navigation. Neither knows about MkDocs, so the same pages can feed
another engine or the PDF. Markup lives in `templates/`; this module only
chooses what goes on each page.
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from macros.model import learning
from macros.model.entities import KINDS, Entity, Proficiency
from macros.model.roadmap import Roadmap
from macros.site.escaping import inert, inert_url
from macros.site.strings import ENGLISH, N_, Strings, load_strings
from macros.site.urls import relative_url
from macros.templating import environment

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # relative to docs/, e.g. "skills/python.md"
    title: str
    markdown: str
    source: str | None  # data file it comes from, for "edit this page"


# What the data's enum values read as: msgid = the value, so English stays as it was.
LABELS = {
    **{level.value: level.value for level in Proficiency},
    # i18n: resource types, resource and project levels (lower case; capitalised where a table shows them)
    **{value: value for value in ("course", "book", "article", "video", "docs", "tutorial", "paper")},
    **{value: value for value in ("repository", "podcast", "interactive", "beginner", "intermediate", "advanced")},
}
_LABEL_MSGIDS = (
    N_("awareness"),
    N_("working"),
    N_("proficient"),
    N_("expert"),
    N_("course"),
    N_("book"),
    N_("article"),
    N_("video"),
    N_("docs"),
    N_("tutorial"),
    N_("paper"),
    N_("repository"),
    N_("podcast"),
    N_("interactive"),
    N_("beginner"),
    N_("intermediate"),
    N_("advanced"),
)
# The one-letter level in the skill x tier matrix (English: the level's initial).
LEVEL_LETTERS = {"awareness": N_("A"), "working": N_("W"), "proficient": N_("P"), "expert": N_("E")}


def _month(strings: Strings):
    if strings.lang == "en":
        return learning.month_name

    def month(value: str | None) -> str | None:
        if not value:
            return None
        import datetime

        from babel.dates import format_skeleton

        year, number = value.split("-")
        return format_skeleton("yMMMM", datetime.date(int(year), int(number), 1), locale=strings.lang.replace("-", "_"))

    return month


def _language_names(strings: Strings):
    """['en', 'pt-BR'] -> 'English, Portuguese (Brazil)' in the page's language (CLDR names, by Babel)."""

    def names(tags: list[str]) -> str:
        from babel import Locale

        page = Locale.parse(strings.lang, sep="-")
        return ", ".join(Locale.parse(tag, sep="-").get_display_name(page) or tag for tag in tags)

    return names


def _environment(strings: Strings = ENGLISH) -> jinja2.Environment:
    # Every value printed from the data goes through one escape that is inert in Markdown,
    # table cells, raw HTML, attributes and SVG alike (macros/site/escaping.py says why).
    # Interface strings come from the language's catalog (macros/site/strings.py), inert too.
    env = environment(TEMPLATES, finalize=inert, keep_trailing_newline=True, translations=strings)
    env.filters["url"] = inert_url  # href values: http(s) only
    env.filters["lookup"] = lambda ids, table: [table[i] for i in ids]  # ids -> items
    env.filters["label"] = lambda value: strings.text(str(getattr(value, "value", value)))
    env.filters["level_letter"] = lambda level: strings.text(LEVEL_LETTERS[level.value])
    env.globals["anchor"] = lambda slug: Markup(f"{{#{slug}}}")  # attr_list heading id; slugs are validated
    env.globals["Proficiency"] = Proficiency
    env.globals["HOURS_PER_WEEK"] = learning.HOURS_PER_WEEK
    env.globals["lang"] = strings.lang
    env.filters["learning_order"] = lambda skills, roadmap: learning.learning_order(skills, roadmap.skill)
    env.filters["by_level"] = learning.projects_by_level
    env.filters["by_centrality"] = learning.tools_by_centrality
    env.filters["start_first"] = learning.resources_start_first
    env.filters["month"] = _month(strings)
    env.filters["language_names"] = _language_names(strings)
    env.globals["effort_of"] = learning.effort_of
    env.globals["path_effort"] = learning.path_effort
    env.globals["skills_introduced"] = lambda roadmap, step: learning.skills_introduced(
        roadmap.steps, step, roadmap.skill
    )
    return env


@functools.lru_cache(maxsize=8)
def _env_for(lang: str) -> jinja2.Environment:
    return _environment(load_strings(lang))


class PageContext:
    """Helpers a template needs that depend on which page it is rendering."""

    def __init__(self, roadmap: Roadmap, path: str, lang: str = "en"):
        self.roadmap = roadmap
        self.path = path
        self.lang = lang

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

        return Markup(path_figure(self.roadmap, site_href(self.path), load_strings(self.lang)))


def render(template: str, roadmap: Roadmap, path: str, lang: str = "en", **context: object) -> str:
    page = PageContext(roadmap, path, lang)
    return (
        _env_for(lang)
        .get_template(template)
        .render(roadmap=roadmap, page=page, link=page.link, link_to=page.link_to, **context)
    )


def with_title(title: str, markdown: str) -> str:
    """Front matter with the page title, HTML-escaped.

    The theme prints the title into <title> and the header without escaping (it
    even un-escapes with `striptags`), so a name like `</title><script>` from the
    data must arrive there as entities.
    """
    return f"---\ntitle: {json.dumps(html.escape(title))}\n---\n\n{markdown}"


def _notice(strings: Strings, localised: Any, relative: str | None) -> str:
    """The note on a page whose translation is missing, partial or outdated ('' when there is none).

    `localised` is macros.i18n.translations.Localised (None for English); `relative` the
    translation file the page shows ('skills/python.yaml', 'role.yaml').
    """
    if localised is None or relative is None or relative not in localised.files:
        return ""
    state = localised.files[relative]
    notes = []
    if state.status == "missing":
        notes.append(
            ("rm-i18n-missing", strings.gettext("This page has not been translated yet: it is shown in English."))
        )
    elif state.missing:
        notes.append(
            (
                "rm-i18n-missing",
                strings.gettext("Parts of this page have not been translated yet and are shown in English."),
            )
        )
    if state.outdated:
        notes.append(
            (
                "rm-i18n-outdated",
                strings.gettext("This translation may be out of date: the English text has changed since."),
            )
        )
    return "".join(f'<p class="rm-i18n-notice {css}">{text}</p>\n\n' for css, text in notes)


def _with_notice(markdown: str, notice: str) -> str:
    """`notice` right under the page's heading (the first line)."""
    if not notice:
        return markdown
    heading, _, rest = markdown.partition("\n")
    return f"{heading}\n\n{notice}{rest.lstrip(chr(10))}"


def _entity_pages(roadmap: Roadmap, strings: Strings, localised: Any) -> list[GeneratedPage]:
    """One page per item, from the template named after its kind (skill.md.j2 for skills/python.md)."""
    pages = []
    for kind in KINDS:
        for item in roadmap.items(kind.folder):
            path = f"{kind.folder}/{item.id}.md"
            markdown = render(f"{kind.singular}.md.j2", roadmap, path, strings.lang, **{kind.singular: item})
            markdown = _with_notice(markdown, _notice(strings, localised, f"{kind.folder}/{item.id}.yaml"))
            pages.append(GeneratedPage(path, item.label, with_title(item.label, markdown), item.source.file))
    return pages


# Index pages: (path, title, template, data file the page mostly reflects, translation file it shows).
INDEX_PAGES = (
    ("role.md", N_("The role"), "role.md.j2", "data/role.yaml", "role.yaml"),
    ("steps/index.md", N_("Learning path"), "steps_index.md.j2", None, None),
    ("skills/index.md", N_("Skills"), "skills_index.md.j2", "data/taxonomy.yaml", "taxonomy.yaml"),
    ("tools/index.md", N_("Tools"), "tools_index.md.j2", "data/taxonomy.yaml", "taxonomy.yaml"),
    ("projects/index.md", N_("Projects"), "projects_index.md.j2", None, None),
    ("specialisations/index.md", N_("Specialisations"), "specialisations_index.md.j2", None, None),
    ("tiers/index.md", N_("Career tiers"), "tiers_index.md.j2", None, None),
    ("resources.md", N_("Resources"), "resources_index.md.j2", None, None),
    ("progress.md", N_("Your progress"), "progress.md.j2", None, None),
    ("plan.md", N_("Study plan"), "plan.md.j2", None, None),
)


def build_pages(roadmap: Roadmap, lang: str = "en", localised: Any = None) -> list[GeneratedPage]:
    """Every page generated from the data, index pages first.

    For a translation, `roadmap` is the localised roadmap (English where a unit is missing),
    `lang` picks the interface strings and `localised` (macros.i18n.translations.Localised)
    says which pages carry a "not translated" or "may be out of date" note.
    """
    strings = load_strings(lang)
    pages = []
    for path, english_title, template, source, translated_from in INDEX_PAGES:
        title = strings.text(english_title)
        markdown = _with_notice(render(template, roadmap, path, lang), _notice(strings, localised, translated_from))
        pages.append(GeneratedPage(path, title, with_title(title, markdown), source))
    return pages + _entity_pages(roadmap, strings, localised)


# A sidebar list longer than this helps nobody, and every page of a section carries its
# siblings, so long lists make the build quadratic. Beyond it, a section's index page lists
# the items and the sidebar shows only that index page.
NAV_LIST_LIMIT = 50


def build_nav(roadmap: Roadmap, handwritten: list[str], lang: str = "en") -> list:
    """The site navigation: home, the generated sections in reading order, then other hand-written pages."""
    strings = load_strings(lang)
    _ = strings.text

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

    nav: list = [{title(_("Home")): "index.md"}] if "index.md" in handwritten else []
    nav += [
        {title(_("The role")): "role.md"},
        section(
            title(_("Learning path")),
            "steps/index.md",
            entries("steps", roadmap.steps, lambda s: f"{s.order}. {s.title}"),
        ),
        section(title(_("Skills")), "skills/index.md", grouped("skills", roadmap.taxonomy.areas, roadmap.skills_in)),
        section(
            title(_("Tools")), "tools/index.md", grouped("tools", roadmap.taxonomy.tool_categories, roadmap.tools_in)
        ),
        section(title(_("Projects")), "projects/index.md", entries("projects", roadmap.projects)),
        section(
            title(_("Specialisations")), "specialisations/index.md", entries("specialisations", roadmap.specialisations)
        ),
        section(title(_("Career")), "tiers/index.md", entries("tiers", roadmap.tiers)),
        {title(_("Resources")): "resources.md"},
        {title(_("Your progress")): "progress.md"},
        {title(_("Study plan")): "plan.md"},
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
