"""Making text from the data inert wherever it is printed: one rule for every context.

Data is written by strangers, and one value can reach Markdown text, a Markdown table
cell, raw HTML, an HTML attribute inside a table cell (where Python-Markdown still
parses Markdown, so `![x onfocus=...](x)` would build an element inside the attribute)
and the SVG map. Rather than pick an escape per context, every value gets the one
escape that is inert in all of them:

- HTML's five special characters become entities (MarkupSafe), so no tag or attribute
  can open or close;
- every character that Markdown, its table, attr_list and tasklist extensions or a
  Jinja/macros template treat as syntax becomes a numeric character reference, which
  Python-Markdown passes through untouched and the browser (or an XML parser, for the
  SVG) shows as the character itself;
- runs of whitespace (newlines included) become one space, so a value can never start
  a new Markdown block, table row or front-matter line.

URLs get the same escape after a scheme check, so an `href` can only be http(s).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markupsafe import Markup

# HTML's special characters, then inline Markdown syntax (emphasis, code, links, images,
# attr_list braces, table pipes, backslash escapes) and Jinja's `{`, each to a character
# reference, in one pass (so no reference is escaped twice).
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
_TABLE = str.maketrans({**{ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+!|~^"}, **_HTML})
_BLOCK_START = re.compile(r"^( ?)([-=]|\d+\.)")
_WHITESPACE = re.compile(r"\s+")


def _block_start(match: re.Match[str]) -> str:
    space, mark = match.groups()
    return space + mark[:-1] + f"&#{ord(mark[-1])};"


def inert(value: object) -> Markup:
    """`value` as text that no Markdown, HTML, SVG or template engine interprets.

    Markup (template output, macro results, links built by the page helpers) passes
    unchanged: it was built from inert pieces already.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        raise ValueError("a template printed None; guard optional fields with {% if %}")
    text = _WHITESPACE.sub(" ", str(value))
    text = text.translate(_TABLE)
    return Markup(_BLOCK_START.sub(_block_start, text, count=1))


SAFE_SCHEMES = ("http", "https")


def inert_url(value: object) -> Markup:
    """An http(s) URL from the data, escaped for an `href` in Markdown or HTML.

    The data model already refuses other schemes; this is the last line, so a
    `javascript:` or `data:` address can never reach a link even if a check is lost.
    """
    url = str(value).strip()
    if urlsplit(url).scheme.lower() not in SAFE_SCHEMES:
        raise ValueError(f"refusing to link a non-http(s) URL: {url[:80]!r}")
    return inert(url)
