"""The handbook's own words in gettext: the `handbook` domain of macros/i18n/locale/.

The templates in handbook/templates/ write `_("Contents")` and `ngettext(...)`; book.py marks
its few strings with `N_()`. They are read at build time by macros.site.strings.load_strings
(from the .po files themselves: English where a string has no translation).

`python -m macros.handbook.catalog [LANG ...]` extracts the English strings again with Babel and
merges them into each language's handbook.po (default: pt-BR); tests/test_handbook_i18n.py
fails when a catalog misses a string, has one no source uses, or changes a placeholder.
"""

from __future__ import annotations

from pathlib import Path

from macros.site.strings import merge_catalog

ROOT = Path(__file__).resolve().parent.parent.parent
DOMAIN = "handbook"
METHOD_MAP = [("macros/handbook/**.py", "python"), ("macros/handbook/templates/**.j2", "jinja2")]
OPTIONS = {"macros/handbook/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}}
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def extract():
    """The English catalog of the handbook, extracted from its templates and book.py with Babel."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="ML Engineer Roadmap", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "macros" / "handbook",
        [(pattern.removeprefix("macros/handbook/"), method) for pattern, method in METHOD_MAP],
        options_map={key.removeprefix("macros/handbook/"): value for key, value in OPTIONS.items()},
        keywords=KEYWORDS,
        comment_tags=("i18n:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(f"macros/handbook/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def update(langs: list[str]) -> None:
    """Extract the handbook's English strings again and merge them into each language's handbook.po."""
    merge_catalog(DOMAIN, extract(), langs)


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    import sys

    update(sys.argv[1:] or ["pt-BR"])
