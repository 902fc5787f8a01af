"""The one Jinja environment factory, for the site's Markdown pages and the handbook's HTML.

Both render data that may be hostile, so both refuse undefined names and escape every
`{{ }}`; the stage says what differs: where its templates are, the escape of last
resort (`finalize`) and whether a template's final newline is kept.

`translations` (an object with `gettext(message, **params)` and `ngettext(singular, plural,
count, **params)`, such as macros.site.strings.Strings) turns on Jinja's i18n extension: the
templates write `_("Learning objectives")` and `ngettext(...)`, and Babel extracts them into
the gettext catalogs. The callables are installed old-style (`newstyle=False`), so they do
their own placeholder filling and escaping; `{% trans %}` blocks would bypass that and are not
used (tests/test_i18n_site.py checks).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2


def environment(
    templates: Path,
    *,
    finalize: Callable[[object], object] | None = None,
    keep_trailing_newline: bool = False,
    translations: Any = None,
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        # Every {{ }} is escaped unless it is Markup; autoescape makes macro results Markup,
        # so a macro's output is not escaped a second time.
        autoescape=True,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
        # Compiled templates are kept in the user's temp folder between processes: each
        # `mkdocs build` and `roadmap pdf` otherwise compiles every template again.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        extensions=["jinja2.ext.i18n"] if translations is not None else [],
    )
    if translations is not None:
        env.install_gettext_callables(  # type: ignore[attr-defined]
            translations.gettext, translations.ngettext, newstyle=False
        )
    return env
