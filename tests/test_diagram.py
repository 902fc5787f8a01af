"""The map of the path (macros/diagram.py): well-formed, accessible SVG whose links reach real pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from conftest import DATA

from macros.model.load import load_roadmap
from macros.site.path_map import WIDTH, page_url, path_svg, site_href, text_width, wrap

ROADMAP = load_roadmap(DATA)
SVG = "{http://www.w3.org/2000/svg}"
HREF = "href"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_svg_is_well_formed_and_labelled():
    svg = path_svg(ROADMAP, lambda target: target)
    assert "\n\n" not in svg and "\n" not in svg, "a blank line would end the raw HTML block in Markdown"
    root = parse(svg)
    assert root.get("role") == "group"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text and title.get("id") == root.get("aria-labelledby")
    assert desc is not None and str(len(ROADMAP.steps)) in desc.text and desc.get("id") == root.get("aria-describedby")


def test_every_step_and_each_of_its_skills_is_a_link_in_order():
    root = parse(path_svg(ROADMAP, lambda target: target))
    links = list(root.iter(f"{SVG}a"))
    hrefs = [a.get(HREF) for a in links]
    expected = []
    for step in ROADMAP.steps:
        expected.append(f"steps/{step.id}.md")
        expected.extend(f"skills/{skill}.md" for skill in step.skills)
    assert hrefs == expected
    for a in root.iter(f"{SVG}a"):
        name = a.get("aria-label") or "".join(a.itertext())
        assert name.strip(), f"link to {a.get(HREF)} has no accessible name"


def test_nodes_stay_inside_the_view_box():
    root = parse(path_svg(ROADMAP, lambda target: target))
    _x, _y, width, height = map(float, root.get("viewBox").split())
    assert width == WIDTH
    for rect in root.iter(f"{SVG}rect"):
        x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
        assert x >= 0 and x + w <= width + 0.5 and y >= 0 and y + h <= height + 0.5, rect.attrib


def test_data_text_is_escaped():
    step = ROADMAP.steps[0].model_copy(update={"title": 'Tags <b> & "quotes"'})
    roadmap = ROADMAP.model_copy(update={"steps": [step]})
    svg = path_svg(roadmap, lambda target: target)
    assert "<b>" not in svg
    root = parse(svg)
    assert root.find(f".//{SVG}g").get("aria-label") == f'Step {step.order}: Tags <b> & "quotes"'
    assert "".join(root.find(f".//{SVG}a").itertext()).endswith('Tags <b> & "quotes"')


@pytest.mark.parametrize(
    "page,target,expected",
    [
        ("steps/index.md", "skills/python.md", "../skills/python/"),
        ("steps/index.md", "steps/core-ml-concepts.md", "core-ml-concepts/"),
        ("index.md", "skills/python.md", "skills/python/"),
        ("skills/python.md", "steps/index.md", "../../steps/"),
        ("skills/python.md", "index.md", "../../"),
        ("index.md", "index.md", "./"),
    ],
)
def test_site_href_matches_directory_urls(page, target, expected):
    assert site_href(page)(target) == expected


def test_site_href_without_directory_urls():
    assert site_href("steps/index.md", use_directory_urls=False)("skills/python.md") == "../skills/python.html"


def test_page_url():
    assert page_url("index.md") == "" and page_url("steps/index.md") == "steps/" and page_url("role.md") == "role/"


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
        figure = html[start : html.index("</figure>", start)]
        root = parse(figure[len('<figure class="rm-map">') :])
        base = built_site / page_dir
        for a in root.iter(f"{SVG}a"):
            target = (base / a.get(HREF) / "index.html").resolve()
            assert target.is_file(), f"/{page_dir}: map link {a.get(HREF)} has no page"
