"""Hostile data through the whole output surface: nothing a contributor writes may run.

Every text field of every data kind is set to attack payloads (tests/hostile.py walks the
model, so new fields are covered by themselves), and so is every translatable unit of a pt-BR
translation (walked by the loader's own table of translatable fields). Three strict builds of the tiny fixture
data, one per payload group, give every payload to every field once. For each build:

- every generated HTML page of both languages (path map SVG included) and the handbook HTML of
  both, read with an HTML
  parser: no event-handler or autofocus attribute (the theme's own output has none), no
  javascript:/data:/file:/vbscript: URL, no <script> carrying a payload, no Jinja evaluated
  (`49`), no front matter injected, and every data text shown as text;
- the open data (api/roadmap.json) and the reader's script of both languages (roadmap-data.js,
  run by node) hold the exact strings;
- Chromium opens every page, focuses, hovers and clicks everything: no dialog may open.

Payloads the validation refuses (control and bidi characters, over-long text) must stop
`roadmap validate` with one located `file:line: field: message` per field instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import _NOT_COPIED, BIN, CHROMIUM, FIXTURE_DATA, LAUNCH_ARGS, ROOT, _QuietHandler, unavailable
from hostile import (
    GROUPS,
    HANDLER_PAYLOAD,
    PAYLOADS,
    REFUSED,
    TAG,
    Slot,
    group_text,
    lookup,
    make_hostile,
    make_hostile_translation,
)

BUILD_IDS = [f"group{i}" for i in range(len(GROUPS))]
TRANSLATION = "pt-BR"  # the language of the hostile translation: its pages are under site/pt-BR/
URL_ATTRIBUTES = ("href", "src", "xlink:href", "action", "formaction", "data", "poster", "background", "srcdoc")
ATTRIBUTE_NAME = re.compile(r"^[a-z_][a-z0-9_.:-]*$")  # what the theme and the templates write
BAD_SCHEMES = ("javascript:", "data:", "file:", "vbscript:")


def normal(text: str) -> str:
    return " ".join(text.split())


# -- the builds -------------------------------------------------------------------------------


@dataclass
class Build:
    group: int
    project: Path
    slots: list[Slot]
    result: subprocess.CompletedProcess | None = None
    translated: list[Slot] = field(default_factory=list)  # the units of the hostile translation
    roadmap: object = None
    handbook: str = ""
    handbook_translated: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def site(self) -> Path:
        return self.project / "site"

    def check(self) -> None:
        """Fail the test when this build did not succeed (the other checks need its output)."""
        assert not self.problems, "\n".join(self.problems)

    def pages(self) -> dict[str, str]:
        """Site-relative page path -> HTML, for every generated page."""
        self.check()
        return {
            p.relative_to(self.site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(self.site.rglob("*.html"))
        }


def _copy_project(dest: Path) -> Path:
    """Like conftest.project_copy: docs/ and mkdocs.yml copied, the rest linked; data/ from the fixture."""
    dest.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name in _NOT_COPIED or entry.name == "data":
            continue
        if entry.name == "docs":
            shutil.copytree(entry, dest / entry.name)
        elif entry.name == "mkdocs.yml":
            shutil.copy(entry, dest / entry.name)
        else:
            (dest / entry.name).symlink_to(entry)
    shutil.copytree(FIXTURE_DATA, dest / "data")
    return dest


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> list[Build]:
    """One strict build per payload group, run in parallel; each with its roadmap and handbook HTML."""
    from macros.handbook import book as handbook
    from macros.i18n.translations import load_translation, localise
    from macros.model.load import collect

    base = tmp_path_factory.mktemp("hostile")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = []
    for index in range(len(GROUPS)):
        project = _copy_project(base / f"group{index}")
        build = Build(index, project, make_hostile(project / "data", group_text(index)))
        build.translated = make_hostile_translation(project / "data", TRANSLATION, group_text(index), len(build.slots))
        command = [
            str(BIN / "mkdocs"),
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(project / "site"),
        ]
        process = subprocess.Popen(
            command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        started.append((build, process))
    done = []
    for build, process in started:
        stdout, stderr = process.communicate(timeout=120)
        build.result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
        roadmap, errors = collect(build.project / "data")
        if errors:
            build.problems.append("the hostile data does not validate:\n" + "\n".join(map(str, errors)))
        if process.returncode != 0:
            build.problems.append(
                f"mkdocs build --strict failed (group {build.group}):\n{stdout[-3000:]}\n{stderr[-3000:]}"
            )
        if roadmap is not None:
            build.roadmap = roadmap
            try:
                build.handbook = handbook.build_html(roadmap, handbook.load_settings(build.project / "mkdocs.yml"))
                localised = localise(roadmap, load_translation(build.project / "data", TRANSLATION, roadmap))
                build.handbook_translated = handbook.build_html(
                    localised.roadmap,
                    handbook.load_settings(build.project / f"mkdocs.{TRANSLATION}.yml"),
                    TRANSLATION,
                    localised,
                )
            except Exception as exc:  # noqa: BLE001 -- reported by the tests that need it, not hidden
                build.problems.append(f"handbook.build_html failed: {type(exc).__name__}: {exc}")
        done.append(build)
    return done


@pytest.fixture(params=range(len(GROUPS)), ids=BUILD_IDS)
def build(request, builds) -> Build:
    return builds[request.param]


# -- reading the HTML -------------------------------------------------------------------------------


def payloads_in(build: Build, text: str) -> list[str]:
    names = [name for name in GROUPS[build.group] if PAYLOADS[name] in text or normal(PAYLOADS[name]) in normal(text)]
    return names or ["?"]


def data_in(build: Build, element) -> str:
    """The data fields whose text is in this element's attributes (by their tags), for the report."""
    names = {slot.tag: str(slot) for slot in [*build.slots, *build.translated]}
    found = dict.fromkeys(
        names[t] for v in element.attrs.values() if isinstance(v, str) for t in TAG.findall(v) if t in names
    )
    return f" from {', '.join(found)}" if found else ""


def handler_payload(build: Build, attribute: str) -> str:
    if attribute == "onmouseover":
        return next((n for n in GROUPS[build.group] if n.endswith("onmouseover")), "?")
    return HANDLER_PAYLOAD.get(attribute, "autofocus" if attribute == "autofocus" else "?")


def where(element) -> str:
    """A short, readable location: the element and its nearest telling ancestors."""

    def name(el) -> str:
        classes = [c for c in el.get("class", []) if c.startswith(("rm-", "md-"))][:1]
        return el.name + (f".{classes[0]}" if classes else "")

    chain = [name(element)]
    for parent in element.parents:
        if parent.name in (None, "[document]", "html", "body"):
            break
        if parent.name in (
            "svg",
            "td",
            "th",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "nav",
            "title",
            "head",
            "header",
            "p",
            "option",
            "table",
            "figure",
        ) or any(c.startswith("rm-") for c in parent.get("class", [])):
            chain.append(name(parent))
        if len(chain) >= 4:
            break
    return " < ".join(chain)


def findings(build: Build, label: str, document: str) -> list[str]:
    """Everything in one HTML document that would run, or show that data was taken as markup."""
    soup = BeautifulSoup(document, "html.parser")
    found = []
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            name = attribute.lower()
            if name.startswith("on") or name == "autofocus":
                found.append(
                    f"{label}: <{where(element)}> has {name}={value!r} [{handler_payload(build, name)}]{data_in(build, element)}"
                )
            if not ATTRIBUTE_NAME.match(name):
                found.append(
                    f"{label}: <{where(element)}> has an attribute named {name!r}: a quote in data ended the attribute before it{data_in(build, element)}"
                )
            if name in ("src", "href") and value.strip() == "x":
                built = [n for n in ("md-image-onfocus", "img-onerror") if n in GROUPS[build.group]] or ["?"]
                found.append(
                    f"{label}: <{where(element)}> {name}={value!r}: an element built from data [{built[0]}]{data_in(build, element)}"
                )
            if name in URL_ATTRIBUTES:
                url = re.sub(r"[\s\x00-\x1f]+", "", html.unescape(value)).lower()
                if url.startswith(BAD_SCHEMES):
                    found.append(
                        f"{label}: <{where(element)}> has {name}={value!r} [{', '.join(payloads_in(build, value))}]{data_in(build, element)}"
                    )
        if element.name == "script":
            text = element.get_text()
            if "alert(" in text or TAG.search(text):
                found.append(
                    f"{label}: a <script> element ({where(element)}) runs data: {normal(text)[:80]!r} [{', '.join(payloads_in(build, text))}]"
                )
        if element.name == "title" and normal(element.get_text()).lower().startswith("hacked"):
            found.append(f"{label}: the page title is {element.get_text()!r} (front matter injected)")
    for text in soup.find_all(string=True):
        if text.parent is not None and text.parent.name in ("script", "style"):
            continue
        if re.search(r"(?<![\w.])49(?![\w.])", text):
            found.append(f"{label}: Jinja was evaluated: {normal(text)[:80]!r} in <{where(text.parent)}>")
    return found


def broken_copies(slots: list[Slot], label: str, document: str) -> tuple[int, list[str]]:
    """Every place a text of `slots` shows (its tag is there) must hold the whole text, as written: in
    an attribute value, or in the text of the element around it (an SVG <text> of wrapped <tspan>s, a
    heading with its permalink). Returns (places seen, problems)."""
    values = {slot.tag: normal(slot.value) for slot in slots}
    names = {slot.tag: str(slot) for slot in slots}
    soup = BeautifulSoup(document, "html.parser")
    seen, problems = 0, []
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            if not isinstance(value, str):
                continue
            for tag in TAG.findall(value):
                if tag in values:
                    seen += 1
                    if values[tag] not in normal(value):
                        problems.append(
                            f"{label}: <{where(element)}> {attribute}= of {names[tag]} holds {normal(value)[:90]!r}..., not the whole text"
                        )
    for text in soup.find_all(string=True):
        if text.parent is None or text.parent.name in ("script", "style"):
            continue
        for tag in TAG.findall(text):
            if tag not in values:
                continue
            seen += 1
            around = [text.parent, *list(text.parent.parents)[:3]]
            if not any(values[tag] in normal(el.get_text("")) for el in around if el is not None):
                start = normal(text.parent.get_text("")).find(tag)
                problems.append(
                    f"{label}: <{where(text.parent)}> shows {names[tag]} as {normal(text.parent.get_text(''))[start : start + 110]!r}, not the text as written"
                )
    return seen, problems


def report(problems: list[str], limit: int = 60) -> str:
    shown = problems[:limit]
    more = f"\n... and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problem(s):\n" + "\n".join(shown) + more


# -- static checks of every output ------------------------------------------------------------------


def test_hostile_data_covers_every_text_field(build):
    """The tool reached every kind and every text field of the model (so nothing is silently skipped)."""
    from hostile import text_fields

    from macros.model.entities import ENTITY_KINDS, SINGLE_FILES

    kinds = {slot.kind for slot in build.slots}
    assert kinds >= set(ENTITY_KINDS) | {"role", "taxonomy"}
    written = {(slot.kind, tuple("*" if isinstance(p, int) else p for p in slot.path)) for slot in build.slots}
    models = {**ENTITY_KINDS, **{name.removesuffix(".yaml"): cls for name, cls in SINGLE_FILES.items()}}
    expected = {(kind, path) for kind, cls in models.items() for path in text_fields(cls)}
    # Tier drops need two tiers to mean anything; the fixture has one tier and no drop to copy.
    missing = sorted(expected - written - {("tiers", ("drops", "*", "reason"))})
    assert not missing, f"text fields the hostile data does not reach: {missing}"
    assert len({slot.value for slot in build.slots}) == len(build.slots)


def test_pages_and_svg_run_nothing_from_data(build):
    problems = [f for path, document in build.pages().items() for f in findings(build, path, document)]
    assert not problems, report(problems)


def test_handbook_html_runs_nothing_from_data(build):
    build.check()
    problems = findings(build, "handbook", build.handbook)
    problems += findings(build, f"handbook ({TRANSLATION})", build.handbook_translated)
    assert not problems, report(problems)


def test_every_data_text_is_shown_as_text(build):
    """Wherever a value shows, it reads back literally: escaped, not eaten, not cut short by a quote,
    not evaluated (`{{ 7*7 }}` stays as written), not doubly escaped (`&lt;` stays `&lt;`).
    Fields no template prints (today: resource notes) show nowhere, which is fine."""
    outputs = {**build.pages(), "handbook": build.handbook}
    seen, problems = 0, []
    for label, document in outputs.items():
        count, found = broken_copies(build.slots, label, document)
        seen += count
        problems += found
    assert seen >= len(build.slots), f"only {seen} data texts found in the outputs"
    assert not problems, report(problems)


def test_every_translated_text_is_shown_as_text(build):
    """The hostile translation's texts, on the translated pages and in the translated handbook, read
    back literally like the data's own; every unit but resource notes (which no template prints)
    shows somewhere."""
    from macros.i18n.units import TRANSLATABLE

    build.check()
    assert {slot.kind.removesuffix("s") for slot in build.translated} == set(TRANSLATABLE)
    outputs = {
        **{path: page for path, page in build.pages().items() if path.startswith(f"{TRANSLATION}/")},
        f"handbook ({TRANSLATION})": build.handbook_translated,
    }
    problems = []
    for label, document in outputs.items():
        problems += broken_copies(build.translated, label, document)[1]
    shown = {tag for document in outputs.values() for tag in TAG.findall(document)}
    unseen = [str(slot) for slot in build.translated if slot.tag not in shown and slot.path[-1] != "note"]
    assert not unseen, f"translated texts shown nowhere: {unseen}"
    assert not problems, report(problems)


def test_open_data_round_trips_exact_strings(build):
    build.check()
    document = json.loads((build.site / "api" / "roadmap.json").read_text(encoding="utf-8"))
    problems = [
        f"{slot}: {lookup(document, slot)!r} != {slot.value!r}"
        for slot in build.slots
        if lookup(document, slot) != slot.value
    ]
    values = {slot.value for slot in build.slots}
    problems += [
        f"api/roadmap.json holds a changed copy of data text: {s!r}"
        for s in _strings(document)
        if TAG.search(s) and s not in values
    ]
    assert not problems, report(problems)


def _strings(node: object):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


NODE_READ = """
const fs = require('fs'), vm = require('vm');
const context = {window: {}};
vm.runInNewContext(fs.readFileSync(process.argv[1], 'utf8'), context, {filename: 'roadmap-data.js'});
process.stdout.write(JSON.stringify(context.window.RoadmapData));
"""


def _reader_data(script: Path) -> dict:
    """window.RoadmapData as the browser gets it: the script run by node, after checking that it holds
    nothing that would end or open a <script> wherever it is inlined."""
    text = script.read_text(encoding="utf-8")
    for closer in ("</script", "<!--", "<script"):
        assert closer not in text.lower(), f"{script.name} contains {closer!r}: unsafe wherever it is inlined"
    node = shutil.which("node")
    assert node, "node is needed to parse roadmap-data.js"
    run = subprocess.run([node, "-e", NODE_READ, str(script)], capture_output=True, text=True, timeout=30, check=False)
    assert run.returncode == 0, f"{script} is not valid JavaScript:\n{run.stderr}"
    return json.loads(run.stdout)


def test_reader_script_parses_and_holds_exact_strings(build):
    build.check()
    data = _reader_data(build.site / "assets" / "javascripts" / "roadmap-data.js")

    roadmap = build.roadmap
    expected: dict[tuple, str] = {}
    for slot in build.slots:
        if slot.item_id is not None and len(slot.path) == 1:
            expected[(slot.kind, slot.item_id, slot.path[0])] = slot.value
        elif slot.kind == "taxonomy" and len(slot.path) == 3:
            items = getattr(roadmap.taxonomy, slot.path[0])
            expected[(slot.path[0], items[slot.path[1]].id, slot.path[2])] = slot.value
    compared, problems = 0, []
    for section, entries in data.items():
        if isinstance(entries, dict):
            entries = [{"id": key, **value} for key, value in entries.items() if isinstance(value, dict)]
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            for key, value in entry.items():
                want = expected.get((section, entry.get("id"), key))
                if want is not None:
                    compared += 1
                    if value != want:
                        problems.append(f"roadmap-data.js {section}[{entry.get('id')}].{key}: {value!r} != {want!r}")
    values = {slot.value for slot in build.slots}
    problems += [
        f"roadmap-data.js holds a changed copy of data text: {s!r}"
        for s in _strings(data)
        if TAG.search(s) and s not in values
    ]
    assert compared >= len(roadmap.skills) + len(roadmap.steps) + len(roadmap.tiers), (
        f"only {compared} data texts found in roadmap-data.js"
    )
    assert not problems, report(problems)


def test_translated_reader_script_parses_and_holds_exact_strings(build):
    """The translated site's script carries the translation's texts (checklist items, names), each
    exactly as written, and nothing else that came from data."""
    build.check()
    data = _reader_data(build.site / TRANSLATION / "assets" / "javascripts" / "roadmap-data.js")
    values = {slot.value for slot in [*build.slots, *build.translated]}
    tagged = [s for s in _strings(data) if TAG.search(s)]
    problems = [
        f"roadmap-data.js ({TRANSLATION}) holds a changed copy of data text: {s!r}" for s in tagged if s not in values
    ]
    translated = {slot.value for slot in build.translated} & set(tagged)
    roadmap = build.roadmap
    assert len(translated) >= len(roadmap.skills) + len(roadmap.steps) + len(roadmap.tiers), (
        f"only {len(translated)} translated texts found in roadmap-data.js ({TRANSLATION})"
    )
    assert not problems, report(problems)


# -- refused by validation --------------------------------------------------------------------------


def _validate_everything_set_to(tmp_path: Path, payload: str) -> tuple[subprocess.CompletedProcess, list[Slot]]:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    slots = make_hostile(tmp_path / "data", payload)
    result = subprocess.run(
        [str(BIN / "roadmap"), "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    return result, slots


def _expect_located_errors(tmp_path: Path, result: subprocess.CompletedProcess, slots: list[Slot]) -> None:
    from macros.model.yaml_reader import read_yaml

    assert result.returncode == 1, (
        f"roadmap validate accepted it (exit {result.returncode}):\n{result.stdout}{result.stderr}"
    )
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert lines and re.fullmatch(r"\d+ error\(s\) in data/", lines[-1]), lines[-1:]
    located = re.compile(r"^data/[\w./-]+\.yaml:\d+: [\w.]+: \S.*$")
    assert all(located.match(line) for line in lines[:-1]), report(
        [line for line in lines[:-1] if not located.match(line)]
    )
    missing = []
    for slot in slots:
        _data, source, _ = read_yaml(tmp_path / "data" / slot.file, slot.file)
        prefix = f"data/{slot.file}:{source.line_of(slot.path)}: {slot.field}: "
        if not any(line.startswith(prefix) for line in lines):
            missing.append(prefix + "...")
    assert not missing, "no located error for:\n" + report(missing)


@pytest.mark.parametrize("name", list(REFUSED))
def test_control_and_bidi_characters_are_refused_where_they_are(tmp_path, name):
    """Every text field holding the character gets its own `file:line: field: message` error."""
    result, slots = _validate_everything_set_to(tmp_path, REFUSED[name])
    _expect_located_errors(tmp_path, result, slots)


def test_overlong_text_is_refused_where_it_is(tmp_path):
    """5,001 characters is over the limit of every text field (titles 300, prose 5,000)."""
    result, slots = _validate_everything_set_to(tmp_path, "y" * 5001)
    _expect_located_errors(tmp_path, result, slots)


# -- why escaping must cover Markdown too -------------------------------------------------------------


def test_html_escaping_alone_is_not_enough_inside_markdown():
    """Regression guard that documents the bug: HTML-escaping a label (the old `html_text` rule) and
    putting it in an attribute of raw HTML inside a Markdown table cell, as the progress bars did,
    still lets Python-Markdown build an <img> inside the attribute, and its quote ends the attribute.
    So data text in such places must be made inert for Markdown as well, not only for HTML."""
    import markdown

    from macros.handbook.book import load_settings

    def old_html_text(value: str) -> str:  # macros/pages.py html_text before the fix
        return html.escape(" ".join(value.split()), quote=True)

    settings = load_settings(ROOT / "mkdocs.yml")  # the site's own Markdown extensions
    label = old_html_text("Progress on Python " + PAYLOADS["md-image-onfocus"])
    source = f'<div markdown>\n\n| Skill | Progress |\n|---|---|\n| Python | <progress max="1" value="0" aria-label="{label}"></progress> |\n\n</div>\n'
    rendered = markdown.Markdown(extensions=settings.extensions, extension_configs=settings.extension_configs).convert(
        source
    )
    soup = BeautifulSoup(rendered, "html.parser")
    attributes = {name for element in soup.find_all(True) for name in element.attrs}
    assert "onfocus" in attributes and "autofocus" in attributes, rendered


# -- in a real browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Path:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        unavailable("Python Playwright is not installed (pip install -r requirements.txt)")
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is missing (run .ci/system-deps.sh)")
    return CHROMIUM


# Fire every inline handler an attacker could have planted: focus, hover and click every element
# (default actions such as following a link are prevented; the site's own backup buttons are not
# clicked), then follow any javascript: link for real.
PROVOKE = """
() => {
  const stop = (event) => event.preventDefault();
  window.addEventListener('click', stop, true);
  const all = Array.from(document.querySelectorAll('body *, svg *'));
  for (const el of all) {
    const own = el.closest('.rm-backup');  // the site's own buttons (reset asks to confirm)
    for (const type of ['focus', 'focusin', 'mouseover', 'mouseenter', 'mousemove', 'pointerover', 'click']) {
      if (own && type === 'click') continue;
      el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true}));
    }
    if (typeof el.focus === 'function') el.focus();
  }
  window.removeEventListener('click', stop, true);
  const bad = /^(javascript|data|vbscript):/i;
  for (const a of document.querySelectorAll('a[href], a[*|href]')) {
    const href = (a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '').replace(/[\\s\\x00-\\x1f]/g, '');
    if (bad.test(href)) a.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
  }
  return all.length;
}
"""


def page_per_kind(build: Build) -> list[str]:
    """Site paths of every page kind: home, role, resources, progress, each index page and the
    first item of each kind (skill, step, tool, tier, project, specialisation)."""
    paths = [path.removesuffix("index.html") for path in build.pages() if path != "404.html"]
    chosen: dict[str, str] = {}
    for path in paths:
        parts = path.strip("/").split("/")
        key = parts[0] if len(parts) == 1 else f"{parts[0]}/*"
        chosen.setdefault(key, path)
    return sorted(chosen.values())


class _NoSearchHandler(_QuietHandler):
    """The visits' server: 404 for the search worker and index. The visits focus and provoke
    everything, which opens search and releases the index (overrides/main.html), and building it
    costs more than the rest of a visit; only the search job (served without this handler) loads them.
    Refused here rather than by routing them in the browser: a route on a page made its loads cost
    15-25% more CPU (19 visits: 7.8-8.3 s against 6.0-7.1 s)."""

    def send_head(self):
        path = self.path.split("?", 1)[0]
        if path.endswith("/search/search_index.json") or "/workers/search." in path:
            self.send_error(http.server.HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()


@contextlib.contextmanager
def serving(directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler):
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


async def visit(page) -> None:
    """Load, focus, hover and click everything on one page."""
    await page.keyboard.press("Tab")  # real focus moves and a real pointer over the title
    box = await page.locator("article h1").first.bounding_box() if await page.locator("article h1").count() else None
    if box:
        await page.mouse.move(box["x"] + 10, box["y"] + box["height"] / 2)
    await page.evaluate(PROVOKE)
    await page.wait_for_timeout(100)


async def search(page) -> None:
    """Search results are built in the browser from the search index: search for the data."""
    await page.keyboard.press("/")  # Material's shortcut: opens the search dialog
    field = page.locator("input.md-search__input")
    await field.wait_for(state="visible")
    await page.wait_for_timeout(300)  # the search worker loads its index
    await field.press_sequentially("Zq", delay=30)
    await page.locator(".md-search-result__item").first.wait_for(state="attached")
    await page.evaluate(PROVOKE)
    await page.wait_for_timeout(100)


async def _visit_all(chromium: Path, sites: dict[int, tuple[str, str, list[str]]]) -> dict[int, list[str]]:
    """One browser, a few pages at a time (async API: one asyncio.run, no event loop left behind)."""
    from playwright.async_api import async_playwright

    dialogs: dict[int, list[str]] = {group: [] for group in sites}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        context = await browser.new_context(viewport={"width": 1100, "height": 900})
        context.set_default_timeout(15_000)

        # Three tabs (the pages are CPU-bound: more at once is not faster), each taking the next job
        # and reusing its page: a new page for every visit cost its load ~60% more CPU.
        jobs: asyncio.Queue = asyncio.Queue()
        for group, (base, search_base, paths) in sites.items():
            for path in paths:
                jobs.put_nowait((visit, group, path or "(home)", base + path))
            jobs.put_nowait((search, group, "search results", search_base))

        async def tab() -> None:
            page = await context.new_page()
            now = {"group": 0, "label": ""}  # the job this tab is on, for the dialog's report
            page.on(
                "dialog",
                lambda d: (
                    dialogs[now["group"]].append(f"{now['label']}: {d.type}({d.message!r})"),
                    asyncio.ensure_future(d.dismiss()),
                ),
            )
            while not jobs.empty():
                job, now["group"], now["label"], url = jobs.get_nowait()
                await page.goto(url, wait_until="load")
                await job(page)

        try:
            await asyncio.gather(*(tab() for _ in range(3)))
        finally:
            await browser.close()
    return dialogs


@pytest.fixture(scope="module")
def dialogs(builds, chromium) -> dict[int, list[str]]:
    """Every build served and visited in one browser run; the dialogs each build's pages opened."""
    usable = [b for b in builds if not b.problems]
    with contextlib.ExitStack() as stack:
        sites = {
            b.group: (
                stack.enter_context(serving(b.site, _NoSearchHandler)),  # the visits
                stack.enter_context(serving(b.site)),  # the search job
                page_per_kind(b),
            )
            for b in usable
        }
        return asyncio.run(_visit_all(chromium, sites))


def test_no_dialog_opens_in_chromium(build, dialogs):
    """One page of every kind (home, role, each index page, a skill, step, tool, tier, project and
    specialisation, resources, progress, the study plan) and the search results: load, focus, hover and click
    everything; no alert, confirm or prompt may open."""
    build.check()
    kinds = {path.split("/")[0] for path in page_per_kind(build)}
    assert {
        "",
        "role",
        "progress",
        "plan",
        "resources",
        "skills",
        "steps",
        "tools",
        "tiers",
        "projects",
        "specialisations",
    } <= kinds
    assert not dialogs[build.group], report(sorted(dialogs[build.group]))
