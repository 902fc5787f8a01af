"""Importing a progress file from a stranger: only checklist items of this site, all or nothing.

The same Chromium, fixtures and checks as tests/test_browser.py (one browser for the module, a fresh
context per test, no external request, no console error): without Chromium the tests fail under
CI=true and skip elsewhere. Files are handed to the page's file input as in-memory buffers.
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from test_browser import STORE, browser, first_skill, go, page, skill_keys, stored, tick  # noqa: F401 (fixtures)

FORMAT = "ml-engineer-roadmap-progress"
MB = 1024 * 1024


def export(done, **extra) -> dict:
    return {
        "format": FORMAT,
        "version": 1,
        "exported": "2025-01-01T00:00:00.000Z",
        "site": "http://127.0.0.1/",
        "done": done,
        **extra,
    }


@pytest.fixture
def dialogs(page):
    """Every alert/confirm/prompt the page opens: script that became markup would show one here."""
    seen: list[str] = []

    def on_dialog(dialog):
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


def import_file(page, content: str | bytes, name: str = "progress.json") -> str:
    """Choose a file in the import input; returns the message the page shows."""
    page.evaluate("() => { document.querySelector('.rm-backup-message').textContent = ''; }")
    buffer = content.encode("utf-8") if isinstance(content, str) else content
    page.set_input_files("#rm-import-file", files=[{"name": name, "mimeType": "application/json", "buffer": buffer}])
    page.wait_for_function("() => document.querySelector('.rm-backup-message').textContent !== ''")
    return page.locator(".rm-backup-message").text_content()


def is_error(page) -> bool:
    return "rm-error" in (page.locator(".rm-backup-message").get_attribute("class") or "")


def assert_refused(page, content, before: dict, expect: str = "nothing was imported", case: str = "") -> str:
    message = import_file(page, content)
    label = f"[{case}] " if case else ""
    assert expect in message, f"{label}{message}"
    assert is_error(page), f"{label}the refusal is not shown as an error: {message}"
    assert stored(page) == before, f"{label}a refused import changed progress: {message}"
    return message


def with_data_script(page, extra_js: str) -> None:
    """Serve roadmap-data.js with `extra_js` appended, as if data/ said so."""

    def fulfil(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text() + "\n" + extra_js + "\n")

    page.route("**/assets/javascripts/roadmap-data.js", fulfil)


def no_pollution(page) -> None:
    assert page.evaluate("() => ({}).polluted === undefined && Object.prototype.polluted === undefined")
    assert page.evaluate("() => typeof ({}).toString === 'function' && ({}).constructor === Object")
    assert page.evaluate("() => !Object.getOwnPropertyNames(Object.prototype).includes('polluted')")


@pytest.fixture(scope="module")
def ticked_storage(browser, site_url) -> tuple[str, str]:
    """One objective ticked by a real click on its skill page, once for the module: (key, the
    progress store's raw text). Most tests here start from it; clicking again in each test cost
    two page loads and a click per test, for the same state."""
    skill = first_skill()
    key = skill_keys(skill)[0]
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    errors: list[str] = []  # as the page fixture checks: the tick's page runs without an error
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
        page.on("console", lambda msg: errors.append(f"console.error: {msg.text}") if msg.type == "error" else None)
        page.base = site_url
        go(page, f"skills/{skill.id}/")
        tick(page, key)
        page.wait_for_function(f"() => localStorage.getItem({json.dumps(STORE)}) !== null")
        raw = page.evaluate(f"() => localStorage.getItem({json.dumps(STORE)})")
    finally:
        context.close()
    assert not errors, f"browser errors: {errors}"
    assert list(json.loads(raw)["done"]) == [key]
    return key, raw


@pytest.fixture
def ticked(page, ticked_storage):
    """The progress page with one item ticked (the module's click, put back in this test's fresh
    context before its first page runs); returns (key, stored progress)."""
    key, raw = ticked_storage
    # Once per tab (sessionStorage survives the tab's navigations): later loads see what the test did.
    seed = (
        "if (!sessionStorage.getItem('rm-test-seeded')) {"
        f" localStorage.setItem({json.dumps(STORE)}, {json.dumps(raw)});"
        " sessionStorage.setItem('rm-test-seeded', '1'); }"
    )
    page.context.add_init_script(seed)
    go(page, "progress/")
    before = stored(page)
    assert list(before) == [key]
    return key, before


# -- what is accepted --------------------------------------------------------------------------


def test_a_valid_export_round_trips(page, tmp_path, dialogs):
    skill = first_skill()
    keys = skill_keys(skill)[:3]
    go(page, f"skills/{skill.id}/")
    for key in keys:
        page.locator(f'li:has(.rm-check[data-check-id="{key}"]) label.task-list-control').first.click()
    go(page, "progress/")
    before = stored(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    path = tmp_path / "export.json"
    info.value.save_as(path)
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["version"] == 1 and payload["done"] == before

    page.evaluate(f"() => localStorage.removeItem({json.dumps(STORE)})")
    message = import_file(page, path.read_text(encoding="utf-8"))
    assert message.startswith("Imported 3 ticked items") and "(3 new)" in message and "left out" not in message
    assert not is_error(page)
    assert stored(page) == before, "the dates of the ticks must survive export and import"
    assert page.locator('.rm-progress[data-progress-scope="all"]').get_attribute("data-done") == "3"
    assert dialogs == []


def test_true_false_and_dates_are_accepted(page, ticked):
    key, before = ticked
    other, third = skill_keys(first_skill())[1:3]
    message = import_file(page, json.dumps(export({key: True, other: "2024-05-06T07:08:09Z", third: False})))
    assert message.startswith("Imported 2 ticked items") and "(1 new)" in message, message
    after = stored(page)
    assert after[key] == before[key], "importing must not overwrite the date of an existing tick"
    assert after[other] == "2024-05-06T07:08:09Z"
    assert third not in after, "false means not ticked"


def test_unknown_keys_are_counted_and_left_out(page, ticked):
    key, before = ticked
    known = skill_keys(first_skill())[1]
    unknown = ["skills/no-such-skill/anything", "projects/removed-project/step"]
    message = import_file(page, json.dumps(export({known: True, **{k: True for k in unknown}})))
    assert (
        message.startswith("Imported 1 ticked item ")
        and "2 items in the file are not on this site's checklists" in message
    ), message
    assert not is_error(page)
    assert set(stored(page)) == {key, known}

    # A file with nothing this site knows is refused outright.
    assert_refused(page, json.dumps(export({k: True for k in unknown})), stored(page), "None of the 2 items")


def test_renamed_keys_count_as_known(page, ticked):
    key, _ = ticked
    new = skill_keys(first_skill())[1]
    old = f"skills/{first_skill().id}/an-old-name"
    with_data_script(page, f"window.RoadmapData.renames[{json.dumps(old)}] = {json.dumps(new)};")
    go(page, "progress/")
    message = import_file(page, json.dumps(export({old: True})))
    assert message.startswith("Imported 1 ticked item") and "left out" not in message, message
    assert set(stored(page)) == {key, new}


# -- what is refused, leaving storage as it was ------------------------------------------------------


def test_a_file_over_1_mb_is_refused_before_reading(page, ticked):
    _, before = ticked
    text = json.dumps(export({}))
    big = text + " " * (MB + 1 - len(text))  # valid JSON, one byte over the cap
    assert len(big.encode("utf-8")) == MB + 1
    assert_refused(page, big, before, "larger than 1 MB")
    # Exactly at the cap is still read.
    message = import_file(page, text + " " * (MB - len(text)))
    assert message.startswith("Imported 0 ticked items"), message


# Each refusal test below hands its files one after another to the same page: a refused file must
# leave progress as it was, whatever was refused before it (a fresh browser context and page load
# per file cost ~0.6 s of CPU each, for 35 files). A failure names its case.
VERSIONS = [
    (999, "newer version"),
    (2, "newer version"),
    ("1", "no valid format version"),
    (-1, "no valid format version"),
    (0, "no valid format version"),
    (1.5, "no valid format version"),
    (None, "no valid format version"),
    (True, "no valid format version"),
    ("missing", "no valid format version"),
]


def test_unknown_versions_are_refused(page, ticked):
    key, before = ticked
    for version, expect in VERSIONS:
        payload = export({skill_keys(first_skill())[1]: True})
        if version == "missing":
            del payload["version"]
        else:
            payload["version"] = version
        message = assert_refused(page, json.dumps(payload), before, expect, case=f"version {version!r}")
        assert "nothing was imported" in message, f"[version {version!r}] {message}"


NOT_BOOLEANS_OR_DATES = [
    "yes",
    "",
    1,
    0,
    None,
    {},
    [],
    [True],
    "not a date",
    "2025-13-45T00:00:00Z",
    "2025-01-01 00:00",
    "x" * 100,
]


def test_values_other_than_booleans_and_dates_are_refused(page, ticked):
    _, before = ticked
    good, bad = skill_keys(first_skill())[1:3]
    for value in NOT_BOOLEANS_OR_DATES:
        # All or nothing: the good entry beside the bad one is not imported either.
        assert_refused(
            page,
            json.dumps(export({good: True, bad: value})),
            before,
            "something other than true, false or the date",
            case=f"value {value!r}",
        )


MALFORMED = [
    "{ not json",
    "[]",
    "null",
    json.dumps({"format": "something-else", "version": 1, "done": {}}),
    json.dumps(export([])),
    json.dumps(export("skills/a/b")),
    json.dumps(export({"skills/../etc": True})),
    json.dumps(export({"Skills/Python/Core": True})),
]


def test_malformed_files_are_refused(page, ticked):
    _, before = ticked
    for content in MALFORMED:
        assert_refused(page, content, before, case=content[:60])


# -- prototype keys are ordinary keys --------------------------------------------------------------

PROTOTYPE_KEYS = [
    '{"__proto__": {"polluted": true}}',
    '{"__proto__": true}',
    '{"constructor": {"prototype": {"polluted": true}}}',
    '{"toString": true}',
    '{"hasOwnProperty": true}',
    '{"valueOf": "2025-01-01T00:00:00Z"}',
]


def test_prototype_keys_in_done_are_refused_without_pollution(page, ticked):
    _, before = ticked
    for done in PROTOTYPE_KEYS:
        content = '{"format": "%s", "version": 1, "done": %s}' % (FORMAT, done)  # noqa: UP031 -- raw text: the key really is __proto__
        assert_refused(page, content, before, "is not a checklist item", case=done)
        no_pollution(page)


def test_prototype_keys_around_a_valid_file_change_nothing(page, ticked):
    key, _ = ticked
    other = skill_keys(first_skill())[1]
    content = (  # noqa: UP031 -- JSON braces read better than doubled ones
        '{"__proto__": {"polluted": true, "done": {"skills/x/y": true}}, '
        '"constructor": {"prototype": {"polluted": true}}, '
        '"format": "%s", "version": 1, "done": {"%s": true}}'
    ) % (FORMAT, other)
    message = import_file(page, content)
    assert message.startswith("Imported 1 ticked item"), message
    assert set(stored(page)) == {key, other}
    no_pollution(page)


def test_prototype_keys_in_storage_are_ordinary_keys(page):
    go(page, "progress/")
    raw = '{"version": 1, "done": {"__proto__": {"polluted": true}, "constructor": "2025-01-01T00:00:00Z"}}'
    page.evaluate(f"() => localStorage.setItem({json.dumps(STORE)}, {json.dumps(raw)})")
    go(page, "progress/")
    assert page.locator('.rm-progress[data-progress-scope="all"]').get_attribute("data-done") == "0"
    no_pollution(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    exported = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert set(exported["done"]) == {"__proto__", "constructor"}, (
        "stored keys are kept as they are, not turned into a prototype"
    )


CONSTRUCTOR_SKILL = """
window.RoadmapData.skills["constructor"] = {
  area: "software-engineering", keys: ["skills/constructor/basics"], name: "Constructor <b>skill</b>",
  optional: false, prerequisites: ["__proto__", "tostring"], url: "skills/python/"
};
window.RoadmapData.tiers.forEach(function (tier) { tier.skills.unshift({level: "awareness", rank: 9, skill: "constructor"}); });
"""


def test_a_checklist_with_id_constructor_works(page, dialogs):
    with_data_script(page, CONSTRUCTOR_SKILL)
    go(page, "progress/")
    # Bars for the skill and for ids that exist only on Object.prototype (no such skill).
    page.evaluate("""() => {
      for (const id of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
        const bar = document.createElement("div");
        bar.className = "rm-progress";
        bar.dataset.progressScope = "skill:" + id;
        bar.innerHTML = "<progress></progress><span class='rm-progress-count'></span>";
        document.querySelector(".rm-backup").appendChild(bar);
      }
    }""")
    message = import_file(page, json.dumps(export({"skills/constructor/basics": True})))
    assert message.startswith("Imported 1 ticked item") and "left out" not in message, message
    assert list(stored(page)) == ["skills/constructor/basics"]

    def bar(scope):
        element = page.locator(f'.rm-progress[data-progress-scope="{scope}"]')
        return element.get_attribute("data-done"), element.get_attribute("data-total")

    assert bar("skill:constructor") == ("1", "1")
    for id_ in ("__proto__", "toString", "hasOwnProperty"):
        assert bar(f"skill:{id_}") == ("0", "0"), id_
    # The skill-gap view lists it, its name as text (never markup).
    row = page.locator('.rm-gap-result tr[data-skill="constructor"]')
    assert row.count() == 1
    assert "Constructor <b>skill</b>" in row.text_content()
    assert page.locator(".rm-gap-result b").count() == 0
    no_pollution(page)
    assert dialogs == []


# -- nothing from a file becomes markup --------------------------------------------------------------

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.mark.parametrize(
    ("content", "quoted"),
    [
        (json.dumps(export({XSS: True})), True),  # the refusal quotes the key
        (json.dumps(export({"skills/python/x": XSS})), False),
        (json.dumps({"format": XSS, "version": 1, "done": {}}), False),
        (json.dumps(export({}, version=XSS)), False),
    ],
    ids=["key", "value", "format", "version"],
)
def test_html_in_a_refused_file_stays_text(page, ticked, dialogs, content, quoted):
    _, before = ticked
    message = assert_refused(page, content, before)
    if quoted:
        assert XSS[:30] in message, "the entry is quoted as text"
    assert page.locator(".rm-backup-message *").count() == 0
    assert page.locator("img[src=x], .rm-backup script").count() == 0
    assert dialogs == []


def test_html_in_a_file_name_stays_text(page, ticked, dialogs):
    key, _ = ticked
    name = '<img src=x onerror="alert(3)">.json'
    page.evaluate("() => { document.querySelector('.rm-backup-message').textContent = ''; }")
    page.set_input_files(
        "#rm-import-file",
        files=[{"name": name, "mimeType": "application/json", "buffer": json.dumps(export({key: True})).encode()}],
    )
    page.wait_for_function("() => document.querySelector('.rm-backup-message').textContent !== ''")
    message = page.locator(".rm-backup-message").text_content()
    assert message.startswith("Imported 1 ticked item") and name in message
    assert page.locator(".rm-backup-message *").count() == 0 and page.locator("img[src=x]").count() == 0
    assert dialogs == []


def test_progress_js_never_writes_markup():
    source = (ROOT / "docs" / "assets" / "javascripts" / "progress.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source, f"progress.js uses {sink}; build nodes with textContent / createElement"
