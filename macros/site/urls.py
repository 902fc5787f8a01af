"""Where a docs page lands on the site, and how one page links to another.

The one copy of these rules: the pages, the path map, the reader's data script and
the handbook all ask here, so a link computed in one of them matches the others.
Relative paths come from `mkdocs.utils.get_relative_url`, the function MkDocs itself
uses for page links.
"""

from __future__ import annotations

from mkdocs.utils import get_relative_url


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The site-root-relative URL of the docs page `path` ("skills/python.md" -> "skills/python/")."""
    stem = path.removesuffix(".md")
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_url(url: str, from_url: str) -> str:
    """`url` as a link written on the page at `from_url` (both relative to the same root).

    A `from_url` whose last part has a dot is a file ("skills/python.md", "index.html"),
    otherwise a folder ("skills/python/").
    """
    relative = get_relative_url(url, from_url)
    # The site root ("") is a folder too, but get_relative_url only keeps a slash it was given.
    return relative if url or relative.endswith("/") else relative + "/"


def page_href(target: str, from_page: str, use_directory_urls: bool = True) -> str:
    """The link from the built page of docs page `from_page` to that of docs page `target`."""
    return relative_url(page_url(target, use_directory_urls), page_url(from_page, use_directory_urls))
