"""The map of the path (macros/site/path_map.py): numbered steps, skills in learning order, optional
skills marked, a legend, inert data text, and links that reach real pages.

Expectations are written out by hand for a small roadmap built from the fixture: two steps, four
skills, one of them optional, one shared by both steps.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import DATA, FIXTURE_DATA

from macros.model.entities import Duration
from macros.model.load import load_roadmap
from macros.model.roadmap import Roadmap
from macros.site.path_map import NARROW, WIDE, path_figure, path_svg, text_width, wrap

FIXTURE = load_roadmap(FIXTURE_DATA)
SVG = "{http://www.w3.org/2000/svg}"


def small_roadmap(step_title: str = "Build the foundations", skill_name: str = "Algorithms"):
    """Step 1 builds linear algebra, python and algorithms (which needs python, so comes after it
    although its name sorts first); step 2 builds python again and an optional R."""
    python = FIXTURE.skill["python"]
    algorithms = python.model_copy(update={"id": "algorithms", "name": skill_name, "prerequisites": ["python"]})
    r_language = python.model_copy(update={"id": "r-language", "name": "R", "optional": True, "prerequisites": []})
    first = FIXTURE.steps[0].model_copy(
        update={"title": step_title, "skills": ["algorithms", "linear-algebra", "python"]}
    )
    second = first.model_copy(
        update={
            "id": "apply",
            "order": 2,
            "title": "Apply it",
            "duration": Duration(min_weeks=2, max_weeks=6),
            "skills": ["python", "r-language"],
        }
    )
    skills = [*FIXTURE.skills, algorithms, r_language]
    return with_items(skills=skills, steps=[first, second])


def with_items(**items) -> Roadmap:
    """The fixture roadmap with other items (a new object: lookups by id are cached per object)."""
    return Roadmap(**{**{name: getattr(FIXTURE, name) for name in Roadmap.model_fields}, **items})


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}a"))


def texts(element: ET.Element, css: str) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text") if t.get("class") == css]


def test_svg_is_one_line_well_formed_and_labelled():
    for layout in (WIDE, NARROW):
        svg = path_svg(small_roadmap(), lambda target: target, "m", layout)
        assert "\n" not in svg, "a blank line would end the raw HTML block in Markdown"
        root = parse(svg)
        assert root.get("aria-labelledby") == "m-title" and root.find(f"{SVG}title").text == "Map of the learning path"
        assert root.find(f"{SVG}desc").text.startswith("The 2 steps of the path in order")
        assert root.get("class") == f"rm-map-svg rm-map-{layout.name}"


def test_steps_are_numbered_in_order_each_with_its_new_skills_in_learning_order():
    root = parse(path_svg(small_roadmap(), lambda target: target))
    assert [a.get("href") for a in links(root)] == [
        "steps/foundations.md",
        "skills/linear-algebra.md",
        "skills/python.md",
        "skills/algorithms.md",  # after python, its prerequisite, though "A" sorts first
        "steps/apply.md",
        "skills/r-language.md",  # python is not drawn twice: step 1 introduced it
    ]
    assert texts(root, "rm-map-badge-text") == ["1", "2"]
    steps = [a for a in links(root) if "rm-map-step-link" in a.get("class")]
    # A step link is named by what it shows (number, title, estimate); its group says "Step n: title".
    assert [a.get("aria-label") for a in steps] == [None, None]
    assert ["".join(a.itertext()) for a in steps] == [
        "1Build the foundationsAbout 4–12 weeks · 3 new skills",
        "2Apply itAbout 2–6 weeks · 1 new skill",
    ]
    assert texts(root, "rm-map-meta") == ["About 4–12 weeks · 3 new skills", "About 2–6 weeks · 1 new skill"]
    assert [g.get("aria-label") for g in root.iter(f"{SVG}g")] == [
        "Step 1: Build the foundations",
        "Step 2: Apply it",
    ]


def test_optional_skills_are_dashed_and_say_so():
    root = parse(path_svg(small_roadmap(), lambda target: target))
    skills = {a.get("data-skill"): a for a in links(root) if a.get("data-skill")}
    assert skills["r-language"].get("class") == "rm-map-node rm-map-skill rm-map-optional"
    assert skills["r-language"].get("aria-label") == "R (optional or alternative)"
    assert skills["python"].get("class") == "rm-map-node rm-map-skill"
    assert skills["python"].get("aria-label") == "Python"

    def chip(a):
        return next(r for r in a.iter(f"{SVG}rect") if r.get("class") == "rm-map-chip")

    assert chip(skills["r-language"]).get("stroke-dasharray") == "4 3"
    assert chip(skills["python"]).get("stroke-dasharray") is None


def test_each_skill_node_has_an_empty_fill_bar_for_journey_js():
    root = parse(path_svg(small_roadmap(), lambda target: target, "m"))
    for number, a in enumerate((a for a in links(root) if a.get("data-skill")), start=1):
        fill = next(r for r in a.iter(f"{SVG}rect") if r.get("class") == "rm-map-fill")
        assert fill.get("width") == "0"
        assert fill.get("clip-path") == f"url(#m-clip-{number})"
        assert a.find(f"{SVG}clipPath").get("id") == f"m-clip-{number}"


def test_a_step_without_new_skills_says_so():
    roadmap = small_roadmap()
    third = roadmap.steps[1].model_copy(update={"id": "again", "order": 3, "title": "Again", "skills": ["python"]})
    root = parse(path_svg(with_items(skills=roadmap.skills, steps=[*roadmap.steps, third]), lambda target: target))
    assert texts(root, "rm-map-note") == ["Builds on the skills of earlier steps"]
    assert texts(root, "rm-map-meta")[-1] == "About 2–6 weeks"


def test_figure_has_both_layouts_and_a_legend():
    figure = parse(path_figure(small_roadmap(), lambda target: target))
    assert [svg.get("class") for svg in figure.findall(f"{SVG}svg")] == [
        "rm-map-svg rm-map-wide",
        "rm-map-svg rm-map-narrow",
    ]
    ids = [e.get("id") for e in figure.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "the two drawings share an id"
    items = figure.find("figcaption").find("ul").findall("li")
    assert ["".join(li.itertext()) for li in items] == [
        "Step, in order, with its estimate",
        "Skill",
        "Optional or alternative skill",
        "Filled by the objectives you have ticked",
        "You are here",
    ]
    # The progress entries mean nothing without JavaScript, so they start hidden.
    assert [li.get("hidden") for li in items] == [None, None, None, "", ""]


def test_nodes_stay_inside_the_view_box():
    for layout in (WIDE, NARROW):
        root = parse(path_svg(small_roadmap(), lambda target: target, "m", layout))
        _x, _y, width, height = map(float, root.get("viewBox").split())
        assert width == layout.width
        for rect in root.iter(f"{SVG}rect"):
            x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
            assert x >= 0 and x + w <= width + 0.5 and y >= 0 and y + h <= height + 0.5, rect.attrib


def test_hostile_names_stay_text():
    title = '</text><script>alert(1)</script> & "q" {{ x }} [a](javascript:x)'
    name = '"><a href="javascript:alert(1)">x</a>'
    svg = path_figure(small_roadmap(title, name), lambda target: target)
    assert "<script" not in svg and 'href="javascript' not in svg
    root = parse(svg)
    assert not any(e.tag.endswith("script") for e in root.iter())
    wide = root.find(f"{SVG}svg")
    assert wide.find(f"{SVG}g").get("aria-label") == f"Step 1: {title}"
    assert " ".join(texts(wide, "rm-map-title")[0].split()) == " ".join(title.split())
    algorithms = next(a for a in links(wide) if a.get("data-skill") == "algorithms")
    assert algorithms.get("aria-label") == name
    assert algorithms.get("href") == "skills/algorithms.md"


def test_wrap_keeps_lines_within_width_and_all_words():
    text = "Learn programming and data science basics with a very long title"
    lines = wrap(text, 150, 15, bold=True)
    assert " ".join(lines) == text and len(lines) > 1
    assert all(text_width(line, 15, True) <= 150 for line in lines if " " in line)
    assert text_width("mmmm", 10) > text_width("iiii", 10)


def test_built_pages_show_the_map_with_working_links(built_site):
    for page_dir in ("", "steps"):
        html = (built_site / page_dir / "index.html").read_text(encoding="utf-8")
        start = html.index('<figure class="rm-map">')
        figure = parse(html[start : html.index("</figure>", start) + len("</figure>")])
        base = built_site / page_dir
        hrefs = [a.get("href") for a in figure.iter(f"{SVG}a")]
        real = load_roadmap(DATA)
        nodes = len(real.steps) + len({skill for step in real.steps for skill in step.skills})
        assert len(hrefs) == 2 * nodes, "both drawings: every step, and every skill a step builds, once each"
        for href in set(hrefs):
            target = (base / href / "index.html").resolve()
            assert target.is_file(), f"/{page_dir}: map link {href} has no page"
