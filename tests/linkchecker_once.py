"""linkchecker, reading each page once (tests/test_internal_links.py runs this instead of the script).

With the AnchorCheck plugin on, linkchecker keys its cache on the whole URL, fragment included: every
`page/#anchor` link of the site is fetched, parsed with BeautifulSoup and crawled again, so a page
linked under 8 anchors is parsed 9 times and its links are queued 9 times. That was most of the
crawl's time (1,974 URLs, 1,114 HTML parses for 179 pages). Three patches keep every check and drop
the repeats:

- the anchors of a page are collected the first time the page is parsed (to follow its links or to
  check a `page#...` URL), and every `page#anchor` is checked against that list (the same content:
  linkchecker itself assumes so when AnchorCheck is off);
- a page's links are followed from the first URL of that page that linkchecker checks, with or
  without a fragment, and not again from the others (their children are the same URLs, which
  linkchecker's cache would skip anyway after parsing them once more);
- a link is queued once per absolute URL: the 50,000 links of the ~360 pages are ~3,300 URLs, and
  linkchecker built a checker object for every one before its cache saw the repeat (a crawl of the
  real site: 22.3 -> 18.2 s of CPU, median of 4). A broken link is reported under the first page
  that links it rather than under each.

Every link of every page is still checked, and every `#anchor` against its page; the guard test
(a missing anchor on a page already read, a broken link on a page reached only through an anchor)
fails if a patch drops a check. Pinned to LinkChecker 10.6 (requirements.txt): the patched
names are its internals.

Usage: python tests/linkchecker_once.py [linkchecker options] URL
"""

from __future__ import annotations

import sys
import threading
import urllib.parse

from linkcheck import log
from linkcheck import url as urlutil
from linkcheck.checker.urlbase import UrlBase
from linkcheck.command.linkchecker import linkchecker
from linkcheck.htmlutil import linkparse
from linkcheck.plugins import anchorcheck

_lock = threading.Lock()
_anchors: dict[str, list] = {}  # page URL without fragment -> its anchors, as UrlAnchorCheck collects them
_followed: set[str] = set()  # pages whose links were already queued
_queued: set[str] = set()  # absolute URLs (fragment included) already queued from some page


def _page(url_data) -> str:
    """The URL without its fragment, as linkchecker's cache key is without AnchorCheck."""
    return urlutil.urlunsplit([*url_data.urlparts[:4], ""])


def _anchors_of(url_data) -> list:
    """The page's anchors, collected from its parsed content the first time they are needed."""
    page = _page(url_data)
    with _lock:
        anchors = _anchors.get(page)
    if anchors is None:
        collector = anchorcheck.UrlAnchorCheck()
        linkparse.find_links(url_data.get_soup(), collector.add_anchor, linkparse.AnchorTags)
        anchors = collector.anchors
        with _lock:
            _anchors.setdefault(page, anchors)
    return anchors


def _check_anchor(self, url_data) -> None:
    """AnchorCheck.check with the page's anchors collected once."""
    anchors = _anchors_of(url_data)
    checker = anchorcheck.UrlAnchorCheck()
    checker.anchors = anchors
    checker.check_anchor(url_data)


_allows_recursion = UrlBase.allows_recursion


def _allows_recursion_once(self) -> bool:
    """UrlBase.allows_recursion, and only for the first URL of each page (asked first: the original
    reads and parses the page)."""
    page = _page(self)
    with _lock:
        if page in _followed:
            return False
    if not _allows_recursion(self):
        return False
    with _lock:
        if page in _followed:  # another thread followed it meanwhile
            return False
        _followed.add(page)
    if self.is_html():
        _anchors_of(self)  # while the page is parsed: a later `page#anchor` need not parse it again
    return True


def _find_links(soup, callback, tags) -> None:
    """linkparse.find_links with an element's text taken only for <a>: LinkFinder uses it only as
    the name of an <a href> link, and the text of every element (nested ones read again for each
    ancestor) was a third of the crawl."""
    finder = linkparse.LinkFinder(callback, tags)
    for element in soup.find_all(True):
        finder.html_element(
            element.name,
            element.attrs,
            element.text.strip() if element.name == "a" else "",
            element.sourceline,
            None if element.sourcepos is None else element.sourcepos + 1,
        )


_add_url = UrlBase.add_url


def _add_url_once(self, url, line=0, column=0, page=0, name="", base=None, parent=None) -> None:
    """UrlBase.add_url, once per absolute URL: the navigation repeats about 130 links on each of the
    ~360 pages, and linkchecker built, queued and looked up a checker object for each of the 50,000
    (its cache skips the repeats only after that). The same URL gets the same result, so a broken
    one is still reported, under the first page that links it."""
    try:
        key = urllib.parse.urljoin(base or self.url or "", url.strip())
    except ValueError:  # not a URL urljoin can read: let linkchecker report it
        key = None
    if key is not None:
        with _lock:
            if key in _queued:
                return
            _queued.add(key)
    _add_url(self, url, line=line, column=column, page=page, name=name, base=base, parent=parent)


def _no_debug(*args, **kwargs) -> None:
    """log.debug without -D: it looked up a logger for each of about 600,000 calls to say nothing."""


anchorcheck.AnchorCheck.check = _check_anchor
UrlBase.allows_recursion = _allows_recursion_once
linkparse.find_links = _find_links
UrlBase.add_url = _add_url_once
if not {"-D", "--debug"} & set(sys.argv):
    log.debug = _no_debug

if __name__ == "__main__":
    sys.exit(linkchecker())
