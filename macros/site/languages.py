"""The site in several languages: English at the root, each translation in its own folder.

Each language is an ordinary MkDocs build of its own config: `mkdocs.yml` for English and
`mkdocs.<lang>.yml` (which INHERITs it and sets `theme.language`, the selector and the few
translated settings) for each entry of `extra.alternate`, Material's language selector. The
English build builds the others from its `on_post_build`, into `<site_dir>/<link>` (so
`make build` and `make serve` give every language, and `mkdocs build -f mkdocs.pt-BR.yml` one).

Page generation stays a pure function of the data: the hooks hand `build_pages` the localised
roadmap (macros.i18n.translations: the translation in place, English where a unit is missing)
and the language, and every language gets the same pages at the same paths.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

log = logging.getLogger("mkdocs.plugins.roadmap")

SOURCE_LANGUAGE = "en"
# A hand-written page in another language sits next to the English one: index.pt-BR.md.
TRANSLATED_PAGE = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:-[A-Z]{2})?)\.md$")

_localised: dict[tuple[int, str], object] = {}

# ROADMAP_LANGUAGES=en (or en,pt-BR): build only these languages. For test builds that check
# only the English site; the selector still lists every language. Unset: every language.
ONLY_LANGUAGES = "ROADMAP_LANGUAGES"


def language(config: MkDocsConfig) -> str:
    """The language this build is in: Material's `theme.language` ('en', 'pt-BR')."""
    return str(config.theme.get("language") or SOURCE_LANGUAGE)


def alternates(config: MkDocsConfig) -> list[dict]:
    return [alt for alt in config.extra.get("alternate") or [] if isinstance(alt, dict) and alt.get("lang")]


def alternate_roots(config: MkDocsConfig) -> dict[str, str]:
    """Language -> the absolute URL of its site root (empty without a site_url)."""
    if not config.site_url:
        return {}
    return {str(alt["lang"]): urljoin(config.site_url, str(alt.get("link") or "./")) for alt in alternates(config)}


def site_languages(config: MkDocsConfig) -> list[str]:
    return [str(alt["lang"]) for alt in alternates(config)] or [language(config)]


def localised_for(config: MkDocsConfig, english):
    """The translation of `english` for this build (macros.i18n.translations.Localised), None for English.

    Loaded once per English roadmap: the English one is reloaded whenever anything in data/
    (data/i18n/ too) changes, so a cached translation is never stale.
    """
    lang = language(config)
    if lang == SOURCE_LANGUAGE:
        return None
    key = (id(english), lang)
    if key in _localised:
        return _localised[key]
    from macros.i18n.translations import I18N_FOLDER, Translation, load_translation, localise
    from macros.model.load import RoadmapInvalid
    from macros.site.hooks import data_dir, refused_build

    folder = data_dir(config) / I18N_FOLDER / lang
    try:
        if not os.path.lexists(folder):  # a language nobody has started: every page in English, with the notice
            translation = Translation(lang, f"{data_dir(config).name}/{I18N_FOLDER}/{lang}")
        else:
            translation = load_translation(data_dir(config), lang, english)
    except RoadmapInvalid as invalid:
        raise refused_build(f"The {lang} translation", invalid) from None
    localised = localise(english, translation)
    if localised.outdated:  # a warning in `roadmap validate`; the site shows them with a note
        log.info(
            f"{lang}: {len(localised.outdated)} translated text(s) may be out of date (roadmap validate lists them)"
        )
    _localised.clear()  # one English roadmap at a time
    _localised[key] = localised
    return localised


def split_translated_pages(files, config: MkDocsConfig) -> set[str]:
    """Put this language's hand-written pages (index.pt-BR.md) in place of the English ones.

    Every language has the same pages: a page with no translation stays in English. Returns
    the hand-written pages' paths, as the navigation lists them.
    """
    from mkdocs.structure.files import File

    lang = language(config)
    known = set(site_languages(config))
    handwritten = set()
    for file in list(files.documentation_pages()):
        if file.generated_by:
            continue
        match = TRANSLATED_PAGE.match(file.src_uri)
        if match and match["lang"] in known:
            files.remove(file)
            if match["lang"] == lang:
                english = files.get_file_from_path(f"{match['stem']}.md")
                if english is not None:
                    files.remove(english)
                page = File.generated(
                    config, f"{match['stem']}.md", content=Path(file.abs_src_path).read_text(encoding="utf-8")
                )
                page.edit_uri = f"docs/{file.src_uri}"
                files.append(page)
                handwritten.add(page.src_uri)
        else:
            handwritten.add(file.src_uri)
    return handwritten


def build_other_languages(config: MkDocsConfig) -> None:
    """From the English build: build every other language of `extra.alternate` into its folder."""
    if language(config) != SOURCE_LANGUAGE:
        return
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = Path(config.config_file_path).parent
    only = os.environ.get(ONLY_LANGUAGES)
    wanted = None if only is None else {part.strip() for part in only.split(",")}
    for alt in alternates(config):
        lang, link = str(alt["lang"]), str(alt.get("link", ""))
        if lang == SOURCE_LANGUAGE or (wanted is not None and lang not in wanted):
            continue
        folder = link.strip("./")
        if not folder or not re.fullmatch(r"[A-Za-z0-9-]+", folder):
            raise Abort(
                f"extra.alternate: the link of {lang} must be a folder of the site, like {lang}/ (got {link!r})"
            )
        config_file = root / f"mkdocs.{lang}.yml"
        if not config_file.is_file():
            raise Abort(f"extra.alternate lists {lang}, but {config_file.name} is missing")
        overrides: dict = {
            "site_dir": str(Path(config.site_dir) / folder),
            "strict": config.strict,
            "use_directory_urls": config.use_directory_urls,
        }
        if config.site_url:
            overrides["site_url"] = urljoin(config.site_url, folder + "/")
        log.info(f"Building the {lang} site into {overrides['site_dir']}")
        other = load_config(config_file=str(config_file), **overrides)
        other.plugins.on_startup(command="build", dirty=False)
        try:
            build(other)
        finally:
            other.plugins.on_shutdown()
