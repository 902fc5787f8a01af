"""Search in the browser: the index (the largest file of the site) is only requested once the reader
opens search, and search still finds pages, whichever way it is opened (overrides/main.html holds
the request back; Material's bundle makes it).

Chromium, fixtures and rules as tests/test_browser.py: no request leaves 127.0.0.1, no console error.
"""

from __future__ import annotations

import pytest
from test_browser import browser, page  # noqa: F401 (fixtures)

INDEX = "/search/search_index.json"


def index_requests(page) -> list[str]:  # noqa: F811 (the fixture imported above)
    return [url for url in page.recorder.requests if INDEX in url]


def results(page):  # noqa: F811
    return page.locator(".md-search-result__item")


def test_pages_load_without_the_search_index_and_instant_navigation_keeps_it_unloaded(page):  # noqa: F811
    # Material's bundle starts the search worker and (without the hold) requests the index in the
    # same step of its start-up; once the worker is requested, the index would have been too.
    with page.expect_request("**/workers/search.*", timeout=20_000):
        page.goto(page.base + "skills/python/")
    page.wait_for_load_state("load")
    page.locator("article a[href*='/tools/']").first.click(timeout=20_000)  # instant navigation
    page.wait_for_url("**/tools/**", timeout=20_000)
    page.wait_for_load_state("load")
    assert index_requests(page) == []


@pytest.mark.parametrize("how", ["shortcut", "click"])
def test_opening_search_loads_the_index_once_and_finds_pages(page, how):  # noqa: F811
    page.goto(page.base)
    if how == "shortcut":
        page.keyboard.press("/")  # Material's shortcut: focuses the search field
    else:
        page.locator("input.md-search__input").click()
    page.keyboard.type("pandas", delay=20)
    results(page).first.wait_for(state="attached")
    assert results(page).count() > 0
    assert "pandas" in results(page).first.text_content().lower()
    page.keyboard.press("Escape")
    page.locator("input.md-search__input").click()  # opening search again asks for nothing new
    page.wait_for_load_state("networkidle")
    assert len(index_requests(page)) == 1


def test_the_phone_search_button_loads_the_index(browser, site_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    try:
        phone = context.new_page()
        seen: list[str] = []
        phone.on("request", lambda request: seen.append(request.url))
        with phone.expect_request("**/workers/search.*", timeout=20_000):
            phone.goto(site_url)
        assert not [url for url in seen if INDEX in url]
        phone.locator("label.md-header__button[for='__search']").click()
        phone.keyboard.type("sql", delay=20)
        results(phone).first.wait_for(state="attached")
        assert [url for url in seen if INDEX in url]
    finally:
        context.close()


def test_a_search_link_opens_with_results(page):  # noqa: F811
    page.goto(page.base + "?q=python")
    results(page).first.wait_for(state="attached")
    assert len(index_requests(page)) == 1
