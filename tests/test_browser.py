"""The reader experience in a real browser: Debian's Chromium driven by Python Playwright.

The `browser` and `page` fixtures come from tests/conftest.py: one browser for the module, a fresh
context (empty localStorage) per test; every request and console message is recorded: nothing may
leave 127.0.0.1 and no page may log an error. Without Chromium or axe-core the tests fail under
CI=true and skip (with the reason) elsewhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import DATA, ROOT, browser, page, unavailable  # noqa: F401 (fixtures other browser files import from here)

from macros.model.load import load_roadmap

ROADMAP = load_roadmap(DATA)
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
STORE = "/:ml-roadmap:progress"  # progress.js: site path + name


def at_path(path: str):
    """A URL matcher for `page.wait_for_url` that ignores the fragment: with navigation.tracking
    Material writes the heading in view into the address (`…/#learning-objectives`) as the page
    scrolls, for instance when Playwright scrolls a checkbox into view to click it."""
    return lambda url: urlsplit(url).path.endswith(path)


def go(page, path: str) -> None:
    page.goto(page.base + path)
    page.wait_for_function("() => document.querySelectorAll('.rm-progress:not(.rm-ready)').length === 0")


def first_skill():
    """A skill that a step builds (so its page links to that step)."""
    return next(s for s in ROADMAP.skills if ROADMAP.steps_for(s))


def skill_keys(skill) -> list[str]:
    return [entry.key for entry in ROADMAP.checklist("skills", skill)]


def box(page, key: str):
    return page.locator(f'li:has(.rm-check[data-check-id="{key}"]) input[type="checkbox"]').first


def tick(page, key: str) -> None:
    page.locator(f'li:has(.rm-check[data-check-id="{key}"]) label.task-list-control').first.click()


def bar(page, scope: str) -> tuple[int, int]:
    element = page.locator(f'.rm-progress[data-progress-scope="{scope}"]').first
    return int(element.get_attribute("data-done")), int(element.get_attribute("data-total"))


def stored(page) -> dict:
    raw = page.evaluate(f"() => localStorage.getItem({json.dumps(STORE)})")
    return json.loads(raw)["done"] if raw else {}


# -- checklists that stick ------------------------------------------------------------------


def test_tick_survives_reload_and_instant_navigation(page):
    skill = first_skill()
    key = skill_keys(skill)[-1]  # not the first: the stored key must be the id, not the position
    go(page, f"skills/{skill.id}/")
    assert box(page, key).is_enabled()
    assert bar(page, f"skill:{skill.id}") == (0, len(skill_keys(skill)))
    tick(page, key)
    assert box(page, key).is_checked()
    assert bar(page, f"skill:{skill.id}") == (1, len(skill_keys(skill)))
    assert list(stored(page)) == [key]

    page.reload()
    page.wait_for_selector(".rm-progress.rm-ready")
    assert box(page, key).is_checked()
    assert bar(page, f"skill:{skill.id}")[0] == 1

    # Instant navigation: the document is not reloaded, so a marker on window survives.
    step = ROADMAP.steps_for(skill)[0]
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator(f"article a[href$='steps/{step.id}/']").first.click()
    page.wait_for_url(at_path(f"/steps/{step.id}/"))
    page.wait_for_selector(f'.rm-progress.rm-ready[data-progress-scope="step:{step.id}"]')
    assert page.evaluate("() => window.__sameDocument === true"), "navigation was not instant"
    assert bar(page, f"step:{step.id}")[0] == 1
    page.go_back()
    page.wait_for_url(at_path(f"/skills/{skill.id}/"))
    page.wait_for_function(
        f"() => document.querySelector('.rm-progress[data-progress-scope=\"skill:{skill.id}\"]')?.dataset.done === '1'"
    )
    assert page.evaluate("() => window.__sameDocument === true")
    assert box(page, key).is_checked()


def test_the_same_item_counts_wherever_it_appears(page):
    step = next(s for s in ROADMAP.steps if s.skills)
    skill = ROADMAP.skill[step.skills[0]]
    go(page, f"skills/{skill.id}/")
    tick(page, skill_keys(skill)[0])
    go(page, f"steps/{step.id}/")
    done, total = bar(page, f"step:{step.id}")
    assert done == 1 and total >= len(skill_keys(skill)) + len(step.outcomes)
    go(page, "progress/")
    assert bar(page, f"skill:{skill.id}")[0] == 1
    assert bar(page, f"area:{skill.area}")[0] == 1
    assert bar(page, f"step:{step.id}")[0] == 1


def test_checkboxes_are_labelled_and_keyboard_operable(page):
    skill = first_skill()
    go(page, f"skills/{skill.id}/")
    key = skill_keys(skill)[0]
    checkbox = box(page, key)
    label = checkbox.get_attribute("aria-label")
    assert label and skill.objectives[0].text[:20] in label
    checkbox.focus()
    page.keyboard.press("Space")
    assert checkbox.is_checked()
    assert key in stored(page)
    page.keyboard.press("Space")
    assert not checkbox.is_checked() and key not in stored(page)


def test_every_checklist_kind_is_tickable(page):
    project = ROADMAP.projects[0]
    step = ROADMAP.steps[0]
    for path, entries in (
        (f"projects/{project.id}/", ROADMAP.checklist("projects", project)),
        (f"steps/{step.id}/", ROADMAP.checklist("steps", step)),
    ):
        go(page, path)
        for entry in entries:
            assert box(page, entry.key).is_enabled(), f"{path}: {entry.key} is not tickable"
        tick(page, entries[0].key)
        assert box(page, entries[0].key).is_checked()


# -- export, reset, import --------------------------------------------------------------------


def export_file(page, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_export_reset_import_restores(page, tmp_path):
    skill = first_skill()
    keys = skill_keys(skill)[:2]
    go(page, f"skills/{skill.id}/")
    for key in keys:
        tick(page, key)
    go(page, "progress/")
    assert bar(page, "all")[0] == 2

    exported = export_file(page, tmp_path)
    payload = json.loads(exported.read_text(encoding="utf-8"))
    assert payload["format"] == "ml-engineer-roadmap-progress" and sorted(payload["done"]) == sorted(keys)

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset progress").click()
    assert bar(page, "all")[0] == 2, "a cancelled reset changed progress"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    assert bar(page, "all")[0] == 0 and stored(page) == {}

    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress…").click()
    chooser.value.set_files(str(exported))
    page.wait_for_function("() => document.querySelector('.rm-backup-message').textContent.startsWith('Imported')")
    assert bar(page, "all")[0] == 2
    assert sorted(stored(page)) == sorted(keys)
    go(page, f"skills/{skill.id}/")
    assert all(box(page, key).is_checked() for key in keys)


BAD_FILES = {
    "not-json.json": "{ this is not json",
    "other.json": json.dumps({"hello": "world"}),
    "no-done.json": json.dumps({"format": "ml-engineer-roadmap-progress", "version": 1}),
    "bad-key.json": json.dumps({"format": "ml-engineer-roadmap-progress", "version": 1, "done": {"../../etc": True}}),
    "future.json": json.dumps({"format": "ml-engineer-roadmap-progress", "version": 99, "done": {}}),
}


def test_malformed_import_shows_a_message_and_keeps_progress(page, tmp_path):
    skill = first_skill()
    key = skill_keys(skill)[0]
    go(page, f"skills/{skill.id}/")
    tick(page, key)
    go(page, "progress/")
    before = stored(page)
    message = page.locator(".rm-backup-message")
    for name, content in BAD_FILES.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        page.evaluate("() => { document.querySelector('.rm-backup-message').textContent = ''; }")
        page.set_input_files("#rm-import-file", str(path))
        page.wait_for_function("() => document.querySelector('.rm-backup-message').textContent !== ''")
        assert "nothing was imported" in message.text_content(), f"{name}: {message.text_content()}"
        assert "rm-error" in message.get_attribute("class")
        assert stored(page) == before, f"{name}: a failed import changed progress"
        assert bar(page, "all")[0] == 1


# -- renamed keys ----------------------------------------------------------------------------------


def with_rename(page, old: str, new: str) -> None:
    """Serve roadmap-data.js with one extra rename, as if data/renames.yaml listed it."""

    def fulfil(route):
        response = route.fetch()
        body = response.text() + f"\nwindow.RoadmapData.renames[{json.dumps(old)}] = {json.dumps(new)};\n"
        route.fulfill(response=response, body=body)

    page.route("**/assets/javascripts/roadmap-data.js", fulfil)


def test_renamed_keys_keep_their_ticks(page, tmp_path):
    skill = first_skill()
    new = skill_keys(skill)[1]
    old = f"skills/{skill.id}/an-old-name"
    with_rename(page, old, new)
    go(page, "progress/")
    page.evaluate(
        f"() => localStorage.setItem({json.dumps(STORE)}, JSON.stringify({{version: 1, done: {{{json.dumps(old)}: '2025-01-01T00:00:00Z'}}}}))"
    )
    go(page, f"skills/{skill.id}/")
    assert box(page, new).is_checked()
    assert stored(page) == {new: "2025-01-01T00:00:00Z"}

    # An export made before the rename imports onto the new key too.
    page.evaluate(f"() => localStorage.removeItem({json.dumps(STORE)})")
    path = tmp_path / "old-export.json"
    path.write_text(
        json.dumps({"format": "ml-engineer-roadmap-progress", "version": 1, "done": {old: True}}), encoding="utf-8"
    )
    go(page, "progress/")
    page.set_input_files("#rm-import-file", str(path))
    page.wait_for_function("() => document.querySelector('.rm-backup-message').textContent.startsWith('Imported')")
    assert list(stored(page)) == [new]


def test_published_data_matches_the_model(page):
    go(page, "")
    data = page.evaluate("() => window.RoadmapData")
    assert data["renames"] == dict(ROADMAP.renames.checklist)
    assert set(data["skills"]) == {s.id for s in ROADMAP.skills}
    published = [k for s in data["skills"].values() for k in s["keys"]]
    published += [k for s in data["steps"] for k in s["keys"]] + [k for p in data["projects"] for k in p["keys"]]
    assert sorted(published) == sorted(ROADMAP.all_checklist_keys())


# -- map, resource tables, skill gap --------------------------------------------------------------


# The map's links, keyboard order and phone fit are tested with the map itself in
# tests/test_browser_journey.py (two drawings, each skill drawn once).


def visible_rows(table):
    return table.locator("tbody tr:not([hidden])")


def column(table, index: int) -> list[str]:
    return [t.strip() for t in visible_rows(table).locator(f"td:nth-child({index})").all_text_contents()]


def test_resource_table_filters_and_sorts(page):
    resources = [r for *_owner, r in ROADMAP.all_resources()]
    go(page, "resources/")
    table = page.locator(".rm-resources table").first
    assert visible_rows(table).count() == len(resources)

    page.get_by_label("Free only").check()
    assert visible_rows(table).count() == sum(r.free for r in resources)
    assert set(column(table, 3)) <= {"Free"}
    page.get_by_label("Free only").uncheck()

    kind = resources[0].type.value
    page.get_by_label("Type").select_option(kind)
    assert visible_rows(table).count() == sum(r.type.value == kind for r in resources)
    assert set(column(table, 2)) == {kind}
    page.get_by_label("Type").select_option("")
    page.get_by_label("Level").select_option("Advanced")
    assert set(column(table, 4)) == {"Advanced"}
    assert "Showing" in page.locator(".rm-filter-status").first.text_content()
    page.get_by_label("Level").select_option("")

    order = {"Beginner": 1, "Intermediate": 2, "Advanced": 3}
    header = table.locator("th", has_text="Level")
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    levels = [order[v] for v in column(table, 4)]
    assert levels == sorted(levels)
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    levels = [order[v] for v in column(table, 4)]
    assert levels == sorted(levels, reverse=True)
    title_header = table.locator("th", has_text="Resource")
    title_header.get_by_role("button").click()
    titles = column(table, 1)
    in_order = page.evaluate("t => t.slice().sort((a, b) => a.localeCompare(b, undefined, {numeric: true}))", titles)
    assert titles == in_order and titles != [r.title for r in resources][: len(titles)] or len(set(titles)) < 2
    title_header.get_by_role("button").click()
    assert column(table, 1) == titles[::-1]


def test_skill_gap_view_shows_a_tiers_skills(page):
    tier = max(ROADMAP.tiers, key=lambda t: len(t.skills))
    go(page, "progress/")
    page.get_by_label("Target tier").select_option(tier.id)
    rows = page.locator(".rm-gap-result tbody tr")
    assert rows.count() == len(tier.skills)
    assert {r.get_attribute("data-skill") for r in rows.all()} == {e.skill for e in tier.skills}
    shown_levels = {
        row.get_attribute("data-skill"): row.locator("td").nth(1).text_content().lower() for row in rows.all()
    }
    assert shown_levels == {e.skill: e.level.value for e in tier.skills}
    next_up = page.locator(".rm-gap-next li")
    assert next_up.count() >= 1
    # The choice is remembered.
    go(page, "progress/")
    assert page.get_by_label("Target tier").input_value() == tier.id


# -- accessibility ---------------------------------------------------------------------------------

# The home page is not here: test_browser_journey.py runs axe on it in both palettes, before and
# after ticking, and fails on every violation rather than on serious ones only.
AXE_PAGES = [
    f"skills/{ROADMAP.skills[0].id}/",
    f"steps/{ROADMAP.steps[0].id}/",
    "progress/",
    "resources/",
    "steps/",
    "tiers/",
]
# The palettes differ in colours only (the same markup, CSS custom properties switched): the light
# run takes every rule, the dark one the rules that read colours. axe's rule ids, not its tags.
AXE_RULES = {
    "light": "{resultTypes: ['violations']}",
    "dark": "{resultTypes: ['violations'], runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}}",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations(page, scheme):
    if not AXE.is_file():
        unavailable(f"{AXE} is missing (run: npm ci --prefix tests/browser)")
    page.emulate_media(color_scheme=scheme)
    go(page, AXE_PAGES[0])
    tick(page, skill_keys(ROADMAP.skills[0])[0])  # so ticked items and partial bars are checked too
    problems = []
    for path in AXE_PAGES:
        if path != AXE_PAGES[0]:  # the skill page is open, with its tick
            go(page, path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(f"async () => await axe.run(document, {AXE_RULES[scheme]})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(
                    f"/{path} [{scheme}] {violation['id']} ({violation['impact']}): {violation['help']} {targets}"
                )
    assert not problems, "\n".join(problems)


def test_pages_make_no_third_party_requests(page):
    for path in ("", f"skills/{ROADMAP.skills[0].id}/", "progress/"):
        go(page, path)
        page.wait_for_load_state("networkidle")
    assert page.recorder.requests, "the page fixture recorded no request"
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in page.recorder.requests if url.startswith("http"))
