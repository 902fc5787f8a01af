"""The one escape for data text (macros/escaping.py), tried in every Markdown/HTML context it reaches.

Each context is rendered with the site's own Markdown extensions and read back with an HTML
parser; a payload is inert when no element or attribute appears that the template did not write
and the reader sees the payload's characters as text.
"""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from macros.site.escaping import inert, inert_url

EXTENSIONS = [
    "toc",
    "tables",
    "attr_list",
    "md_in_html",
    "admonition",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
]

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "Python ![x onfocus=alert(1) autofocus tabindex=0](x)",
    "![x](http://127.0.0.1:9/x.png){: onerror=alert(1) }",
    "[click](javascript:alert(1))",
    "{: onclick=alert(1) }",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "</title><script>alert(1)</script>",
    "{{ 7*7 }} {% include 'x' %}",
    "x\n---\ntitle: hacked",
    "- [x] ticked",
    "1. listed",
    "# heading",
    "a | b | c",
    "`code` **bold** _em_ \\*",
    "<!-- comment",
    "&lt;script&gt; &amp;",
    "<https://example.org>",
]

# Where data text lands in the templates (macros/templates/*.j2), with {} for the value.
CONTEXTS = {
    "paragraph": "{}\n",
    "heading": "### {} {{#h}}\n",
    "link label": "[{}](../x/)\n",
    "table cell": "| A | B |\n|---|---|\n| {} | x |\n",
    "attribute in a table cell": '| A | B |\n|---|---|\n| x | <span aria-label="{}">y</span> |\n',
    "raw HTML block": '<div class="x" title="{}">{}</div>\n',
    "task list item": '- [ ] {} <span class="rm-check" data-check-id="{}"></span>\n',
    "markdown in html": "<div markdown>\n\n{}\n\n</div>\n",
}


def rendered(template: str, value: str) -> BeautifulSoup:
    text = inert(value)
    return BeautifulSoup(
        markdown.markdown(template.format(*([text] * template.count("{}"))), extensions=EXTENSIONS), "html.parser"
    )


def shape(soup: BeautifulSoup) -> list:
    return [(tag.name, sorted(tag.attrs)) for tag in soup.find_all(True)]


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert(context, payload):
    soup = rendered(CONTEXTS[context], payload)
    benign = rendered(CONTEXTS[context], "plain words")
    assert shape(soup) == shape(benign), f"{payload!r} changed the markup in a {context}"
    flat = " ".join(payload.split())
    assert flat in soup.get_text(" ") or any(
        flat in str(v) for tag in soup.find_all(True) for v in tag.attrs.values()
    ), f"{payload!r} does not read as itself in a {context}"


def test_whitespace_collapses_so_a_value_cannot_start_a_block():
    assert inert("a\n\n---\ntitle: x") == "a --- title: x"
    assert inert("---\ntitle: x") == "&#45;-- title: x"  # a leading rule mark is encoded
    assert inert("12. x") == "12&#46; x"


def test_urls_are_http_only():
    assert inert_url("https://example.org/a_b?c=1&d=(2)") == "https://example.org/a&#95;b?c=1&amp;d=&#40;2&#41;"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "vbscript:x",
    ):
        with pytest.raises(ValueError):
            inert_url(bad)


def test_url_in_a_link_decodes_to_the_original():
    url = "https://example.org/a_b*c?d=1&e=(2)#f"
    soup = BeautifulSoup(markdown.markdown(f"[x](<{inert_url(url)}>)", extensions=EXTENSIONS), "html.parser")
    assert soup.a["href"] == url
