"""Reader polish in a real browser: the matrix, the progress page, tables, touch targets, no-JS, keyboard.

The same Chromium, fixtures and checks as tests/test_browser.py (one browser for the module, a fresh
context per test, no external request, no console error). Layout is measured in the page
(bounding boxes, client rects) after the page has settled; nothing here is timed.
"""

from __future__ import annotations

import pytest
from test_browser import (  # noqa: F401 (fixtures)
    ROADMAP,
    browser,
    first_skill,
    go,
    page,
    skill_keys,
    stored,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def phone(browser, site_url):
    """A 390 px touch screen, like a current phone."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.base = site_url
    yield page
    context.close()
    assert not errors, errors


def settle(page, path: str) -> None:
    page.goto(page.base + path)
    page.wait_for_function("() => document.documentElement.classList.contains('js')")


# -- 1. the skill x tier matrix ------------------------------------------------------------------


def test_matrix_header_and_skill_column_stick_on_a_phone(phone):
    settle(phone, "tiers/")
    matrix = phone.locator(".rm-matrix")
    matrix.scroll_into_view_if_needed()
    # Sideways: 300 px later the first skill's name is still at the left edge of the box.
    phone.evaluate("() => { document.querySelector('.rm-matrix').scrollLeft = 300; }")
    assert phone.evaluate("() => document.querySelector('.rm-matrix').scrollLeft") == 300, "the matrix does not scroll"
    left = phone.evaluate(
        """() => {
            const box = document.querySelector('.rm-matrix').getBoundingClientRect();
            const cell = document.querySelector('.rm-matrix tbody th[scope=row]').getBoundingClientRect();
            return [box.left, cell.left, cell.right];
        }"""
    )
    assert left[1] >= left[0] - 0.5, f"skill column left the box: cell at {left[1]}, box at {left[0]}"
    assert left[2] > left[0] + 40, "the skill names are not visible"
    # Down: the header row stays at the top of the box.
    phone.evaluate("() => { document.querySelector('.rm-matrix').scrollTop = 600; }")
    assert phone.evaluate("() => document.querySelector('.rm-matrix').scrollTop") == 600
    top = phone.evaluate(
        """() => [document.querySelector('.rm-matrix').getBoundingClientRect().top,
                  document.querySelector('.rm-matrix thead th:nth-child(2)').getBoundingClientRect().top]"""
    )
    assert abs(top[1] - top[0]) <= 2, f"header row at {top[1]}, box top at {top[0]}"
    # The page itself does not scroll sideways: only the matrix does.
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_matrix_rows_are_grouped_by_area_and_cells_shaded_with_their_letter(page):
    go(page, "tiers/")
    areas = page.locator(".rm-matrix tbody .rm-matrix-area").all_text_contents()
    with_tiers = [a.name for a in ROADMAP.taxonomy.areas if any(ROADMAP.tiers_for(s) for s in ROADMAP.skills_in(a))]
    assert [a.strip() for a in areas] == with_tiers
    tier = ROADMAP.tiers[0]
    expected = tier.skills[0]
    skill = ROADMAP.skill[expected.skill]
    row = page.locator(".rm-matrix tbody tr", has=page.locator(f"th a[href$='skills/{skill.id}/']"))
    cell = row.locator(f'td[data-tier="{tier.id}"]')
    assert cell.text_content().strip() == expected.level.value[0].upper()
    shade = cell.evaluate("c => getComputedStyle(c).backgroundColor")
    blank = row.locator("td.rm-level-none").first
    if blank.count():
        assert shade != blank.evaluate("c => getComputedStyle(c).backgroundColor")
    # Higher levels are darker: compare the luminance of an awareness and an expert cell.
    lum = "c => { const [r, g, b] = getComputedStyle(c).backgroundColor.match(/\\d+/g).map(Number); return r + g + b; }"
    low = page.locator(".rm-matrix td.rm-level-awareness").first.evaluate(lum)
    high = page.locator(".rm-matrix td.rm-level-expert").first.evaluate(lum)
    assert high < low


def test_matrix_shows_one_tier_at_a_time(phone):
    tier = max(ROADMAP.tiers, key=lambda t: len(t.skills))
    settle(phone, "tiers/")
    phone.get_by_label("Show").select_option(tier.id)
    rows = phone.locator(".rm-matrix tbody tr:not(.rm-matrix-area):visible")
    assert rows.count() == len(tier.skills)
    assert phone.locator(".rm-matrix thead th[data-tier]:visible").count() == 1
    levels = {
        r.locator("th a").get_attribute("href").rstrip("/").rsplit("/", 1)[-1]: r.locator("td:visible").text_content()
        for r in rows.all()
    }
    assert levels == {e.skill: e.level.value[0].upper() for e in tier.skills}
    # One column fits the phone: nothing scrolls sideways.
    assert phone.evaluate(
        "() => { const m = document.querySelector('.rm-matrix'); return m.scrollWidth <= m.clientWidth; }"
    )
    phone.get_by_label("Show").select_option("")
    assert phone.locator(".rm-matrix thead th[data-tier]:visible").count() == len(ROADMAP.tiers)


# -- 2. the skill-gap table never breaks inside a word ---------------------------------------------

BROKEN_WORDS = """(selector) => {
    // For every word in every cell: more than one line box means the word was split across lines.
    const broken = [];
    for (const cell of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const re = /[^\\s\\-\u2010]+/g;  // a break after a hyphen is not inside a word
            let m;
            while ((m = re.exec(node.data))) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (tops.size > 1) broken.push(m[0]);
            }
        }
    }
    return broken;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_skill_gap_table_breaks_no_word(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + "progress/")
        page.locator(".rm-gap-fold > summary").click()
        assert page.locator(".rm-gap-table tbody tr").count() > 10
        cells = ".rm-gap-table th, .rm-gap-table td, .rm-matrix th, .rm-matrix td"
        assert page.evaluate(BROKEN_WORDS, cells) == []
        if width == 1280:
            # Bar and "0 of 6 done" on one line.
            heights = page.eval_on_selector_all(
                ".rm-gap-table .rm-progress", "bars => bars.map(b => b.getBoundingClientRect().height)"
            )
            line = page.evaluate(
                "() => parseFloat(getComputedStyle(document.querySelector('.rm-gap-table td')).lineHeight)"
            )
            assert max(heights) < 1.9 * line, f"a progress cell wraps: {max(heights)} px for a {line} px line"
        page.goto(site_url + "tiers/")
        assert page.evaluate(BROKEN_WORDS, ".rm-matrix th, .rm-matrix td") == []
    finally:
        context.close()


# -- 3. the whole objective row ticks -----------------------------------------------------------------


def test_clicking_the_objective_text_ticks_it_and_it_persists(page):
    skill = first_skill()
    key = skill_keys(skill)[1]
    text = skill.objectives[1].text
    go(page, f"skills/{skill.id}/")
    item = page.locator(f'li:has(.rm-check[data-check-id="{key}"])')
    box = item.locator("input[type=checkbox]")
    # Click near the end of the text, far from the box.
    rect = item.bounding_box()
    page.mouse.click(rect["x"] + rect["width"] * 0.6, rect["y"] + rect["height"] / 2)
    assert box.is_checked()
    assert list(stored(page)) == [key]
    page.reload()
    page.wait_for_selector(".rm-progress.rm-ready")
    assert page.locator(f'li:has(.rm-check[data-check-id="{key}"]) input').is_checked()
    assert text[:15] in item.text_content()


def test_objective_rows_are_44px_targets_on_touch_screens(phone):
    skill = first_skill()
    settle(phone, f"skills/{skill.id}/")
    phone.wait_for_selector(".rm-check-item")
    heights = phone.eval_on_selector_all(
        ".rm-check-item .task-list-control", "labels => labels.map(l => l.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44, heights
    key = skill_keys(skill)[0]
    item = phone.locator(f'li:has(.rm-check[data-check-id="{key}"])')
    item.locator("xpath=.").tap(position={"x": item.bounding_box()["width"] - 30, "y": 20})
    assert item.locator("input").is_checked()


# -- 4. the progress page --------------------------------------------------------------------------


def test_progress_page_is_short_and_leads_with_the_gap(browser, site_url):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(site_url + "progress/")
        page.wait_for_selector(".rm-gap-summary")
        height = page.evaluate("() => document.documentElement.scrollHeight")
        assert height < 3000, f"the progress page is {height} px tall"
        headings = [h.strip("¶ \n") for h in page.locator("article h2").all_text_contents()]
        assert headings[0] == "Skill gap", headings
        # Per-skill tables are folded by area, closed until opened.
        folds = page.locator("details.rm-fold[id^=area-]")
        assert folds.count() == sum(1 for a in ROADMAP.taxonomy.areas if ROADMAP.skills_in(a))
        assert not folds.first.evaluate("d => d.open")
        area = next(a for a in ROADMAP.taxonomy.areas if ROADMAP.skills_in(a))
        skill = ROADMAP.skills_in(area)[0]
        link = page.locator(f"#area-{area.id} a[href$='skills/{skill.id}/']")
        assert not link.is_visible()
        page.locator(f"#area-{area.id} > summary").click()
        assert link.is_visible()
    finally:
        context.close()


def test_default_tier_is_the_roles_own_and_the_choice_is_remembered(page):
    go(page, "progress/")
    assert page.get_by_label("Target tier").input_value() == "ml-engineer"
    page.get_by_label("Target tier").select_option("data-analyst")
    go(page, "progress/")
    assert page.get_by_label("Target tier").input_value() == "data-analyst"
    # A tier page's link asks for its own tier.
    go(page, "tiers/senior-ml-engineer/")
    page.get_by_role("link", name="See your skill gap for this tier").click()
    page.wait_for_url("**/progress/?tier=senior-ml-engineer#skill-gap")
    page.wait_for_selector(".rm-gap-summary")
    assert page.get_by_label("Target tier").input_value() == "senior-ml-engineer"


def test_what_to_learn_next_leads_with_what_the_tier_expects_most(page):
    go(page, "progress/")
    tier = ROADMAP.tier["ml-engineer"]
    rank = {e.skill: e.level.rank for e in tier.skills}
    names = {s.name: s.id for s in ROADMAP.skills}
    firsts = page.locator(".rm-gap-next li > a").all_text_contents()
    assert firsts, "nothing to learn next"
    # Each suggestion counts at its own level or that of the skill it unlocks.
    items = page.locator(".rm-gap-next li").all_text_contents()
    ranks = []
    for name, text in zip(firsts, items, strict=True):
        unlocked = text.split("(a prerequisite of ", 1)[1].split(")", 1)[0] if "(a prerequisite of " in text else name
        ranks.append(max(rank.get(names[name], 0), rank.get(names[unlocked], 0)))
    assert ranks == sorted(ranks, reverse=True), list(zip(firsts, ranks, strict=True))
    assert ranks[0] == max(rank.values()), "the first suggestion is not at the tier's highest level"
    assert all(rank.get(names[n]) != 1 for n in firsts[:1]), "an awareness skill comes first"


def test_reset_is_marked_as_dangerous_and_still_asks(page):
    skill = first_skill()
    go(page, f"skills/{skill.id}/")
    page.locator(f'li:has(.rm-check[data-check-id="{skill_keys(skill)[0]}"]) label').click()
    go(page, "progress/")
    reset = page.get_by_role("button", name="Reset progress")
    export = page.get_by_role("button", name="Export progress")
    assert reset.evaluate("b => getComputedStyle(b).color") != export.evaluate("b => getComputedStyle(b).color")
    assert "cannot be undone" in page.locator(".rm-backup-danger").text_content()
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    reset.click()
    assert asked and stored(page), "reset did not ask, or reset without asking"


# -- 5 and 6. resource tables ------------------------------------------------------------------------


def owner_with_rows(n_min: int, n_max: int):
    for kind, owner in ROADMAP.resource_owners():
        if n_min <= len(owner.resources) <= n_max and kind != "steps":
            return kind, owner
    raise AssertionError(f"nothing with {n_min}..{n_max} resources")


def test_short_resource_tables_have_no_controls(page):
    kind, owner = owner_with_rows(1, 3)
    go(page, f"{kind}/{owner.id}/")
    assert page.locator(".rm-resources table").count() == 1
    assert page.locator(".rm-resources .rm-filters").count() == 0
    kind, owner = owner_with_rows(4, 99)
    go(page, f"{kind}/{owner.id}/")
    assert page.locator(".rm-resources .rm-filters").count() == 1


def test_no_match_shows_an_empty_state_that_clears(page):
    total = len(ROADMAP.all_resources())
    go(page, "resources/")
    page.get_by_role("searchbox", name="Search resources").fill("zzz no resource is called this")
    empty = page.locator(".rm-filter-empty")
    assert empty.is_visible() and "No resource matches" in empty.text_content()
    assert not page.locator(".rm-resources table").is_visible(), "an empty table header is shown"
    page.get_by_role("button", name="Clear filters").click()
    assert page.locator(".rm-resources tbody tr:not([hidden])").count() == total
    assert not empty.is_visible()
    assert "?" not in page.url


def test_resources_page_filters_by_text_and_skill_and_links_the_view(page):
    resources = ROADMAP.all_resources()
    skill = max(ROADMAP.skills, key=lambda s: len(s.resources))
    go(page, "resources/")
    page.get_by_label("For").select_option(f"skills/{skill.id}")
    page.get_by_label("Free only").check()
    rows = page.locator(".rm-resources tbody tr:not([hidden])")
    expected = [r.title for kind, o, r in resources if kind == "skills" and o.id == skill.id and r.free]
    assert sorted(rows.locator("td:first-child a").all_text_contents()) == sorted(expected)
    linked = page.url
    assert f"for=skills%2F{skill.id}" in linked and "free=1" in linked
    # The address opens the same view in a fresh page.
    page.goto(page.base)
    page.goto(linked)
    page.wait_for_selector(".rm-filters")
    assert page.get_by_label("For").input_value() == f"skills/{skill.id}"
    assert page.get_by_label("Free only").is_checked()
    assert rows.count() == len(expected)
    # Text search: every word must appear (title, author, type, level or what it is for).
    page.get_by_label("For").select_option("")
    page.get_by_label("Free only").uncheck()
    word = resources[0][2].title.split()[0]
    page.get_by_role("searchbox", name="Search resources").fill(word)
    shown = rows.all_text_contents()
    assert shown and all(word.lower() in t.lower() for t in shown)
    assert "q=" in page.url


def test_tool_pages_link_the_official_documentation_once(page):
    tool = ROADMAP.tools[0]
    go(page, f"tools/{tool.id}/")
    assert page.locator("article a", has_text="Official documentation").count() == 1


def test_resource_tables_fit_a_phone(phone):
    for path in ("resources/", f"skills/{max(ROADMAP.skills, key=lambda s: len(s.resources)).id}/"):
        settle(phone, path)
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], f"/{path} scrolls"
        clipped = phone.evaluate(
            """() => [...document.querySelectorAll('.rm-resources td')]
                .filter(td => td.getClientRects().length)
                .filter(td => td.scrollWidth > td.clientWidth + 1
                           || td.getBoundingClientRect().right > document.documentElement.clientWidth)
                .map(td => td.textContent.trim()).slice(0, 5)"""
        )
        assert clipped == [], f"/{path}: clipped cells {clipped}"
        levels = phone.locator(".rm-resources tbody tr:not([hidden]) td:nth-child(4)").all_inner_texts()
        assert set(levels) <= {"Beginner", "Intermediate", "Advanced"}, set(levels)


# -- 7. copy -----------------------------------------------------------------------------------------


def test_reader_copy(page):
    go(page, f"steps/{ROADMAP.steps[0].id}/")
    assert "earlier steps" not in page.locator("article").text_content()
    footer = page.locator(".md-copyright").text_content()
    assert "data/" not in footer and "Suggest a change" in footer
    go(page, "")
    assert "data/" not in page.locator("article").text_content()
    spec = ROADMAP.specialisations[0]
    go(page, f"specialisations/{spec.id}/")
    assert page.locator(f'.rm-progress[data-progress-scope="skill:{spec.skills[0]}"]').count() == 1
    assert page.locator("article a[href*='progress/#skill-gap']").count() == 1


# -- 8. without JavaScript ----------------------------------------------------------------------------


def test_without_javascript_boxes_are_empty_and_js_controls_hidden(browser, site_url):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + f"skills/{first_skill().id}/")
        indicator = page.locator(".task-list-indicator").first
        style = indicator.evaluate(
            "i => { const s = getComputedStyle(i, '::before'); return [s.maskImage || s.webkitMaskImage, s.borderTopWidth]; }"
        )
        assert style[0] == "none" and float(style[1].rstrip("px")) >= 1, f"an unticked box looks ticked: {style}"
        assert not page.locator(".rm-progress").first.is_visible()
        assert page.locator(".rm-noscript").first.is_visible()
        page.goto(site_url + "progress/")
        for name in ("Export progress", "Import progress…", "Reset progress"):
            assert not page.get_by_role("button", name=name).is_visible(), f"{name} shows without JavaScript"
        assert not page.get_by_label("Target tier").is_visible()
        page.goto(site_url + "tiers/")
        assert not page.locator(".rm-matrix-pick").is_visible()
        assert page.locator(".rm-matrix tbody th").count() > 10
    finally:
        context.close()


# -- 9. keyboard -------------------------------------------------------------------------------------

SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
TAB_STOP = """() => {
    const e = document.activeElement;
    // Material's palette switch is a zero-size input that draws its focus ring on the label after it.
    const next = e.nextElementSibling;
    const shown = e.getBoundingClientRect().width === 0 && next && next.tagName === 'LABEL' ? next : e;
    const r = shown.getBoundingClientRect();
    const s = getComputedStyle(shown);
    const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
        && r.left < innerWidth && r.top < innerHeight && s.visibility === 'visible';
    const name = (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent)
        || e.getAttribute('title') || e.textContent || e.getAttribute('placeholder') || '').trim();
    return {tag: e.tagName, cls: String(e.className), name: name.slice(0, 60), onScreen};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_first_tab_stops_are_visible_and_named(browser, site_url, viewport):
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.goto(site_url + f"skills/{first_skill().id}/")
        page.wait_for_function("() => document.documentElement.classList.contains('js')")
        stops = []
        for _ in range(5):
            page.keyboard.press("Tab")
            page.wait_for_function(SETTLED)  # the skip link and the search box slide into view
            stops.append(page.evaluate(TAB_STOP))
        assert "md-skip" in stops[0]["cls"] and stops[0]["name"] == "Skip to content", stops[0]
        for stop in stops:
            assert stop["name"], f"a Tab stop without a name: {stop}"
            assert stop["onScreen"], f"a Tab stop the reader cannot see: {stop}"
    finally:
        context.close()


def test_the_skip_link_reaches_the_first_checkbox_quickly(page):
    skill = first_skill()
    go(page, f"skills/{skill.id}/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    for _ in range(14):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.rm-check-item input')"):
            break
    else:
        raise AssertionError("14 Tab presses after the skip link do not reach the first checkbox")
