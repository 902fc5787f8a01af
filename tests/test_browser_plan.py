"""The study plan page (plan/) in a real browser: the plan, its calendar file and its share links.

A small roadmap written below (the fixture roadmap plus three skills and a project) is built
with the real templates and scripts, so every expected week, date and hour is worked out by hand
in this file. The real site checks that prerequisites come first for every tier. The same
Chromium, browser fixture and rules as tests/test_browser.py: no request leaves 127.0.0.1, no
console error; without Chromium the tests fail under CI=true and skip elsewhere.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

import icalendar
import pytest
from conftest import DATA, FIXTURE_DATA, ROOT, is_local, run_mkdocs_build
from test_browser import browser  # noqa: F401 (fixture)

from macros.model.load import load_roadmap

STORE = "/:ml-roadmap:progress"
HOSTILE = 'Serve <img src=x onerror="alert(1)"> & ship; a, b \\ c'

SKILL = "# yaml-language-server: $schema=../../schemas/skill.schema.json\n"
EXTRA_SKILLS = {
    # 20-40 hours: 30 at the midpoint; two objectives, so one tick leaves half.
    "statistics": """id: statistics
name: Statistics
area: mathematics-statistics
summary: Describing data and drawing conclusions from it.
why: Every evaluation is a statistical argument.
objectives:
  - id: {first}
    text: Summarise a data set.
  - id: inference
    text: Test a hypothesis.
prerequisites: [linear-algebra]
effort_hours: {{min: 20, max: 40}}
""",
    "ml-basics": """id: ml-basics
name: Machine learning basics
area: programming
summary: Training and evaluating a first model.
why: The core of the job.
objectives:
  - id: train
    text: Train and evaluate a model.
prerequisites: [python, statistics]
effort_hours: {{min: 30, max: 50}}
""",
    "deploy": f"""id: deploy
name: '{HOSTILE}'
area: programming
summary: Putting a model behind an API.
why: A model nobody can call helps nobody.
objectives:
  - id: serve
    text: Serve predictions over HTTP.
prerequisites: [ml-basics]
effort_hours: {{{{min: 4, max: 6}}}}
""",
}
SHIP_PROJECT = """# yaml-language-server: $schema=../../schemas/project.schema.json
id: ship-model
title: Ship a model
level: intermediate
summary: Train a model and serve it.
skills: [deploy, ml-basics]
milestones:
  - id: served
    text: The model answers requests.
done_when:
  - A request returns a prediction.
"""


def write_roadmap(target: Path, first_objective: str, renames: str = "{}") -> None:
    """The fixture roadmap plus statistics, ml-basics and deploy; the tier expects python, ml-basics, deploy."""
    shutil.copytree(FIXTURE_DATA, target)
    for name, text in EXTRA_SKILLS.items():
        body = text.format(first=first_objective) if name == "statistics" else text.format()
        (target / "skills" / f"{name}.yaml").write_text(SKILL + body, encoding="utf-8")
    (target / "projects" / "ship-model.yaml").write_text(SHIP_PROJECT, encoding="utf-8")
    step = target / "steps" / "foundations.yaml"
    text = step.read_text(encoding="utf-8").replace(
        "skills: [linear-algebra, python]", "skills: [deploy, linear-algebra, ml-basics, python, statistics]"
    )
    step.write_text(text.replace("projects: [digit-classifier]", "projects: [digit-classifier, ship-model]"))
    tier = target / "tiers" / "junior-ml-engineer.yaml"
    text = tier.read_text(encoding="utf-8").replace(
        "  - skill: linear-algebra\n    level: working\n",
        "  - skill: deploy\n    level: awareness\n  - skill: ml-basics\n    level: working\n",
    )
    tier.write_text(text, encoding="utf-8")
    header = "# yaml-language-server: $schema=../schemas/renames.schema.json\n"
    (target / "renames.yaml").write_text(f"{header}checklist: {renames}\n", encoding="utf-8")


def build_site(root: Path, data_writer) -> Path:
    """A copy of the project whose data/ is written by `data_writer`, built with --strict."""
    root.mkdir()
    for entry in ROOT.iterdir():
        if entry.name in ("docs", "mkdocs.yml"):
            (shutil.copytree if entry.is_dir() else shutil.copy)(entry, root / entry.name)
        elif entry.name not in (".git", ".venv", "site", "data", "node_modules", ".pytest_cache", "__pycache__"):
            (root / entry.name).symlink_to(entry)
    data_writer(root / "data")
    result = run_mkdocs_build(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return root / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def serve():
    servers = []

    def start(directory: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def fixture_url(tmp_path_factory, serve) -> str:
    """Today's fixture roadmap: statistics' first objective is `describe`, renamed from `summarise`."""
    renames = "{skills/statistics/summarise: skills/statistics/describe}"
    site = build_site(tmp_path_factory.mktemp("plan") / "new", lambda d: write_roadmap(d, "describe", renames))
    return serve(site)


@pytest.fixture(scope="module")
def old_fixture_url(tmp_path_factory, serve) -> str:
    """The same roadmap before the rename: the objective was still `summarise`."""
    site = build_site(tmp_path_factory.mktemp("plan") / "old", lambda d: write_roadmap(d, "summarise"))
    return serve(site)


@pytest.fixture
def open_context(browser):  # noqa: F811 (the fixture imported above)
    """New browser contexts (each a fresh profile); afterwards none requested off 127.0.0.1 or logged an error."""
    contexts, external, errors, dialogs = [], [], [], []

    def new(**options):
        context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True, **options)
        context.set_default_timeout(10_000)

        def record(request):  # an event, not a route (conftest's `page`: Chromium reaches nothing else)
            if not is_local(request.url):
                external.append(request.url)

        context.on("request", record)
        context.on("page", lambda page: watch(page))
        contexts.append(context)
        return context

    def watch(page):
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    yield new
    for context in contexts:
        context.close()
    assert not external, f"requests left 127.0.0.1: {external}"
    assert not errors, f"browser errors: {errors}"
    assert not dialogs, f"a page opened a dialog (script from data or a link ran?): {dialogs}"


def open_plan(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".rm-plan-summary")
    return page


def set_plan(page, *, hours: int | None = None, start: str | None = None, tier: str | None = None) -> None:
    if tier is not None:
        page.select_option("#rm-plan-tier", tier)
    if hours is not None:
        page.fill("#rm-plan-hours", str(hours))
    if start is not None:
        page.fill("#rm-plan-start", start)


def plan_rows(page) -> list[tuple]:
    """(skill id, weeks, first day, last day, hours text) for each skill row, in page order."""
    return [
        tuple(row)
        for row in page.eval_on_selector_all(
            ".rm-plan-weeks tr.rm-plan-skill",
            """rows => rows.map(r => [r.dataset.skill, r.dataset.weeks, r.dataset.start, r.dataset.end,
                                      r.cells[4].textContent])""",
        )
    ]


def summary(page) -> tuple[str, str]:
    element = page.locator(".rm-plan-summary")
    return element.get_attribute("data-weeks"), element.get_attribute("data-end")


def tick(page, url: str, key: str) -> None:
    page.goto(url)
    page.locator(f'li:has(.rm-check[data-check-id="{key}"]) label.task-list-control').first.click()
    assert key in stored(page)


def stored(page) -> dict:
    raw = page.evaluate(f"() => localStorage.getItem({json.dumps(STORE)})")
    return json.loads(raw)["done"] if raw else {}


# Worked out by hand (ranges 10-20, 10-20, 20-40, 30-50, 4-6: 74-136 h): midpoints linear algebra 15 h, Python 15 h, statistics 30 h, machine
# learning basics 40 h, deploy 5 h (105 h); weeks of 10 h from Monday 4 January 2027. Linear
# algebra and statistics are not expected by the tier: they come in as prerequisites. Python
# and Statistics are ready at the same depth: by name, Python first.
AT_10_HOURS = [
    ("linear-algebra", "1-2", "2027-01-04", "2027-01-17", "15 hours"),  # hours 0-15
    ("python", "2-3", "2027-01-11", "2027-01-24", "15 hours"),  # 15-30
    ("statistics", "4-6", "2027-01-25", "2027-02-14", "30 hours"),  # 30-60
    ("ml-basics", "7-10", "2027-02-15", "2027-03-14", "40 hours"),  # 60-100
    ("deploy", "11-11", "2027-03-15", "2027-03-21", "5 hours"),  # 100-105
]


def test_plan_matches_the_hand_computed_plan(open_context, fixture_url):
    page = open_plan(open_context(), fixture_url + "plan/")
    set_plan(page, hours=10, start="2027-01-04")
    assert plan_rows(page) == AT_10_HOURS
    assert summary(page) == ("11", "2027-03-21")
    text = page.locator(".rm-plan-summary").text_content()
    assert "5 skills, about 105 hours (74–136" in text and "11 weeks, from 4 Jan 2027 to 21 Mar 2027" in text
    # Projects sit after the skill that completes them: the digit classifier after Python
    # (week 3), shipping a model after deploy (week 11).
    order = page.eval_on_selector_all(
        ".rm-plan-weeks tbody tr", "rows => rows.map(r => r.dataset.skill || 'project:' + r.dataset.project)"
    )
    assert order == [
        "linear-algebra",
        "python",
        "project:digit-classifier",
        "statistics",
        "ml-basics",
        "deploy",
        "project:ship-model",
    ]
    weeks = page.eval_on_selector_all(".rm-plan-project", "rows => rows.map(r => r.dataset.week)")
    assert weeks == ["3", "11"]
    notes = page.locator('tr[data-skill="statistics"] .rm-plan-note').text_content()
    assert notes == "prerequisite of Machine learning basics"


def test_weekly_hours_move_the_end_date(open_context, fixture_url):
    page = open_plan(open_context(), fixture_url + "plan/")
    set_plan(page, hours=10, start="2027-01-04")
    assert summary(page) == ("11", "2027-03-21")
    set_plan(page, hours=20)  # 105 h at 20 a week: 6 weeks, the last ending 14 February
    assert plan_rows(page) == [
        ("linear-algebra", "1-1", "2027-01-04", "2027-01-10", "15 hours"),  # 0-15
        ("python", "1-2", "2027-01-04", "2027-01-17", "15 hours"),  # 15-30
        ("statistics", "2-3", "2027-01-11", "2027-01-24", "30 hours"),  # 30-60
        ("ml-basics", "4-5", "2027-01-25", "2027-02-07", "40 hours"),  # 60-100
        ("deploy", "6-6", "2027-02-08", "2027-02-14", "5 hours"),  # 100-105
    ]
    assert summary(page) == ("6", "2027-02-14")
    set_plan(page, start="2027-03-01")  # the same weeks, four weeks later
    assert summary(page) == ("6", "2027-04-11")


def test_ticks_and_known_skills_drop_out(open_context, fixture_url):
    context = open_context()
    page = context.new_page()
    tick(page, fixture_url + "skills/statistics/", "skills/statistics/describe")  # 1 of 2: 15 h left
    page = open_plan(context, fixture_url + "plan/")
    set_plan(page, hours=10, start="2027-01-04")
    assert plan_rows(page) == [
        ("linear-algebra", "1-2", "2027-01-04", "2027-01-17", "15 hours"),  # 0-15
        ("python", "2-3", "2027-01-11", "2027-01-24", "15 hours"),  # 15-30
        ("statistics", "4-5", "2027-01-25", "2027-02-07", "15 hours"),  # 30-45
        ("ml-basics", "5-9", "2027-02-01", "2027-03-07", "40 hours"),  # 45-85
        ("deploy", "9-9", "2027-03-01", "2027-03-07", "5 hours"),  # 85-90
    ]
    assert summary(page) == ("9", "2027-03-07")
    assert "1 of 2 objectives ticked" in page.locator('tr[data-skill="statistics"] .rm-plan-note').text_content()

    tick(page, fixture_url + "skills/python/", "skills/python/core-syntax")  # Python's only objective
    page = open_plan(context, fixture_url + "plan/")
    set_plan(page, hours=10, start="2027-01-04")
    page.locator(".rm-plan-known summary").click()
    page.check('input[name="known"][value="linear-algebra"]')
    assert plan_rows(page) == [
        ("statistics", "1-2", "2027-01-04", "2027-01-17", "15 hours"),  # 0-15
        ("ml-basics", "2-6", "2027-01-11", "2027-02-14", "40 hours"),  # 15-55
        ("deploy", "6-6", "2027-02-08", "2027-02-14", "5 hours"),  # 55-60
    ]
    # The digit classifier's skills are all done: ready now, at the top.
    first = page.locator(".rm-plan-weeks tbody tr").first
    assert first.get_attribute("data-project") == "digit-classifier" and first.get_attribute("data-week") == "0"


def test_hostile_names_stay_text(open_context, fixture_url):
    page = open_plan(open_context(), fixture_url + "plan/")
    assert page.locator('tr[data-skill="deploy"] a').text_content() == HOSTILE
    assert page.locator(".rm-plan-result img, .rm-plan-tiers img").count() == 0


def test_prerequisites_come_first_for_every_tier(open_context, site_url):
    roadmap = load_roadmap(DATA)
    page = open_plan(open_context(), site_url + "plan/")
    assert page.locator("#rm-plan-tier").input_value() == "ml-engineer"  # the default
    for tier in roadmap.tiers:
        set_plan(page, tier=tier.id)
        page.wait_for_function(
            f"() => document.querySelector('.rm-plan-summary').textContent.startsWith({json.dumps(tier.name)})"
        )
        order = [row[0] for row in plan_rows(page)]
        assert set(order) >= {e.skill for e in tier.skills}, tier.id  # nothing ticked: every expected skill
        for position, skill_id in enumerate(order):
            for prerequisite in roadmap.skill[skill_id].prerequisites:
                assert prerequisite in order[:position], f"{tier.id}: {prerequisite} is not before {skill_id}"
    assert page.locator(".rm-plan-tiers tr[data-tier]").count() == len(roadmap.tiers)


def test_without_javascript_the_tier_skills_are_listed(open_context, fixture_url):
    page = open_context(java_script_enabled=False).new_page()
    page.goto(fixture_url + "plan/")
    assert page.locator(".rm-plan-form").is_hidden()
    fallback = page.locator(".rm-plan-fallback")
    assert fallback.is_visible()
    # The skills the tier itself lists, in learning order (prerequisites it does not list are not added).
    assert fallback.locator("li a").all_text_contents() == ["Python", "Machine learning basics", HOSTILE]
    assert "needs JavaScript" in page.content()


def test_print_keeps_the_table_and_hides_the_controls(open_context, fixture_url):
    page = open_plan(open_context(), fixture_url + "plan/")
    page.emulate_media(media="print")
    assert page.locator(".rm-plan-form").is_hidden()
    assert page.locator(".rm-plan-actions").is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".rm-plan-weeks table").is_visible()


# -- calendar -------------------------------------------------------------------------------------------


def download_ics(page) -> bytes:
    with page.expect_download() as info:
        page.click(".rm-plan-ics")
    return Path(info.value.path()).read_bytes()


def events(raw: bytes) -> list:
    return [c for c in icalendar.Calendar.from_ical(raw).walk() if c.name == "VEVENT"]


def test_calendar_file_parses_with_the_plans_events(open_context, fixture_url):
    page = open_plan(open_context(), fixture_url + "plan/")
    set_plan(page, hours=10, start="2027-01-04")
    raw = download_ics(page)
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    found = [
        (str(e["SUMMARY"]), e["DTSTART"].dt, e["DTEND"].dt, str(e["URL"]), e["DTSTAMP"].dt.tzinfo is not None)
        for e in events(raw)
    ]
    d = datetime.date
    assert found == [  # DTEND is the day after the last day (all-day events)
        ("Study: Linear algebra", d(2027, 1, 4), d(2027, 1, 18), fixture_url + "skills/linear-algebra/", True),
        ("Study: Python", d(2027, 1, 11), d(2027, 1, 25), fixture_url + "skills/python/", True),
        ("Study: Statistics", d(2027, 1, 25), d(2027, 2, 15), fixture_url + "skills/statistics/", True),
        ("Study: Machine learning basics", d(2027, 2, 15), d(2027, 3, 15), fixture_url + "skills/ml-basics/", True),
        ("Study: " + HOSTILE, d(2027, 3, 15), d(2027, 3, 22), fixture_url + "skills/deploy/", True),
    ]
    # RFC 5545: CRLF line ends, lines folded at 75 octets, text escaped (the hostile name).
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert 'SUMMARY:Study: Serve <img src=x onerror="alert(1)"> & ship\\; a\\, b \\\\ c' in raw.decode().replace(
        "\r\n ", ""
    )


def test_calendar_uids_are_stable(open_context, fixture_url):
    page = open_plan(open_context(), fixture_url + "plan/")
    set_plan(page, hours=10, start="2027-01-04")
    first = [str(e["UID"]) for e in events(download_ics(page))]
    second = [str(e["UID"]) for e in events(download_ics(page))]
    assert first == second and len(set(first)) == 5
    set_plan(page, hours=20)  # other dates, the same events: importing again updates them
    moved = events(download_ics(page))
    assert [str(e["UID"]) for e in moved] == first
    assert moved[-1]["DTSTART"].dt == datetime.date(2027, 2, 8)
    set_plan(page, start="2027-02-01")  # another plan: other events
    assert not set(first) & {str(e["UID"]) for e in events(download_ics(page))}


# -- share links ----------------------------------------------------------------------------------------


def share_link(page, include_ticks: bool) -> str:
    page.set_checked(".rm-plan-include-ticks", include_ticks)
    return page.locator("#rm-plan-link").input_value()


def test_share_link_reproduces_the_plan_in_another_browser(open_context, fixture_url):
    sender = open_plan(open_context(), fixture_url + "plan/")
    set_plan(sender, hours=20, start="2027-01-04")
    sender.locator(".rm-plan-known summary").click()
    sender.check('input[name="known"][value="linear-algebra"]')
    link = share_link(sender, include_ticks=False)
    assert "#plan=1&" in link and "known=linear-algebra" in link and "ticks=" not in link
    expected = plan_rows(sender)
    assert [row[0] for row in expected] == ["python", "statistics", "ml-basics", "deploy"]

    reader = open_plan(open_context(), link)
    assert plan_rows(reader) == expected
    assert reader.locator("#rm-plan-hours").input_value() == "20"
    assert reader.locator(".rm-plan-incoming").is_hidden()  # no ticks in the link: nothing to ask


def test_share_link_with_ticks_asks_before_merging(open_context, fixture_url):
    context = open_context()
    sender = context.new_page()
    tick(sender, fixture_url + "skills/python/", "skills/python/core-syntax")
    sender = open_plan(context, fixture_url + "plan/")
    set_plan(sender, hours=10, start="2027-01-04")
    link = share_link(sender, include_ticks=True)
    fragment = link.split("#", 1)[1]
    assert len(fragment) < 120, fragment  # compact: a bitset, not a list of keys
    expected = plan_rows(sender)
    assert "python" not in [row[0] for row in expected]

    reader = open_plan(open_context(), link)
    assert plan_rows(reader) == expected  # the sender's ticks count in the shared plan ...
    question = reader.locator(".rm-plan-incoming")
    assert question.is_visible() and "1 ticked item" in question.text_content()
    assert stored(reader) == {}  # ... but nothing is merged before the reader says so
    reader.click(".rm-plan-merge")
    assert list(stored(reader)) == ["skills/python/core-syntax"]
    assert "Added 1 ticked item" in question.text_content()
    assert "ticks=" not in reader.url  # the link's ticks are not offered again on reload


def test_share_link_ignored_keeps_own_progress(open_context, fixture_url):
    context = open_context()
    sender = context.new_page()
    tick(sender, fixture_url + "skills/python/", "skills/python/core-syntax")
    sender = open_plan(context, fixture_url + "plan/")
    link = share_link(sender, include_ticks=True)
    reader = open_plan(open_context(), link)
    reader.click(".rm-plan-ignore")
    assert stored(reader) == {}
    assert "python" in [row[0] for row in plan_rows(reader)]


def test_share_link_from_before_a_rename_still_opens(open_context, fixture_url, old_fixture_url):
    # Made on the old site, where statistics' first objective was still called `summarise`.
    context = open_context()
    sender = context.new_page()
    tick(sender, old_fixture_url + "skills/statistics/", "skills/statistics/summarise")
    sender = open_plan(context, old_fixture_url + "plan/")
    set_plan(sender, hours=10, start="2027-01-04")
    fragment = share_link(sender, include_ticks=True).split("#", 1)[1]

    reader = open_plan(open_context(), fixture_url + "plan/#" + fragment)
    assert "1 ticked item" in reader.locator(".rm-plan-incoming").text_content()
    assert ("statistics", "4-5", "2027-01-25", "2027-02-07", "15 hours") in plan_rows(reader)
    reader.click(".rm-plan-merge")
    assert list(stored(reader)) == ["skills/statistics/describe"]  # under today's key


def test_a_broken_or_foreign_link_changes_nothing(open_context, fixture_url):
    hostile = "plan=1&tier=%3Cimg%20src%3Dx%3E&hours=-5&start=2027-02-30&known=__proto__.constructor&ticks=zz"
    reader = open_plan(open_context(), fixture_url + "plan/#" + hostile)
    assert reader.locator("#rm-plan-tier").input_value() == "junior-ml-engineer"
    assert reader.locator("#rm-plan-hours").input_value() == "10"
    assert "cannot match" in reader.locator(".rm-plan-incoming").text_content()
    assert [row[0] for row in plan_rows(reader)] == [row[0] for row in AT_10_HOURS]
    newer = open_plan(open_context(), fixture_url + "plan/#plan=9&tier=junior-ml-engineer")
    assert "different version of the site" in newer.locator(".rm-plan-incoming").text_content()
