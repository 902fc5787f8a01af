"""The printable handbook: the site's pages assembled into one book, rendered to PDF.

Two steps, kept apart so each can be tested on its own:

- `build_html(roadmap, settings)` is pure: it renders the same Markdown pages as the
  site (`macros.site.pages.build_pages`) with the same Markdown extensions, puts them in
  reading order as chapters (entries follow each other, no page per entry), adds what
  only paper needs (the progress tracker, the path as a step -> skills table), turns
  links between pages into links inside the book, numbers nothing itself (WeasyPrint's
  `target-counter` fills page numbers into fixed-width boxes, so filling them in never
  moves a line or a page break) and returns one HTML document.
- `write_pdf(html, output)` renders that document with WeasyPrint and the print
  stylesheet `handbook/templates/handbook.css`, and replaces `output` atomically
  (`macros.atomic`). WeasyPrint loads every URL through `url_fetcher()`, which
  serves only the handbook's own files (`handbook/templates/`) and `data:` URIs: no
  network, no other file of the machine, whatever HTML the data smuggles in.

`check_requirements()` says, in plain words, what is missing on this machine
(WeasyPrint, Pango, fonts) before anything is attempted.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import posixpath
import re
import shutil
import subprocess
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
import markdown
from bs4 import BeautifulSoup, PageElement, Tag
from bs4.element import AttributeValueList
from markupsafe import Markup

from macros.atomic import AtomicWriteError, write_bytes_atomic
from macros.gc_pace import collect_less_often
from macros.model import learning
from macros.model.entities import Proficiency
from macros.model.roadmap import Roadmap
from macros.site.pages import LEVEL_LETTERS, GeneratedPage, build_pages
from macros.site.strings import N_, Strings, load_strings
from macros.site.urls import page_url
from macros.templating import environment

PDF_TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = PDF_TEMPLATES / "handbook.css"
PDF_NAME = "ml-engineer-roadmap.pdf"
SOURCE_LANGUAGE = "en"
DOMAIN = "handbook"  # the gettext catalog of the handbook's own words: locale/<ll_CC>/LC_MESSAGES/handbook.po
# Babel locales for dates and numbers; English keeps the day-month-year of the British spelling.
BABEL_LOCALES = {"en": "en_GB"}
FONTS = ("DejaVu Sans", "DejaVu Serif")  # the stylesheet's fonts (Debian: fonts-dejavu-core, -extra)
# The only folders whose files WeasyPrint may load (the stylesheet and templates; the book
# uses no images or web fonts today, so an asset it needs one day goes here too).
ALLOWED_ASSET_DIRS = (PDF_TEMPLATES,)
LOG = logging.getLogger(__name__)


class HandbookError(Exception):
    """Something the reader can fix (a missing library, a broken link); the message says what."""


# -- settings ---------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What the book needs from mkdocs.yml and pyproject.toml."""

    site_name: str
    site_url: str
    description: str
    copyright: str
    version: str
    edition: dt.date
    repo_url: str = ""
    extensions: list = field(default_factory=list)
    extension_configs: dict = field(default_factory=dict)


def _edition_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def load_settings(config_file: Path) -> Settings:
    """mkdocs.yml as MkDocs reads it (site name, URL, Markdown extensions) and the version from pyproject.toml."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = Path(config_file)
    try:
        config = load_config(str(config_file))
    except MkDocsException as exc:  # a missing file, YAML syntax (with its line) or an invalid setting
        raise HandbookError(f"{config_file}: {exc.format_message()}") from None
    except OSError as exc:
        raise HandbookError(f"{config_file}: cannot read the MkDocs configuration ({exc.strerror})") from None

    extensions = list(config.markdown_extensions)
    configs = {name: dict(options) for name, options in config.mdx_configs.items()}
    if "toc" in configs:
        configs["toc"]["permalink"] = False  # no "¶" anchors on paper

    pyproject = config_file.parent / "pyproject.toml"
    version = ""
    if pyproject.exists():
        version = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("version", "")

    site_url = config.site_url or ""
    if not site_url:
        raise HandbookError(f"{config_file}: site_url is not set; the handbook prints it on the cover")
    return Settings(
        site_name=config.site_name or "ML Engineer Roadmap",
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        description=config.site_description or "",
        copyright=config.copyright or "",
        version=version,
        edition=_edition_date(),
        repo_url=config.repo_url or "",
        extensions=extensions,
        extension_configs=configs,
    )


# -- chapters ---------------------------------------------------------------------


@dataclass(frozen=True)
class Chapter:
    index: str  # docs-relative path of the page that opens the chapter
    kind: str | None = None  # entity folder whose pages follow, in reading order
    group_by: str | None = None  # "areas" or "tool_categories": entries nested under the index's sections


CHAPTERS = (
    Chapter("role.md"),
    Chapter("steps/index.md", "steps"),
    Chapter("skills/index.md", "skills", group_by="areas"),
    Chapter("tools/index.md", "tools", group_by="tool_categories"),
    Chapter("projects/index.md", "projects"),
    Chapter("specialisations/index.md", "specialisations"),
    Chapter("tiers/index.md", "tiers"),
)
HOW_TO_USE = "how-to-use"
TRACKER = "progress-tracker"
# Web-only parts of the pages, left out of the book. Page templates can mark anything
# else that makes no sense on paper with the class "rm-web-only".
# "rm-needs-js" marks controls that work only with JavaScript, "rm-sr" text only screen readers get
# (the matrix's "not expected" next to its dash), noscript what a browser without JavaScript says.
WEB_ONLY = (
    "script",
    "style",
    "noscript",
    "button",
    "form",
    "input",
    "select",
    "progress",
    ".rm-progress",
    ".rm-check",
    ".rm-web-only",
    ".rm-needs-js",
    ".rm-sr",
)
RESOURCE_INDEX = "resource-index"
# Page references are laid out with a placeholder number as wide as any real one (DejaVu's digits
# all have the same width) and get their numbers after the one layout pass (`fill_page_numbers`):
# WeasyPrint's own target-counter() lays the book out three times to settle them.
PAGE_PLACEHOLDER = "000"
XREF = N_(" (p.\u00a0%(page)s)")  # after a link in running text
PAGEREF = N_(",\u00a0p.\u00a0%(page)s")  # after "Step 1" in the path table

# Words the templates look up by a data value (the `label` and `level_letter` filters), marked here
# for the catalog: resource types and levels, "dataset" for the index, proficiencies and their letters.
VALUE_WORDS = (
    *(N_("course"), N_("book"), N_("article"), N_("video"), N_("docs"), N_("tutorial"), N_("paper")),
    *(N_("repository"), N_("podcast"), N_("interactive"), N_("dataset")),
    *(N_("beginner"), N_("intermediate"), N_("advanced")),
    *(N_("awareness"), N_("working"), N_("proficient"), N_("expert")),
    *(N_("A"), N_("W"), N_("P"), N_("E")),
)


def pdf_name(lang: str = SOURCE_LANGUAGE) -> str:
    """ml-engineer-roadmap.pdf for English, ml-engineer-roadmap.pt-BR.pdf for a translation."""
    return PDF_NAME if lang == SOURCE_LANGUAGE else PDF_NAME.replace(".pdf", f".{lang}.pdf")


def babel_locale(lang: str) -> str:
    return BABEL_LOCALES.get(lang, lang.replace("-", "_"))


def page_slug(path: str) -> str:
    """The in-book anchor of a docs page: "skills/python.md" -> "skills-python"."""
    return path.removesuffix(".md").replace("/", "-")


def printed_url(url: str) -> str:
    """A URL as printed on paper: whole, so a reader can type it; only "https://" is left out (browsers add it)."""
    return url.removeprefix("https://")


def _entries(roadmap: Roadmap, chapter: Chapter) -> list:
    if chapter.kind is None:
        return []
    if chapter.group_by == "areas":
        return [skill for area in roadmap.taxonomy.areas for skill in roadmap.skills_in(area)]
    if chapter.group_by == "tool_categories":
        return [tool for category in roadmap.taxonomy.tool_categories for tool in roadmap.tools_in(category)]
    return list(getattr(roadmap, chapter.kind))


def _groups(roadmap: Roadmap, chapter: Chapter) -> list[tuple[Any, list]]:
    if chapter.group_by == "areas":
        return [(area, roadmap.skills_in(area)) for area in roadmap.taxonomy.areas]
    if chapter.group_by == "tool_categories":
        return [(cat, roadmap.tools_in(cat)) for cat in roadmap.taxonomy.tool_categories]
    return []


# -- Markdown -> HTML ---------------------------------------------------------------

_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL | re.IGNORECASE)
_SVG_SLOT = '<span data-rm-svg="{}"></span>'
_HREF = re.compile(r'(\bhref=")([^"]*)(")')


class _Renderer:
    """Markdown to HTML with the site's extensions; keeps inline SVG out of the HTML parser's way."""

    def __init__(self, settings: Settings):
        try:
            self.md = markdown.Markdown(extensions=settings.extensions, extension_configs=settings.extension_configs)
        except Exception as exc:
            raise HandbookError(f"mkdocs.yml: markdown_extensions: cannot load ({exc})") from None
        self.svgs: list[tuple[str, str]] = []  # (svg markup, page path it came from)

    def render(self, page: GeneratedPage) -> str:
        from mkdocs.utils.meta import get_data

        body, _meta = get_data(page.markdown)  # YAML front matter (title, hide, …) is for MkDocs, not the page
        self.md.reset()
        html = self.md.convert(body)

        # html.parser lower-cases attribute names (viewBox) and mangles SVG; park it aside.
        def park(match: re.Match) -> str:
            self.svgs.append((match.group(0), page.path))
            return _SVG_SLOT.format(len(self.svgs) - 1)

        return _SVG.sub(park, html)


# -- link rewriting -------------------------------------------------------------------


class _Links:
    def __init__(self, in_book: set[str], settings: Settings):
        self.in_book = in_book
        self.site_url = settings.site_url

    def target_page(self, path: str, from_page: str) -> str:
        """The docs page a relative link points to, for Markdown (.md) and site-style (dir/) links."""
        if path.endswith(".md"):
            return posixpath.normpath(posixpath.join(posixpath.dirname(from_page), path))
        base = page_url(from_page)
        resolved = posixpath.normpath(posixpath.join(base, path)) if path else base.rstrip("/")
        resolved = "" if resolved == "." else resolved
        for candidate in (f"{resolved}.md", f"{resolved}/index.md".lstrip("/")):
            if candidate in self.in_book:
                return candidate
        return f"{resolved}.md" if resolved else "index.md"

    def rewrite(self, href: str, from_page: str) -> str:
        """An href as it must read inside the book: an in-book anchor or an absolute URL."""
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            return href
        if not parts.path:
            return f"#{page_slug(from_page)}--{parts.fragment}" if parts.fragment else f"#{page_slug(from_page)}"
        target = self.target_page(parts.path, from_page)
        if target in self.in_book:
            return f"#{page_slug(target)}--{parts.fragment}" if parts.fragment else f"#{page_slug(target)}"
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return self.site_url + page_url(target) + fragment  # a site page the book leaves out


# -- assembling the book ----------------------------------------------------------------


def _environment(words: Strings) -> jinja2.Environment:
    """The templates' Jinja environment in the book's language: `_()`/`ngettext()` from the handbook
    catalog (inert text, like the site's), dates and numbers as the language writes them."""
    from babel.dates import format_date
    from babel.numbers import format_decimal

    locale = babel_locale(words.lang)
    env = environment(PDF_TEMPLATES, translations=words)
    env.filters["number"] = lambda value: format_decimal(value, locale=locale)
    env.filters["long_date"] = lambda value: format_date(value, format="long", locale=locale)
    env.filters["label"] = lambda value: words.text(str(getattr(value, "value", value)))  # a resource type or level
    env.filters["level_letter"] = lambda level: words.text(LEVEL_LETTERS[level.value])
    env.globals["lang"] = words.lang
    env.globals["proficiencies"] = list(Proficiency)
    env.globals["bold"] = lambda text: Markup("<strong>%s</strong>") % text
    env.globals["code"] = lambda text: Markup("<code>%s</code>") % text
    env.globals["link"] = lambda href, text: Markup('<a class="rm-xref" href="%s">%s</a>') % (href, text)
    env.globals["web"] = lambda url: Markup('<a href="%s">%s</a>') % (url, url)
    return env


def _shift_headings(node: Tag, by: int) -> None:
    if by <= 0:
        return
    for heading in node.find_all(re.compile(r"^h[1-6]$")):
        heading.name = f"h{min(6, int(heading.name[1]) + by)}"


def _mark(heading: Tag, level: int) -> None:
    """Put a heading in the table of contents and the PDF outline at `level`."""
    heading["data-toc"] = str(level)


def _process_page(soup: BeautifulSoup, section: Tag, links: _Links) -> None:
    """Anchors and links of one page made unique and valid inside the whole book."""
    path = _attr(section, "data-page")
    slug = page_slug(path)
    for element in section.find_all(id=True):
        if element is not section:
            element["id"] = f"{slug}--{element['id']}"
    for anchor in section.find_all("a", href=True):
        href = links.rewrite(_attr(anchor, "href"), path)
        anchor["href"] = href
        if not href.startswith("#"):
            _add_class(anchor, "rm-external")
            text = anchor.get_text(" ", strip=True)
            if text and text.rstrip("/") not in (href, printed_url(href)) and not anchor.find_parent("svg"):
                url = soup.new_tag("span", attrs={"class": "rm-url"})
                url.string = printed_url(href)
                anchor.insert_after(url)
                following = url.next_sibling
                if anchor.find_parent("td") and isinstance(following, Tag) and following.name == "br":
                    following.decompose()  # the URL is a block of its own in a table cell
        elif not anchor.find_parent(["table", "h1", "h2", "h3", "h4", "h5", "h6"]):
            _add_class(anchor, "rm-xref")  # print a page reference after it
    # Checklists: an empty box to tick with a pen, instead of a web form control.
    for item in section.select("li.task-list-item"):
        control = item.find(["label", "input"])
        checked = bool(item.find("input", checked=True))
        if control is not None:
            box = soup.new_tag("span", attrs={"class": "rm-box", "aria-hidden": "true"})
            box.string = "☑" if checked else "☐"
            control.replace_with(box)
        item["class"] = AttributeValueList(["rm-task"])
        if item.parent is not None:
            item.parent["class"] = AttributeValueList(["rm-tasks"])
    for widget in section.select(", ".join(WEB_ONLY)):
        widget.decompose()  # progress bars, buttons, scripts: nothing to do on paper


def _intro_headings(section: Tag, entry_ids: set[str], bookmark_from: int = 2) -> None:
    """Headings of a chapter's opening page: h2 goes in the outline unless an entry repeats it."""
    for heading in section.find_all("h2"):
        if heading.get("data-toc"):
            continue
        raw_id = _attr(heading, "id").split("--", 1)[-1]
        if raw_id not in entry_ids:
            _mark(heading, bookmark_from)


def assemble(roadmap: Roadmap, settings: Settings, lang: str = SOURCE_LANGUAGE, localised: object = None) -> str:
    """The whole book as one HTML document (cover, contents, chapters, resource index).

    For a translation, `roadmap` is the localised roadmap and `localised` its
    macros.i18n.translations.Localised (the pages' "not translated yet" notes come from it);
    the handbook's own words come from its `handbook` catalog, English where one is missing.
    """
    words = load_strings(lang, DOMAIN)
    pages = {page.path: page for page in build_pages(roadmap, lang, localised)}
    renderer = _Renderer(settings)
    env = _environment(words)

    in_book = {chapter.index for chapter in CHAPTERS}
    for chapter in CHAPTERS:
        in_book.update(f"{chapter.kind}/{item.id}.md" for item in _entries(roadmap, chapter))
    missing = sorted(path for path in in_book if path not in pages)
    if missing:
        raise HandbookError("pages the handbook needs were not generated: " + ", ".join(missing))
    links = _Links(in_book, settings)

    chapter_html = []
    for chapter in CHAPTERS:
        parts = [f'<section class="rm-page rm-intro" data-page="{chapter.index}" id="{page_slug(chapter.index)}">']
        parts.append(renderer.render(pages[chapter.index]))
        parts.append("</section>")
        for item in _entries(roadmap, chapter):
            path = f"{chapter.kind}/{item.id}.md"
            css = f"rm-page rm-entry rm-{chapter.kind}"
            parts.append(f'<section class="{css}" data-page="{path}" data-entry="{item.id}" id="{page_slug(path)}">')
            parts.append(renderer.render(pages[path]))
            parts.append("</section>")
        chapter_html.append((chapter, "\n".join(parts)))

    document = env.get_template("handbook.html.j2").render(
        settings=settings,
        roadmap=roadmap,
        chapters=[Markup(html) for _chapter, html in chapter_html],
        how_to_use=HOW_TO_USE,
        tracker=TRACKER,
        tiers=roadmap.tiers,
        areas=_tracker_rows(roadmap),
        resource_index=RESOURCE_INDEX,
        resources=resource_index(roadmap, words),
        counts=roadmap.counts(),
    )
    soup = BeautifulSoup(document, "html.parser")
    sections = {_attr(section, "data-page"): section for section in soup.find_all("section", attrs={"data-page": True})}
    for section in sections.values():
        _process_page(soup, section, links)
    _path_at_a_glance(soup, sections["steps/index.md"], roadmap, env)
    _matrix_for_paper(soup, sections["tiers/index.md"], roadmap, words)

    for chapter in CHAPTERS:
        _structure_chapter(soup, sections, roadmap, chapter)
    _mark_front_matter(soup)
    _fill_contents(soup)
    _number_references(soup, words)
    ids = _check_links(soup)

    html = str(soup)
    for index, (svg, path) in enumerate(renderer.svgs):
        svg = _HREF.sub(functools.partial(_rewrite_svg_href, links, path), svg)
        broken = [href for href in re.findall(r'href="#([^"]*)"', svg) if href not in ids]
        if broken:
            raise HandbookError(f"a figure on {path} links to places missing from the handbook: {', '.join(broken)}")
        html = html.replace(_SVG_SLOT.format(index), _sized_svg(svg), 1)
    return html


def _rewrite_svg_href(links: _Links, path: str, match: re.Match) -> str:
    return match.group(1) + links.rewrite(match.group(2), path) + match.group(3)


def _tracker_rows(roadmap: Roadmap) -> list[tuple[object, list[tuple[object, int, list[Proficiency | None]]]]]:
    """Per area, its skills as (skill, number of objectives, the level each tier expects or None)."""
    return [
        (
            area,
            [
                (
                    skill,
                    len(skill.objectives),
                    [roadmap.level_for(tier, skill) for tier in roadmap.tiers],
                )
                for skill in roadmap.skills_in(area)
            ],
        )
        for area in roadmap.taxonomy.areas
        if roadmap.skills_in(area)
    ]


def _path_at_a_glance(soup: BeautifulSoup, intro: Tag, roadmap: Roadmap, env: jinja2.Environment) -> None:
    """On paper the path's opening page is a step -> skills table with page numbers.

    The site's map is a drawing for a wide screen (its text would print at 5 pt) and its
    step-by-step list repeats what the table says, so both give way to the table.
    """
    slug = page_slug("steps/index.md")
    step_ids = {f"{slug}--{step.id}" for step in roadmap.steps}
    for figure in intro.select("figure.rm-map"):
        figure.decompose()
    for heading in intro.find_all("h2", id=step_ids.__contains__):
        node: PageElement | None = heading
        while node is not None and not (node is not heading and getattr(node, "name", None) == "h2"):
            following = node.next_sibling
            node.extract()
            node = following
    steps = [
        (step, learning.learning_order([roadmap.skill[s] for s in step.skills], roadmap.skill))
        for step in roadmap.steps
    ]
    table = env.get_template("path_table.html.j2").render(steps=steps)
    intro.append(BeautifulSoup(table, "html.parser"))


def _number_references(soup: BeautifulSoup, words: Strings) -> None:
    """After each page reference, a placeholder that `fill_page_numbers` turns into the target's page number."""
    labels = {
        kind: words.text(label).replace("%(page)s", PAGE_PLACEHOLDER)
        for kind, label in (("xref", XREF), ("pageref", PAGEREF))
    }
    for anchor in soup.select("a.rm-xref, a.rm-pageref"):
        pageref = "rm-pageref" in _classes(anchor)
        label = labels["pageref" if pageref else "xref"]
        attrs = {"class": "rm-pno", "data-target": _attr(anchor, "href"), "data-pno": label}
        anchor.append(soup.new_tag("span", attrs=attrs))


def _structure_chapter(soup: BeautifulSoup, sections: dict[str, Tag], roadmap: Roadmap, chapter: Chapter) -> None:
    """The chapter's opening page titles the chapter; entries nest under it (and under groups)."""
    intro = sections[chapter.index]
    wrapper = soup.new_tag("div", attrs={"class": "rm-chapter", "id": f"chapter-{page_slug(chapter.index)}"})
    intro.insert_before(wrapper)
    title = intro.find("h1")
    if title is None:
        raise HandbookError(f"the page {chapter.index} has no title (# heading); the chapter needs one")
    _add_class(title, "rm-chapter-title")
    _mark(title, 1)

    entries = {item.id: sections[f"{chapter.kind}/{item.id}.md"] for item in _entries(roadmap, chapter)}
    wrapper.append(intro.extract())
    groups = _groups(roadmap, chapter)
    _intro_headings(intro, set(entries))

    if not groups:
        for entry in entries.values():
            _shift_headings(entry, 1)
            _mark(_entry_title(entry, "h2"), 2)
            wrapper.append(entry.extract())
        return

    title_class = "rm-tool-title" if chapter.kind == "tools" else None
    slug = page_slug(chapter.index)
    for group, items in groups:
        if not items:
            continue
        heading = intro.find(id=f"{slug}--{group.id}")
        container = soup.new_tag("section", attrs={"class": "rm-group"})
        if heading is not None and heading.name == "h2":
            # The index page's own section for this group: its heading and text up to the next h2.
            heading.insert_before(container)
            node: PageElement | None = heading
            while node is not None and not (node is not heading and getattr(node, "name", None) == "h2"):
                following = node.next_sibling
                container.append(node.extract())
                node = following
            wrapper.append(container.extract())
            _add_class(heading, "rm-group-title")
        else:
            new_heading = soup.new_tag("h2", attrs={"id": f"{slug}--{group.id}", "class": "rm-group-title"})
            new_heading.string = group.name
            container.append(new_heading)
            _mark(new_heading, 2)
            wrapper.append(container)
        for item in items:
            entry = entries[item.id]
            _shift_headings(entry, 2)
            _mark(_entry_title(entry, "h3", title_class), 3)
            container.append(entry.extract())


def _attr(tag: Tag, name: str) -> str:
    """An attribute of a tag as one string ("" when it has none); class lists are joined by spaces."""
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    if value is None:
        return []
    return value.split() if isinstance(value, str) else list(value)


def _add_class(tag: Tag, name: str) -> None:
    tag["class"] = AttributeValueList([*_classes(tag), name])


def _entry_title(entry: Tag, name: str, extra_class: str | None = None) -> Tag:
    """The entry's title heading, classed so the print styles it and names the entry in the running head."""
    title = entry.find(name)
    if title is None:
        raise HandbookError(f"the page {entry['data-page']} has no title (# heading)")
    _add_class(title, "rm-entry-title")
    if extra_class:
        _add_class(title, extra_class)
    return title


def _matrix_for_paper(soup: BeautifulSoup, intro: Tag, roadmap: Roadmap, words: Strings) -> None:
    """The skill x tier matrix with numbered tier columns and a key that names them.

    Eleven tier names do not fit over narrow level columns without breaking mid-word, so
    each column is headed by its tier's number and the key above the table gives the names
    (with their pages), as the progress tracker does.
    """
    table = intro.select_one("table.rm-matrix-table")
    if table is None:
        return
    number = {tier.id: position for position, tier in enumerate(roadmap.tiers, start=1)}
    for cell in table.select("thead th[data-tier]"):
        position = number.get(_attr(cell, "data-tier"))
        if position is not None:
            cell.clear()
            cell.string = str(position)
            _add_class(cell, "rm-matrix-tier")
    key = soup.new_tag("p", attrs={"class": "rm-matrix-key"})
    key.append(words.text(N_("Tiers:")) + " ")
    for position, tier in enumerate(roadmap.tiers, start=1):
        if position > 1:
            key.append("; ")
        label = soup.new_tag("strong")
        label.string = str(position)
        key.append(label)
        key.append("\u00a0")
        link = soup.new_tag("a", attrs={"href": f"#{page_slug(f'tiers/{tier.id}.md')}", "class": "rm-xref"})
        link.string = tier.name
        key.append(link)
    key.append(".")
    container = table.find_parent("div", class_="rm-matrix") or table
    container.insert_before(key)


def _sized_svg(svg: str, max_width_mm: float = 150, max_height_mm: float = 200) -> str:
    """Give an inline SVG an explicit print size that fits the page, keeping its aspect ratio."""
    box = re.search(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"', svg)
    if not box:
        return svg
    width, height = float(box.group(1)), float(box.group(2))
    scale = min(max_width_mm / width, max_height_mm / height)
    size = f'width="{width * scale:.1f}mm" height="{height * scale:.1f}mm" font-family="DejaVu Sans, sans-serif"'
    opening = re.match(r"<svg\b[^>]*>", svg)
    if opening is None:
        return svg
    root = opening.group(0)
    bare = re.sub(r'\s(?:width|height|font-family)="[^"]*"', "", root)  # the site's sizing and fonts
    return bare.replace("<svg", f"<svg {size}", 1) + svg[len(root) :]


def _mark_front_matter(soup: BeautifulSoup) -> None:
    for heading in soup.select("[data-front] h1"):
        _add_class(heading, "rm-chapter-title")
        _mark(heading, 1)


def _fill_contents(soup: BeautifulSoup) -> None:
    """The table of contents: every heading marked for the outline, page numbers by `fill_page_numbers`."""
    toc = soup.find(id="contents-list")
    if not isinstance(toc, Tag):
        raise HandbookError("the handbook template has no #contents-list")
    for index, heading in enumerate(soup.select("main [data-toc]")):
        level = int(_attr(heading, "data-toc"))
        if not heading.get("id"):
            heading["id"] = f"toc-{index}"
        item = soup.new_tag("li", attrs={"class": f"rm-toc-{level}"})
        target = f"#{_attr(heading, 'id')}"
        link = soup.new_tag("a", attrs={"href": target})
        title = soup.new_tag("span", attrs={"class": "rm-toc-title"})
        title.string = heading.get_text(" ", strip=True)
        link.append(title)
        attrs = {"class": "rm-pno rm-toc-page", "data-target": target, "data-pno": PAGE_PLACEHOLDER}
        link.append(soup.new_tag("span", attrs={**attrs, "data-pno-align": "end"}))
        item.append(link)
        toc.append(item)


def _check_links(soup: BeautifulSoup) -> set[str]:
    """Every in-book link must have a target; returns the ids in the book."""
    ids = {_attr(element, "id") for element in soup.find_all(id=True)}
    broken = []
    for anchor in soup.find_all("a", href=True):
        href = _attr(anchor, "href")
        if href.startswith("#") and href[1:] not in ids:
            broken.append(href)
    if broken:
        raise HandbookError("links inside the handbook point nowhere: " + ", ".join(sorted(set(broken))))
    return ids


# -- resource index --------------------------------------------------------------------


_OPENING_QUOTES = "\"'“‘"


@dataclass
class IndexEntry:
    title: str
    url: str
    kind: str
    free: bool | None = None
    level: str | None = None
    authors: str | None = None
    used_by: list[tuple[str, str]] = field(default_factory=list)  # (anchor, label)

    @property
    def letter(self) -> str:
        """The index letter it is filed under: "A" for "Álgebra" too, "#" for a digit or sign."""
        first = _sort_key(self.title)[:1].upper()
        return first if first.isalpha() else "#"


def _sort_key(title: str) -> str:
    """A title as the index sorts it: opening quotes and accents left out, case folded."""
    bare = unicodedata.normalize("NFKD", title.lstrip(_OPENING_QUOTES))
    return "".join(char for char in bare if not unicodedata.combining(char)).casefold()


def resource_index(roadmap: Roadmap, words: Strings | None = None) -> list[IndexEntry]:
    """Every URL in the book with what it is and where it is recommended, sorted by title."""
    words = words or load_strings(SOURCE_LANGUAGE, DOMAIN)
    by_url: dict[str, IndexEntry] = {}

    def add(entry: IndexEntry, anchor: str, label: str) -> None:
        existing = by_url.setdefault(entry.url, entry)
        if (anchor, label) not in existing.used_by:
            existing.used_by.append((anchor, label))

    def label(item: Any) -> str:
        return getattr(item, "name", None) or item.title

    for kind, owner, res in roadmap.all_resources():
        entry = IndexEntry(res.title, res.url, res.type.value, res.free, res.level.value, res.authors)
        add(entry, page_slug(f"{kind}/{owner.id}.md"), label(owner))
    for tool in roadmap.tools:
        add(
            IndexEntry(
                words.text(N_("%(tool)s documentation")).replace("%(tool)s", tool.name), tool.docs_url, "docs", True
            ),
            page_slug(f"tools/{tool.id}.md"),
            tool.name,
        )
    for project in roadmap.projects:
        for dataset in project.datasets:
            add(IndexEntry(dataset.name, dataset.url, "dataset"), page_slug(f"projects/{project.id}.md"), project.title)
    return sorted(by_url.values(), key=lambda e: (_sort_key(e.title), e.url))


build_html = assemble  # the public name: roadmap + settings -> one HTML document


# -- HTML -> PDF ------------------------------------------------------------------------


def check_requirements() -> list[str]:
    """What this machine lacks to render the PDF, each as a sentence that says how to fix it."""
    problems = []
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi at import time)
    except ModuleNotFoundError:
        problems.append(
            "WeasyPrint is not installed in this Python: run `make pdf` (it installs requirements.txt) or `pip install weasyprint`."
        )
    except OSError as exc:
        problems.append(
            "WeasyPrint cannot load Pango, the text layout library it needs "
            f"({exc}). On Debian or Ubuntu: `sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0`; "
            "on Fedora: `sudo dnf install pango`; on macOS: `brew install pango`."
        )
    if shutil.which("fc-list"):
        installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
        for font in FONTS:
            if font not in installed:
                problems.append(
                    f"the font {font} is not installed: on Debian or Ubuntu `sudo apt-get install fonts-dejavu-core fonts-dejavu-extra`."
                )
    return problems


class RefusedURL(ValueError):
    """A URL the handbook will not load (WeasyPrint skips the image, stylesheet or attachment)."""

    def __init__(self, reason: str, url: str):
        super().__init__(f"{reason}: {_shorten(url)}")
        self.reason = reason
        self.url = url


def allowed_file(url: str, roots=ALLOWED_ASSET_DIRS) -> Path:
    """The local file a `file:` URL names, if it lies inside one of `roots` (symlinks and `..` resolved).

    Raises RefusedURL for any other URL: other schemes, remote hosts, relative URLs,
    files outside the folders, folders, missing files.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise RefusedURL("not a file: or data: URL", url)
    if parts.netloc not in ("", "localhost"):
        raise RefusedURL("a file: URL on another host", url)
    try:
        path = Path(os.path.realpath(url2pathname(parts.path), strict=True))
    except (OSError, ValueError):  # missing, a symlink loop, an embedded NUL …
        raise RefusedURL("no such file", url) from None
    if not any(path.is_relative_to(os.path.realpath(root)) for root in roots):
        raise RefusedURL("not one of the handbook's own files", url)
    if not path.is_file():
        raise RefusedURL("not a file", url)
    return path


@functools.cache
def _fetcher_class():
    """The fetcher class, built on first use: WeasyPrint is imported only when a PDF is rendered."""
    import mimetypes
    import urllib.request

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class _HandbookFetcher(URLFetcher):
        """WeasyPrint's URL fetcher for the handbook: its own files and data: URIs, nothing else.

        A refused URL raises RefusedURL (logged once as a warning); WeasyPrint then leaves
        that image, stylesheet, font or attachment out and renders the rest. It never opens
        a network connection: there is no code path here that could.
        """

        def __init__(self, roots: tuple[Path, ...] = ALLOWED_ASSET_DIRS) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=False)
            self.roots = tuple(roots)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            try:
                return self._fetch(url)
            except RefusedURL as exc:
                if url not in self.refused:
                    self.refused.append(url)
                    LOG.warning("handbook: left out %s (%s)", _shorten(url), exc.reason)
                raise

        def _fetch(self, url: str):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                try:
                    response = urllib.request.DataHandler().data_open(urllib.request.Request(url))
                except Exception as exc:  # malformed data: URI
                    raise RefusedURL(f"unreadable data: URI ({exc})", url) from None
                return URLFetcherResponse(url, response.read(), dict(response.headers))
            path = allowed_file(url, self.roots)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    return _HandbookFetcher


def url_fetcher(roots=ALLOWED_ASSET_DIRS):
    """A new handbook fetcher (a weasyprint URLFetcher): call it with a URL to get a WeasyPrint response, or RefusedURL."""
    return _fetcher_class()(roots)


def _shorten(url: str, limit: int = 100) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def render_document(html: str):
    """Lay the handbook HTML out in pages (a weasyprint.Document) with the print stylesheet.

    Every URL goes through `url_fetcher()`: the handbook's own files and data: URIs only.
    """
    problems = check_requirements()
    if problems:
        raise HandbookError("cannot render the PDF:\n  - " + "\n  - ".join(problems))
    import weasyprint

    _keep_text_layouts()
    fetcher = url_fetcher()
    with collect_less_often():  # the layout's boxes are many and long-lived (macros/gc_pace.py)
        document = weasyprint.HTML(string=html, base_url=PDF_TEMPLATES.as_uri() + "/", url_fetcher=fetcher)
        rendered = document.render(stylesheets=[weasyprint.CSS(filename=str(STYLESHEET), url_fetcher=fetcher)])
        fill_page_numbers(rendered)
    return rendered


@functools.cache
def _keep_text_layouts() -> None:
    """Keep each line's Pango layout from layout time to drawing time instead of shaping it again.

    WeasyPrint frees the Pango layout of every line of text once the line is laid out and, when it
    draws the page, builds it again and shapes the text a second time: a quarter of the time the
    handbook takes to write. Kept alive, the book costs about 40 MB more memory, and the PDF is
    byte for byte the same (compared on the real data). Applies to this process's WeasyPrint only;
    a WeasyPrint without these methods is left alone.
    """
    from weasyprint.text import line_break

    layout_class = getattr(line_break, "Layout", None)
    if layout_class is None or not hasattr(layout_class, "deactivate") or not hasattr(layout_class, "reactivate"):
        return
    reactivate = layout_class.reactivate

    def reactivate_if_freed(self, style):
        if not hasattr(self, "layout"):  # freed after all (another caller): build it again
            reactivate(self, style)

    layout_class.deactivate = lambda self: None
    layout_class.reactivate = reactivate_if_freed


def fill_page_numbers(document) -> int:
    """Put each page reference's number in place of its placeholder, in the laid-out pages; returns how many.

    A reference (`span.rm-pno`, see `_number_references`) was laid out with `PAGE_PLACEHOLDER`
    standing for the number, so the lines and page breaks are already those of the final book:
    only the placeholder's text changes, shaped again by Pango at the same place. The number is
    narrower than the placeholder (fewer digits): in running text what follows on the line moves
    left by the difference (the lines are ragged right, so nothing else changes); a reference
    marked `data-pno-align="end"` (the contents) keeps its right edge instead. Links are gathered
    again where something moved. A target on no page (it cannot happen for the book's own links,
    which `_check_links` checked) prints "?" and a warning.
    """
    from weasyprint.anchors import gather_anchors
    from weasyprint.formatting_structure.boxes import LineBox, ParentBox, TextBox
    from weasyprint.text.line_break import split_first_line

    page_of: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            page_of.setdefault(anchor, number)

    def number_text(box) -> str | None:
        if not isinstance(box, TextBox) or box.element is None or not box.element_tag.endswith("::after"):
            return None
        target = box.element.get("data-target")
        if target is None or PAGE_PLACEHOLDER not in box.text:
            return None
        number = page_of.get(target.removeprefix("#"))
        if number is None:
            LOG.warning("handbook: %s is on no page; its page reference prints ?", _shorten(target))
        return box.text.replace(PAGE_PLACEHOLDER, str(number) if number is not None else "?", 1)

    filled = 0

    def fill(box, text: str, path: list[tuple[Any, int]]) -> None:
        layout, _length, _resume, width, _height, _baseline = split_first_line(text, box.style, None, None, 0)
        delta = box.width - width
        box.text, box.pango_layout, box.width = text, layout, width
        if box.element.get("data-pno-align") == "end":
            box.position_x += delta
            return
        for parent, index in reversed(path):  # close the gap: what follows on the line moves left
            for sibling in parent.children[index + 1 :]:
                sibling.translate(dx=-delta)
            if isinstance(parent, LineBox):
                break
            parent.width -= delta

    def walk(box, path: list[tuple[Any, int]]) -> int:
        found = 0
        for index, child in enumerate(box.children):
            text = number_text(child)
            if text is not None:
                fill(child, text, [*path, (box, index)])
                found += 1
            elif isinstance(child, ParentBox):
                found += walk(child, [*path, (box, index)])
        return found

    for page in document.pages:
        found = walk(page._page_box, [])
        if found:
            filled += found
            page.links.clear()  # their rectangles were measured before the lines closed up
            page.anchors.clear()
            page.bookmarks.clear()
            forms = page.forms
            forms.clear()
            forms[None] = []
            gather_anchors(page._page_box, page.anchors, page.links, page.bookmarks, page.forms)
    return filled


def write_pdf(html: str, output: Path) -> int:
    """Render the handbook HTML and replace `output` with it atomically; returns the page count.

    Raises HandbookError (one line) when the PDF cannot be written; `output` is then unchanged.
    """
    rendered = render_document(html)
    with collect_less_often():
        data = rendered.write_pdf(pdf_identifier=b"ml-engineer-roadmap")
    output = Path(output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HandbookError(f"{output.parent}: cannot create the folder ({exc.strerror or exc})") from None
    try:
        write_bytes_atomic(output, data)
    except AtomicWriteError as exc:
        raise HandbookError(str(exc)) from None
    return len(rendered.pages)


def build_pdf(
    roadmap: Roadmap, config_file: Path, output: Path, lang: str = SOURCE_LANGUAGE, localised: object = None
) -> int:
    """The whole chain: mkdocs.yml settings + roadmap -> HTML -> `output`; returns the page count.

    For a translation, `roadmap` is the localised roadmap and `localised` its Localised (see `assemble`).
    """
    settings = load_settings(config_file)
    return write_pdf(build_html(roadmap, settings, lang, localised), output)
