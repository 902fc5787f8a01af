"""The learner's journey in a real browser: start here, continue, and the map as a dashboard.

Debian's Chromium through Playwright, with test_browser.py's fixtures: a fresh context (empty
localStorage) per test, no request may leave 127.0.0.1 and no page may log an error. Expected
names, counts and links are written out by hand from the real data in data/.
"""

from __future__ import annotations

import pytest
from test_browser import AXE, ROADMAP, box, browser, go, page, skill_keys, tick, unavailable  # noqa: F401

PYTHON = ROADMAP.skill["python"]
PYTHON_KEYS = skill_keys(PYTHON)  # six objectives
FIRST_SKILL = "Calculus"  # step 1's first skill in learning order: no prerequisites, first by name
MAP_NODE = '.rm-map-{layout} a[data-skill="{skill}"]'


def anchor(key: str) -> str:
    return "check-" + key.rsplit("/", 1)[1]


def node(page, skill: str, layout: str = "wide"):
    return page.locator(MAP_NODE.format(layout=layout, skill=skill))


def fill_share(page, skill: str, layout: str = "wide") -> float:
    return page.evaluate(
        """([selector]) => {
            const node = document.querySelector(selector);
            return parseFloat(node.querySelector('.rm-map-fill').getAttribute('width')) /
                parseFloat(node.querySelector('.rm-map-chip').getAttribute('width'));
        }""",
        [MAP_NODE.format(layout=layout, skill=skill)],
    )


def tick_python(page, count: int) -> None:
    go(page, "skills/python/")
    for key in PYTHON_KEYS[:count]:
        tick(page, key)
        assert box(page, key).is_checked()


def test_a_first_visit_gets_one_start_here_action(page):
    go(page, "")
    start = page.locator(".rm-journey-start")
    assert start.is_visible() and page.locator(".rm-journey-continue").is_hidden()
    action = start.locator(".md-button")
    assert action.count() == 1 and action.text_content() == "Start here: what the role is"
    assert action.get_attribute("href") == page.base + "role/"  # Material makes links absolute
    assert start.get_by_role("link", name="step 1 of the path").get_attribute("href") == (
        page.base + "steps/educational-foundation/"
    )
    first = start.locator(".rm-journey-first")
    assert first.get_by_role("link", name=FIRST_SKILL, exact=True).get_attribute("href").endswith("/skills/calculus/")
    # ... and its start-here resource (data/skills/calculus.yaml), a link that leaves the site only when followed.
    resource = first.get_by_role("link", name="Essence of calculus")
    assert resource.get_attribute("href") == "https://www.3blue1brown.com/topics/calculus"
    header = page.locator(".rm-header-continue")
    assert header.text_content() == "Start here" and header.get_attribute("href").endswith("/role/")
    assert (
        page.locator(".md-header")
        .get_by_role("link", name="Your progress")
        .get_attribute("href")
        .endswith("/progress/")
    )
    # Nothing ticked yet: no "you are here" on the map.
    assert page.locator(".rm-map a[aria-current]").count() == 0


def test_without_javascript_the_start_card_and_the_whole_map_show(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url)
        assert page.locator(".rm-journey-start").is_visible()
        assert page.locator(".rm-journey-continue").is_hidden()
        assert page.locator(".rm-map-wide a").count() == len(ROADMAP.steps) + len(
            {s for step in ROADMAP.steps for s in step.skills}
        )
        assert node(page, "python").get_attribute("aria-label") == "Python"
        assert node(page, "r-language").get_attribute("aria-label") == "R (optional or alternative)"
    finally:
        context.close()


def test_continue_names_the_skill_ticked_and_opens_its_next_objective(page):
    tick_python(page, 1)
    go(page, "")
    assert page.locator(".rm-journey-start").is_hidden()
    resume = page.locator(".rm-journey-continue")
    assert resume.is_visible()
    action = resume.locator(".rm-journey-next")
    assert action.text_content() == "Continue: Python — 1 of 6 done"
    assert action.get_attribute("href") == page.base + "skills/python/#" + anchor(PYTHON_KEYS[1])
    assert resume.get_by_role("link", name="See all your progress").get_attribute("href") == page.base + "progress/"
    header = page.locator(".rm-header-continue")
    assert header.text_content() == "Continue: Python"
    assert header.get_attribute("aria-label") == "Continue: Python — 1 of 6 done"

    action.click()
    page.wait_for_url(f"**/skills/python/#{anchor(PYTHON_KEYS[1])}")
    target = page.locator(f"li#{anchor(PYTHON_KEYS[1])}")
    page.wait_for_function(f"() => document.getElementById('{anchor(PYTHON_KEYS[1])}')?.matches('.rm-check-target')")
    assert target.locator(f'.rm-check[data-check-id="{PYTHON_KEYS[1]}"]').count() == 1
    assert target.is_visible() and target.bounding_box()["y"] < page.viewport_size["height"]


def test_map_node_fills_and_says_so_through_reload_and_instant_navigation(page):
    go(page, "")
    assert node(page, "python").get_attribute("aria-label") == "Python — 0 of 6 objectives done"
    assert fill_share(page, "python") == 0

    tick_python(page, 3)
    page.set_viewport_size({"width": 1280, "height": 900})  # wide enough for the header's logo link
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator(".md-header a.md-logo").click()  # instant navigation home
    page.wait_for_url(page.base)
    page.wait_for_function(
        """() => document.querySelector('.rm-map-wide a[data-skill="python"]')
            ?.getAttribute('aria-label') === 'Python — 3 of 6 objectives done'"""
    )
    assert page.evaluate("() => window.__sameDocument === true"), "navigation was not instant"

    def check() -> None:
        for layout in ("wide", "narrow"):
            python = node(page, "python", layout)
            assert python.get_attribute("aria-label") == "Python — 3 of 6 objectives done"
            assert "rm-map-started" in python.get_attribute("class")
            assert fill_share(page, "python", layout) == pytest.approx(0.5, abs=0.01)
            # The first unfinished required skill in path order is where the reader is.
            calculus = node(page, "calculus", layout)
            assert calculus.get_attribute("aria-current") == "step"
            assert calculus.get_attribute("aria-label") == "Calculus — 0 of 6 objectives done, you are here"
            assert page.locator(f".rm-map-{layout} a[aria-current]").count() == 1
        assert page.locator(".rm-map-key-live").first.is_visible()

    check()
    page.reload()
    page.wait_for_function("() => document.querySelector('.rm-map.rm-map-live')")
    check()

    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator("article a[href$='steps/']").first.click()  # instant navigation to the path index
    page.wait_for_url("**/steps/")
    page.wait_for_function(
        """() => document.querySelector('.rm-map-wide a[data-skill="python"]')
            ?.getAttribute('aria-label') === 'Python — 3 of 6 objectives done'"""
    )
    assert page.evaluate("() => window.__sameDocument === true")
    check()


def test_a_finished_skill_is_filled_and_moves_you_on(page):
    tick_python(page, 6)
    go(page, "")
    python = node(page, "python")
    assert python.get_attribute("aria-label") == "Python — 6 of 6 objectives done"
    assert "rm-map-done" in python.get_attribute("class") and fill_share(page, "python") == pytest.approx(1)
    # Python is done, so the reader goes on with the next unfinished skill after it in path order.
    assert page.locator(".rm-journey-next").text_content() == "Continue: Probability — 0 of 6 done"


@pytest.mark.parametrize(("width", "layout"), [(1280, "wide"), (390, "narrow")])
def test_every_map_node_is_a_link_reachable_by_tab(browser, site_url, width, layout):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url)
        visible = page.locator(f".rm-map-{layout}")
        assert visible.is_visible() and page.locator(".rm-map-svg:visible").count() == 1
        expected = len(ROADMAP.steps) + len({s for step in ROADMAP.steps for s in step.skills})
        assert visible.locator("a[href]").count() == expected
        page.locator(f".rm-map-{layout} a").first.focus()
        here = "() => document.activeElement.getAttribute('href').replace(location.origin + '/', '')"
        reached = [page.evaluate(here)]
        for _ in range(expected):
            page.keyboard.press("Tab")
            if not page.evaluate(f"() => document.activeElement.closest('.rm-map-{layout}') !== null"):
                break
            reached.append(page.evaluate(here))
        assert len(reached) == expected, f"Tab reached {len(reached)} of {expected} map nodes"
        assert reached[:3] == ["steps/educational-foundation/", "skills/calculus/", "skills/linear-algebra/"]
        for href in sorted(set(reached)):
            response = page.request.get(site_url + href)
            assert response.status == 200 and "<h1" in response.text(), href
        # Enter on a node opens its page.
        page.locator(f".rm-map-{layout}").get_by_role("link", name="Keep learning and specialise").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/steps/continuous-learning/")
    finally:
        context.close()


def test_the_phone_map_fits_and_stays_readable(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        for path in ("", "steps/"):
            page.goto(site_url + path)
            drawing = page.locator(".rm-map-narrow")
            frame = drawing.bounding_box()
            assert frame["x"] >= 0 and frame["x"] + frame["width"] <= 375
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, f"/{path} scrolls sideways"
            size = page.evaluate(
                """() => {
                    const svg = document.querySelector('.rm-map-narrow');
                    const text = svg.querySelector('.rm-map-skill text');
                    return parseFloat(text.getAttribute('font-size')) * svg.getBoundingClientRect().width /
                        svg.viewBox.baseVal.width;
                }"""
            )
            assert size >= 11, f"map text is {size:.1f}px on a phone"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("ticked", [0, 3], ids=["start", "continue"])
def test_axe_finds_no_violation_on_the_home_page(page, scheme, ticked):
    if not AXE.is_file():
        unavailable(f"{AXE} is missing (run: npm ci --prefix tests/browser)")
    page.emulate_media(color_scheme=scheme)
    if ticked:
        tick_python(page, ticked)
    go(page, "")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]
    ]
    assert not problems, "\n".join(problems)
