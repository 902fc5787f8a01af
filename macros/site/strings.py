"""The site's interface strings in the reader's language: gettext catalogs read with Babel.

Two domains live in macros/i18n/locale/<locale>/LC_MESSAGES/: `site.po` (the page templates and
the page titles and navigation of macros/site/pages.py) and `scripts.po` (the messages of the
reader scripts in docs/assets/javascripts/, delivered to them in roadmap-data.js). The handbook
has its own `handbook` domain. English is the source: a string with no translation (absent,
empty or fuzzy) is shown in English.

The catalogs are read from the .po files themselves (no compiled .mo to forget to rebuild).
A translation is text, never markup: `Strings.gettext` makes the translated literal inert with
the same escape as data text, and every placeholder value too unless it is Markup built by
the page helpers (a link). So a catalog entry cannot inject HTML or Markdown either.

`python -m macros.site.strings` extracts the English strings again and updates every catalog
(README: "Languages").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.plural import PluralRule
from markupsafe import Markup

from macros.site.escaping import inert

LOCALE_DIR = Path(__file__).resolve().parent.parent / "i18n" / "locale"
DOMAINS = ("site", "scripts")
SOURCE_LANGUAGE = "en"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "extract, translate later"
    """Marks a string for extraction where it is defined; translated where it is shown."""
    return message


def locale_folder(lang: str) -> str:
    """'pt-BR' -> 'pt_BR' (the gettext folder name)."""
    return lang.replace("-", "_")


@dataclass(frozen=True)
class Strings:
    """One language's translations of one domain: msgid -> msgstr, English where absent."""

    lang: str
    messages: dict[str, str] = field(default_factory=dict)
    plurals: dict[str, tuple[str, ...]] = field(default_factory=dict)
    plural_rule: PluralRule | None = None  # which plural form a count takes

    def text(self, message: str) -> str:
        """The translation as plain text (for titles and navigation, which are escaped later)."""
        return self.messages.get(message) or message

    def ntext(self, singular: str, plural: str, count: int) -> str:
        forms = self.plurals.get(singular)
        if forms and self.plural_rule is not None:
            index = _plural_index(self.plural_rule, count, len(forms))
            if forms[index]:
                return forms[index]
        return singular if count == 1 else plural

    def gettext(self, message: str, **params: object) -> Markup:
        """The translation, inert, with each `%(name)s` replaced by its (inert) value."""
        return _fill(self.text(message), params)

    def ngettext(self, singular: str, plural: str, count: int, **params: object) -> Markup:
        return _fill(self.ntext(singular, plural, count), {"num": count, **params})


def _plural_index(rule, count: int, forms: int) -> int:
    tag = rule(count)  # CLDR category: 'one', 'other', ...
    order = [t for t in ("zero", "one", "two", "few", "many", "other") if t in rule.tags or t == "other"]
    index = order.index(tag) if tag in order else len(order) - 1
    return min(index, forms - 1)


def _fill(template: str, params: dict[str, object]) -> Markup:
    parts = PLACEHOLDER.split(template)  # literal, name, literal, name, ...
    out = []
    for position, part in enumerate(parts):
        if position % 2 == 0:
            out.append(str(inert(part)) if part.strip() else part)
        else:
            if part not in params:
                raise KeyError(f"interface string {template!r} names %({part})s, which the template does not give")
            out.append(str(inert(params[part])))
    return Markup("".join(out))


ENGLISH = Strings(SOURCE_LANGUAGE)


def catalog_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / locale_folder(lang) / "LC_MESSAGES" / f"{domain}.po"


@functools.lru_cache(maxsize=16)
def load_strings(lang: str, domain: str = "site") -> Strings:
    """The `domain` strings of `lang` (English, untranslated, when it has no catalog)."""
    path = catalog_path(lang, domain)
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return Strings(lang)
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale_folder(lang))
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not message.string:
            continue
        if isinstance(message.id, (tuple, list)):
            plurals[str(message.id[0])] = tuple(message.string)
        else:
            messages[str(message.id)] = str(message.string)
    rule = catalog.locale.plural_form if catalog.locale else None  # babel.plural.PluralRule
    return Strings(lang, messages, plurals, rule)


def script_strings(lang: str) -> dict[str, str]:
    """The reader scripts' messages in `lang`, English msgid -> translation (only translated ones)."""
    return dict(load_strings(lang, "scripts").messages)


def script_plurals(lang: str) -> dict[str, object]:
    """The scripts' messages with a count: English singular -> [singular, plural] in `lang`, and
    `singular_counts`, the counts below 1000 that take the singular form (from the language's
    CLDR rule: 1 in English, 0 and 1 in Brazilian Portuguese). Two-form languages only."""
    strings = load_strings(lang, "scripts")
    rule = strings.plural_rule
    singular = [n for n in range(1000) if rule(n) == "one"] if rule is not None else [1]
    return {"plurals": {key: list(forms[:2]) for key, forms in strings.plurals.items()}, "singular_counts": singular}


# -- keeping the catalogs up to date --------------------------------------------------------------
ROOT = Path(__file__).resolve().parent.parent.parent


def extract(domain: str):
    """The English catalog of `domain`, extracted from its sources with Babel."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="ML Engineer Roadmap", domain=domain)
    if domain == "site":
        method_map = [("macros/site/**.py", "python"), ("macros/site/templates/**.j2", "jinja2")]
        # _() and ngettext() in templates; N_() marks, Strings.text() and .ntext() calls in Python.
        keywords = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "text": None, "ntext": (1, 2)}
        options = {"macros/site/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}}
    else:
        method_map = [("docs/assets/javascripts/*.js", "javascript")]
        keywords = {"t": None, "tn": (1, 2)}
        options = {}
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map=options, keywords=keywords, comment_tags=("i18n:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def merge_catalog(domain: str, template, langs: list[str]) -> None:
    """Merge a freshly extracted English catalog into each language's `domain`.po (`pybabel update`):
    new strings arrive untranslated, strings no source uses any more are dropped."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    for lang in langs:
        path = catalog_path(lang, domain)
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=locale_folder(lang))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=locale_folder(lang), domain=domain, project="ML Engineer Roadmap")
        # No creation date and no line numbers: re-extracting after an unrelated edit leaves the file
        # as it is, so a catalog's diff shows only strings that changed.
        catalog.update(template, update_header_comment=False, update_creation_date=False)
        catalog.obsolete.clear()
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=False, include_previous=False, include_lineno=False)


def update_catalogs(langs: list[str]) -> None:
    """Extract the site's and the scripts' English strings again and merge them into every language."""
    for domain in DOMAINS:
        merge_catalog(domain, extract(domain), langs)


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    import sys

    update_catalogs(sys.argv[1:] or ["pt-BR"])
