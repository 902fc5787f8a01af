"""MkDocs hooks: validate the data, then add one generated page per item, the nav, the
reader's data script, the handbook PDF (when built) and the open-data JSON; the English
build then builds every other language (macros/site/languages.py).

Thin glue: the data comes from `macros.model.load`, the pages from `macros.site.pages`.
Data is read inside the event handlers, never at import time, because
`mkdocs serve` keeps this module loaded across rebuilds.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from macros.model.load import RoadmapInvalid, load_roadmap_cached
from macros.model.roadmap import Roadmap
from macros.site import languages
from macros.site.browser_data import DATA_SCRIPT, reader_script
from macros.site.pages import build_nav, build_pages, nav_paths
from macros.site.strings import N_, load_strings

log = logging.getLogger("mkdocs.plugins.roadmap")


def data_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / config.extra.get("roadmap_data", "data")


def roadmap_for(config: MkDocsConfig) -> Roadmap:
    """The validated roadmap for this build, or an Abort that lists every data error."""
    try:
        return load_roadmap_cached(data_dir(config))
    except RoadmapInvalid as invalid:
        raise refused_build("The roadmap data", invalid) from None


def refused_build(what: str, invalid: RoadmapInvalid) -> Abort:
    """Log every error of `invalid`, located; the Abort that then stops the build names `what`."""
    for error in invalid.errors:
        log.error(str(error))
    return Abort(f"{what} has {len(invalid.errors)} error(s); nothing was built. Fix them and build again.")


def site_roadmap(config: MkDocsConfig) -> Roadmap:
    """The roadmap in this build's language: English, or the translation with English where it is missing."""
    english = roadmap_for(config)
    localised = languages.localised_for(config, english)
    return english if localised is None else localised.roadmap


@event_priority(100)  # before the macros plugin, so bad data stops the build first
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site_roadmap(config)
    # The printable handbook is published only when `make pdf` has built it; pages test
    # `config.extra.handbook_pdf` so the site builds (strict) with or without it.
    config.extra["handbook_pdf"] = HANDBOOK_PDF if handbook_pdf(config).is_file() else ""
    # The theme overrides' own words (overrides/partials/header.html), from the site catalog.
    strings = load_strings(languages.language(config))
    config.extra["ui"] = {message: strings.text(message) for message in THEME_STRINGS}
    # Every language's root as an absolute URL, for the sitemap's hreflang alternates (overrides/sitemap.xml).
    config.extra["alternate_roots"] = languages.alternate_roots(config)
    return config


THEME_STRINGS = (N_("Start here"), N_("Your progress"))


HANDBOOK_PDF = "ml-engineer-roadmap.pdf"


def handbook_pdf(config: MkDocsConfig) -> Path:
    """Where `make pdf` writes the handbook: next to mkdocs.yml (ml-engineer-roadmap.pt-BR.pdf for pt-BR).

    Each language's site publishes its own under the same name, ml-engineer-roadmap.pdf.
    """
    lang = languages.language(config)
    name = HANDBOOK_PDF if lang == languages.SOURCE_LANGUAGE else HANDBOOK_PDF.replace(".pdf", f".{lang}.pdf")
    return Path(config.config_file_path).parent / name


def on_files(files: Files, config: MkDocsConfig) -> Files:
    english = roadmap_for(config)
    localised = languages.localised_for(config, english)
    roadmap = english if localised is None else localised.roadmap
    lang = languages.language(config)
    for file in files.documentation_pages():
        file.edit_uri = f"docs/{file.src_uri}"  # edit_uri in mkdocs.yml is the repository root
    handwritten = sorted(languages.split_translated_pages(files, config))  # index.pt-BR.md for pt-BR
    existing = {file.src_uri for file in files}  # one set: Files rebuilds its index after every append
    for page in build_pages(roadmap, lang, localised):
        if page.path in existing:
            raise Abort(f"docs/{page.path} would be overwritten by a generated page; remove or rename it.")
        file = File.generated(config, page.path, content=page.markdown)
        file.edit_uri = page.source  # "edit this page" opens the data file; None hides the button
        files.append(file)
    # The data progress.js needs (checklist keys, tiers, the rename map), as a generated script.
    files.append(
        File.generated(config, DATA_SCRIPT, content=reader_script(roadmap, config.use_directory_urls, lang=lang))
    )
    if config.extra.get("handbook_pdf"):  # copied into the site, so links to it are checked like any file
        files.append(File.generated(config, HANDBOOK_PDF, abs_src_path=str(handbook_pdf(config))))
    config.nav = build_nav(roadmap, handwritten, lang)
    in_nav = nav_paths(config.nav)
    for file in files.documentation_pages():
        if file.src_uri not in in_nav:  # long sections: reached through their index page (pages.NAV_LIST_LIMIT)
            file.inclusion = InclusionLevel.NOT_IN_NAV
    return files


def on_post_build(config: MkDocsConfig) -> None:
    """Publish the validated roadmap as open data (api/roadmap.json and its schema), then build the
    other languages (English build only)."""
    from macros.site.open_data import write_open_data

    if languages.language(config) == languages.SOURCE_LANGUAGE:
        write_open_data(roadmap_for(config), Path(config.site_dir))  # the English data, once
    languages.build_other_languages(config)
