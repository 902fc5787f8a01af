"""The printable handbook: `roadmap pdf` builds a complete, well-formed book from the real data.

The real handbook is built once per test process (`handbook_fixtures.built_handbook`) and
read back once: pypdf for the outline and links, one `pdftotext` run for the text of all pages.
"""

from __future__ import annotations

import builtins
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BIN, FIXTURE_DATA, ROOT, run_mkdocs_build
from handbook_fixtures import built_handbook, outline_of, pdf_pages_text, poppler
from pypdf import PdfReader

from macros.handbook import book as handbook

# DejaVu's ascent + descent is 1.164 em: a word box that tall is set in a 1 pt font per point.
DEJAVU_BOX_PER_PT = 1.164
MM = 72 / 25.4  # PDF points per millimetre
WORD_FLOOR = 40  # fewer words than this on a page is a page wasted (issue 14)


def _squash(text: str) -> str:
    """Text compared without case, spaces, line breaks or hyphens (line-end hyphenation included)."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text).casefold()


@pytest.fixture(scope="module")
def built():
    return built_handbook()


@pytest.fixture(scope="module")
def roadmap(built):
    return built.roadmap


@pytest.fixture(scope="module")
def book_html(built) -> str:
    return built.html


@pytest.fixture(scope="module")
def reader(built) -> PdfReader:
    return PdfReader(built.pdf)


@pytest.fixture(scope="module")
def outline(reader) -> list[tuple[int, str, int]]:
    return outline_of(reader)


@pytest.fixture(scope="module")
def pages(built) -> list[str]:
    return built.pages


@pytest.fixture(scope="module")
def pdf_text(pages) -> str:
    return "\f".join(pages)


def chapter_titles(roadmap) -> list[str]:
    return [
        "Progress tracker",
        "How to use this handbook",
        roadmap.role.title,
        "Learning path",
        "Skills",
        "Tools",
        "Projects",
        "Specialisations",
        "Career tiers",
        "Index of resources",
    ]


def _page_of(outline, title: str) -> int:
    return next(page for _depth, title_, page in outline if title_ == title)


def _lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def _body_lines(layout_page: str) -> list[str]:
    """A page's lines (pdftotext -layout) without the running heads and the foot, one line each."""
    return _lines(layout_page)[1:-1]


# -- the HTML (fast, no PDF needed) ---------------------------------------------------


def test_html_has_every_item_once_as_a_section(roadmap, book_html):
    for kind in ("steps", "skills", "tools", "projects", "specialisations", "tiers"):
        for item in getattr(roadmap, kind):
            assert book_html.count(f'id="{kind}-{item.id}"') == 1, f"{kind}/{item.id} is not in the book exactly once"


def test_html_links_stay_inside_the_book_or_go_to_the_web(book_html):
    hrefs = re.findall(r'href="([^"]*)"', book_html)
    assert hrefs
    for href in hrefs:
        assert href.startswith(("#", "https://", "http://", "mailto:")), f"relative link left in the book: {href}"
        assert ".md" not in href.split("#")[0] or href.startswith("http"), f"link to a Markdown file: {href}"
    ids = set(re.findall(r'\bid="([^"]*)"', book_html))
    missing = sorted({h[1:] for h in hrefs if h.startswith("#") and h[1:] not in ids})
    assert not missing, f"in-book links without a target: {missing[:10]}"


def test_html_has_no_web_widgets_or_template_leftovers(book_html):
    for leftover in (
        "{{",
        "{%",
        "<progress",
        "<input",
        "<script",
        "<button",
        "data-check-id",
        "undefined",
        'title: "',
        "<hr",
    ):
        assert leftover not in book_html, f"{leftover!r} in the handbook HTML"


def test_path_chapter_opens_with_a_step_to_skills_table_not_the_screen_map(roadmap, book_html):
    start = book_html.index('id="steps-index"')
    end = book_html.index(f'id="steps-{roadmap.steps[0].id}"', start)
    chapter = book_html[start:end]
    assert "<svg" not in chapter, "the screen map (text at 5 pt on paper) is still in the path chapter"
    table = chapter[chapter.index('<table class="rm-path-table"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
    assert len(rows) == len(roadmap.steps)
    for row, step in zip(rows, roadmap.steps, strict=True):
        assert f'href="#steps-{step.id}"' in row
        linked = set(re.findall(r'href="#skills-([^"]+)"', row))
        assert linked == set(step.skills), f"step {step.id}: the table row links {linked}"
    assert "Open step" not in book_html


def test_printed_url_is_the_whole_address():
    long = "https://example.org/a/very/long/path/that/goes/on/and/on/and/on/index.html?query=1&b=2#part"
    assert (
        handbook.printed_url(long)
        == "example.org/a/very/long/path/that/goes/on/and/on/and/on/index.html?query=1&b=2#part"
    )
    assert handbook.printed_url("http://example.org/") == "http://example.org/"  # not https: the scheme stays


def test_links_rewriting_handles_markdown_and_site_style_links():
    settings = handbook.Settings("S", "https://example.org/site/", "", "", "1", handbook.dt.date(2026, 1, 1))
    links = handbook._Links({"skills/python.md", "skills/index.md", "steps/index.md"}, settings)
    assert links.rewrite("../skills/python.md", "steps/index.md") == "#skills-python"
    assert links.rewrite("../skills/python/", "steps/index.md") == "#skills-python"
    assert links.rewrite("../../skills/python/", "steps/first.md") == "#skills-python"
    assert links.rewrite("index.md#programming", "skills/python.md") == "#skills-index--programming"
    assert links.rewrite("#why", "skills/python.md") == "#skills-python--why"
    assert links.rewrite("../progress.md", "skills/python.md") == "https://example.org/site/progress/"
    assert links.rewrite("https://python.org/", "skills/python.md") == "https://python.org/"


# -- the PDF --------------------------------------------------------------------------


def test_outline_has_every_chapter_and_item(roadmap, outline):
    top = [title for depth, title, _page in outline if depth == 1]
    for title in chapter_titles(roadmap):
        assert title in top, f"chapter {title!r} missing from the PDF bookmarks {top}"
    assert (
        top.index("Contents")
        < top.index("Progress tracker")
        < top.index("How to use this handbook")
        < top.index("Learning path")
        < top.index("Skills")
        < top.index("Career tiers")
        < top.index("Index of resources")
    )
    titles = {title for _depth, title, _page in outline}
    for step in roadmap.steps:
        assert f"{step.order}. {step.title}" in titles
    for name in [s.name for s in roadmap.skills] + [t.name for t in roadmap.tools] + [t.name for t in roadmap.tiers]:
        assert name in titles, f"{name!r} has no bookmark"
    skills = {title for depth, title, _page in outline if depth == 3}
    assert {s.name for s in roadmap.skills} <= skills, "skills are not nested under their areas"


def test_table_of_contents_page_numbers_match_the_bookmarks(built, outline):
    contents_page = _page_of(outline, "Contents")
    first_chapter = _page_of(outline, "Progress tracker")
    toc = "\n".join(built.layout_pages[contents_page - 1 : first_chapter - 1])
    checked = 0
    for _depth, title, page in outline:
        if title == "Contents" or len(title) > 60:  # long titles wrap onto a second contents line
            continue
        pattern = re.escape(title) + r"\s*(?:\.\s*)+" + str(page) + r"\b"
        assert re.search(pattern, toc), f"contents do not give page {page} for {title!r}"
        checked += 1
    assert checked > 100


def test_page_references_give_the_target_page(built, outline, roadmap):
    """ "Step 1, p. 12" in the path table names the page where step 1 begins (words for paper, not screens)."""
    first_step = f"{roadmap.steps[0].order}. {roadmap.steps[0].title}"
    table = "\n".join(built.pages[_page_of(outline, "Learning path") - 1 : _page_of(outline, first_step)])
    for step in roadmap.steps:
        expected = f"Step {step.order}, p. {_page_of(outline, f'{step.order}. {step.title}')}"
        assert expected in table.replace("\u00a0", " "), f"{expected!r} not in the path table"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_references_in_running_text_give_the_target_page(built, outline, roadmap):
    """ "Python (p. 43)" in the progress tracker: the number is filled in after the one layout pass."""
    start, end = _page_of(outline, "Progress tracker"), _page_of(outline, "How to use this handbook")
    tracker = _squash("\n".join(built.pages[start - 1 : end - 1]))  # names wrap, at a hyphen too
    for skill in roadmap.skills:
        expected = f"{skill.name} (p. {_page_of(outline, skill.name)})"
        assert _squash(expected) in tracker, f"{expected!r} not in the tracker"
    assert "p. 000" not in _flat("\n".join(built.pages)), "a page reference kept its placeholder"


def test_matrix_headers_break_no_tier_name_mid_word(built, outline, roadmap):
    """The skill x tier matrix numbers its tier columns, and the key above it names each tier whole:
    eleven names over narrow columns broke mid-word ("Juni‐ or", issue 14)."""
    start = _page_of(outline, "Skill and tier matrix")
    end = _page_of(outline, roadmap.tiers[0].name)  # the first tier's entry follows the matrix
    layout = "\n".join(built.layout_pages[start - 1 : end])
    numbers = r"\s+".join(str(n) for n in range(1, len(roadmap.tiers) + 1))
    assert re.search(rf"^\s*Skill\s+{numbers}\s*$", layout, re.M), "no numbered header row over the matrix"
    key = _flat("\n".join(built.pages[start - 1 : end]))
    for number, tier in enumerate(roadmap.tiers, start=1):
        page = next(page for _d, title, page in outline if title == tier.name and page >= start)  # not the role
        assert re.search(rf"\b{number} {re.escape(tier.name)} \(p\. {page}\)", key), tier.name
    assert "\u2010" not in layout, "a word in the matrix is broken by a hyphen"


def test_path_table_text_is_at_least_8_pt(built, outline):
    """Every word on the path's opening page, read from pdftotext's word boxes, is set at 8 pt or more."""
    number = _page_of(outline, "Learning path")
    xml = subprocess.run(
        [poppler("pdftotext"), "-bbox", "-f", str(number), "-l", str(number), str(built.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', xml)
    body = [(float(top), float(bottom), text) for top, bottom, text in words if 22 * MM < float(top) < 277 * MM]
    assert len(body) > 150, "the path table is not on the path's opening page"
    small = [(text, round((bottom - top) / DEJAVU_BOX_PER_PT, 1)) for top, bottom, text in body]
    small = [(text, size) for text, size in small if size < 7.95]
    assert not small, f"text under 8 pt on p. {number}: {small[:10]}"


def test_progress_tracker_follows_the_contents_with_every_skill_and_objective(built, outline, roadmap):
    start = _page_of(outline, "Progress tracker")
    end = _page_of(outline, "How to use this handbook")
    assert start == next(page for depth, _t, page in outline if depth == 1 and page > _page_of(outline, "Contents"))
    tracker = "\n".join(built.pages[start - 1 : end - 1])
    assert end - start <= 3, f"the tracker takes {end - start} pages"
    missing = [skill.name for skill in roadmap.skills if _squash(skill.name) not in _squash(tracker)]
    assert not missing, f"skills missing from the tracker: {missing}"
    objectives = sum(len(skill.objectives) for skill in roadmap.skills)
    assert tracker.count("☐") == objectives
    for tier in roadmap.tiers:
        assert _squash(tier.name) in _squash(tracker)


def test_text_has_every_step_skill_tool_and_tier(roadmap, pdf_text):
    text = _squash(pdf_text)
    names = (
        [s.title for s in roadmap.steps]
        + [s.name for s in roadmap.skills]
        + [t.name for t in roadmap.tools]
        + [t.name for t in roadmap.tiers]
    )
    missing = [name for name in names if _squash(name) not in text]
    assert not missing, f"missing from the PDF text: {missing}"


def test_every_web_address_is_printed_whole(roadmap, pdf_text):
    text = _squash(pdf_text)
    urls = [res.url for _kind, _owner, res in roadmap.all_resources()] + [tool.docs_url for tool in roadmap.tools]
    longest = max(urls, key=len)
    assert len(longest) > 70
    assert _squash(longest.removeprefix("https://")) in text, f"the longest address is not printed whole: {longest}"
    missing = [url for url in urls if _squash(url.removeprefix("https://")) not in text]
    assert not missing, f"addresses not printed whole: {missing[:5]}"
    assert "…" not in pdf_text, "an address (or another text) is cut short with an ellipsis"


def test_skill_pages_show_review_effort_and_start_here(roadmap, pdf_text):
    text = _squash(pdf_text.replace("\u00a0", " "))
    for skill in roadmap.skills:
        start = next(res for res in skill.resources if res.start)
        assert _squash(f"Start here: {start.title}") in text, f"{skill.id}: its start-here resource is not labelled"
        if skill.effort_hours:
            hours = f"about {skill.effort_hours.min}–{skill.effort_hours.max} hours of study"
            assert _squash(hours) in text, f"{skill.id}: {hours!r} not printed"
    reviewed = [
        item for kind in ("skills", "steps", "tools", "tiers") for item in getattr(roadmap, kind) if item.reviewed
    ]
    assert len(reviewed) > len(roadmap.skills)
    assert text.count(_squash("Last reviewed:")) >= len(reviewed)
    assert _squash("Last reviewed: December 2026") in text or _squash("Last reviewed:") in text


def test_links_are_clickable(roadmap, reader):
    uris, internal = set(), 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action is not None and action.get("/URI"):
                uris.add(str(action["/URI"]))
            elif annot.get("/Dest") is not None or (action is not None and action.get("/D") is not None):
                internal += 1
    assert {res.url for _k, _o, res in roadmap.all_resources()} <= uris
    assert internal > len(roadmap.skills) * 3, "cross-references are not clickable"


def test_checklists_are_empty_boxes(roadmap, pdf_text):
    boxes = pdf_text.count("☐")
    assert boxes >= len(roadmap.all_checklist_keys()), (
        f"{boxes} boxes for {len(roadmap.all_checklist_keys())} checklist items"
    )
    assert "☑" not in pdf_text


def test_no_template_leftovers(pdf_text):
    for leftover in ("{{", "}}", "{%", "%}", "undefined", "[ ]", "](", "\\_", "\\*"):
        assert leftover not in pdf_text, f"{leftover!r} printed in the handbook"
    stray_none = re.findall(r".{0,30}\bNone\b(?!:).{0,30}", pdf_text)  # "None: ..." is a sentence in the skill pages
    assert not stray_none, f"a template printed None: {stray_none[:3]}"


def test_page_count_is_sane(roadmap, reader):
    items = sum(
        len(getattr(roadmap, kind)) for kind in ("steps", "skills", "tools", "projects", "specialisations", "tiers")
    )
    pages = len(reader.pages)
    assert items // 2 + 10 <= pages <= items * 4 + 40, f"{pages} pages for {items} items"


def test_no_page_is_nearly_empty(built, outline):
    """Every page but the cover carries at least WORD_FLOOR words: no stray lines, no lone table row."""
    thin = []
    for number, page in enumerate(built.layout_pages[1:], start=2):
        words = len(re.findall(r"\w+", "\n".join(_body_lines(page))))
        if words < WORD_FLOOR:
            thin.append((number, words))
    assert not thin, f"pages under {WORD_FLOOR} words (page, words): {thin}"


def test_fonts_are_embedded(built):
    listing = subprocess.run([poppler("pdffonts"), str(built.pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        columns = row.split()
        assert columns[-5] == "yes", f"font not embedded: {row}"
        assert "DejaVu" in columns[0], f"unexpected font (missing DejaVu falls back silently): {row}"


def test_metadata(reader):
    info = reader.metadata
    assert "ML Engineer Roadmap" in info.title
    assert info.author


def test_cover_has_title_edition_and_site_url_and_no_ink_band(built, tmp_path):
    from PIL import Image

    cover = built.pages[0]
    site_url = handbook.load_settings(ROOT / "mkdocs.yml").site_url
    assert "ML Engineer" in cover and "Roadmap" in cover
    assert "Edition of" in cover and "version" in cover
    assert site_url in cover
    subprocess.run(
        [poppler("pdftoppm"), "-gray", "-r", "30", "-l", "1", str(built.pdf), str(tmp_path / "c")], check=True
    )
    image = Image.open(next(tmp_path.glob("c-*.pgm")))
    histogram = image.histogram()  # pixels per grey level, 0 = black
    dark = sum(histogram[:128]) / sum(histogram)
    assert dark < 0.03, f"{dark:.0%} of the cover is dark: a solid band wastes ink"


def _headings(lines: list[str], titles: list[str]) -> list[str]:
    """The titles printed as headings (a line of their own, or two when long), in page order."""
    known = set(titles)
    found = []
    for index, line in enumerate(lines):
        if line in known:
            found.append(line)
        elif index + 1 < len(lines) and f"{line} {lines[index + 1]}" in known:
            found.append(f"{line} {lines[index + 1]}")
    return found


def test_running_heads_name_the_chapter_and_the_entry_the_page_is_in(built, outline, roadmap, reader):
    """Top left: the chapter; top right: the entry the page's first line belongs to (or one that starts on it)."""
    entries_of = {  # the titles that head a chapter's entries (and its groups)
        "Learning path": [f"{s.order}. {s.title}" for s in roadmap.steps],
        "Skills": [s.name for s in roadmap.skills] + [a.name for a in roadmap.taxonomy.areas],
        "Tools": [t.name for t in roadmap.tools] + [c.name for c in roadmap.taxonomy.tool_categories],
        "Projects": [p.title for p in roadmap.projects],
        "Specialisations": [s.name for s in roadmap.specialisations],
        "Career tiers": [t.name for t in roadmap.tiers],
    }
    chapters = [(page, title) for depth, title, page in outline if depth == 1 and title != "Contents"]
    checked = 0
    for (start, chapter), (following, _next) in zip(chapters, chapters[1:], strict=False):
        current = ""  # the entry in effect: the last entry title printed so far in this chapter
        for number in range(start, following):
            lines = _lines(built.layout_pages[number - 1])
            entries = entries_of.get(chapter, [])
            on_page = _headings(_body_lines(built.layout_pages[number - 1]), entries)
            if number > start:  # the chapter's first page has no head, on purpose
                left, _, right = lines[0].partition("  ")
                assert left == chapter.upper(), f"p. {number}: running head {left!r}, expected {chapter.upper()!r}"
                right = right.strip()
                if right:
                    assert right in entries, f"p. {number}: {right!r} in the running head is no entry"
                    assert right == current or right in on_page, (
                        f"p. {number}: the running head names {right!r}, but the page is in {current!r}"
                    )
                assert lines[-1].endswith(f" {number}"), f"p. {number} has no page number at the foot"
                checked += 1
            if on_page:
                current = on_page[-1]
    assert checked > len(reader.pages) / 3


def test_nothing_spills_into_the_side_margins(built, reader, tmp_path):
    """Tables and long URLs are wrapped: the outer 12 mm of every page stay blank."""
    from PIL import Image

    dpi = 30
    subprocess.run(
        [poppler("pdftoppm"), "-gray", "-r", str(dpi), "-f", "2", str(built.pdf), str(tmp_path / "p")], check=True
    )
    band = round(12 / 25.4 * dpi)
    images = sorted(tmp_path.glob("p-*.pgm"))
    assert len(images) == len(reader.pages) - 1
    for image_path in images:
        image = Image.open(image_path)
        width, height = image.size
        for box in ((0, 0, band, height), (width - band, 0, width, height)):
            darkest = image.crop(box).getextrema()[0]
            assert darkest > 200, f"{image_path.name}: something is printed in the side margin {box}"


def test_no_heading_is_stranded_at_the_foot_of_a_page(built):
    from weasyprint.formatting_structure import boxes

    def lines(box, in_heading=False):
        if isinstance(box, boxes.MarginBox):  # running heads and page numbers
            return
        in_heading = in_heading or getattr(box, "element_tag", "") in ("h1", "h2", "h3", "h4", "h5", "h6")
        if isinstance(box, boxes.LineBox):
            yield box.position_y, in_heading
            return
        for child in getattr(box, "children", []):
            yield from lines(child, in_heading)

    stranded = []
    for number, page in enumerate(built.document.pages[:-1], start=1):
        page_lines = list(lines(page._page_box))
        if page_lines and max(page_lines)[1]:
            stranded.append(number)
    assert not stranded, f"pages ending with a heading: {stranded}"


def test_long_tables_repeat_their_header_row(tmp_path):
    rows = "".join(f"<tr><td>row {n}</td><td>{'long text ' * 12}</td></tr>" for n in range(120))
    html = f'<html lang="en"><body><main><div class="rm-resources"><table><thead><tr><th>Resource</th><th>Header two</th></tr></thead><tbody>{rows}</tbody></table></div></main></body></html>'
    document = handbook.render_document(html)
    assert len(document.pages) >= 3
    output = tmp_path / "table.pdf"
    document.write_pdf(output)
    for number, text in enumerate(pdf_pages_text(output)[1:], start=2):
        assert "Header two" in text, f"page {number} lost the table's header row"


# -- the command and the site ---------------------------------------------------------------


def test_command_builds_the_pdf(tmp_path):
    """`roadmap pdf` as a user runs it, on the small valid fixture data."""
    output = tmp_path / "handbook.pdf"
    data = FIXTURE_DATA
    result = subprocess.run(
        [str(BIN / "roadmap"), "--data", str(data), "pdf", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"roadmap pdf failed:\n{result.stdout}\n{result.stderr}"
    assert re.match(rf"wrote {re.escape(str(output))}: \d+ pages, \d+ KB, in [\d.]+ s", result.stdout)
    assert output.read_bytes().startswith(b"%PDF-")
    assert len(PdfReader(output).pages) >= 5


def test_requirements_are_met_here():
    assert handbook.check_requirements() == []


def test_missing_pango_is_explained(monkeypatch):
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    problems = handbook.check_requirements()
    assert len(problems) == 1 and "Pango" in problems[0] and "apt-get install libpango" in problems[0]


def test_bad_data_gives_located_errors_not_a_traceback(project_copy):
    broken = project_copy / "data" / "skills" / "python.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("name: Python", "nmae: Python", 1), encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "roadmap"), "pdf", "--output", str(project_copy / "out.pdf")],
        cwd=project_copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/skills/python.yaml:" in result.stderr and "nmae" in result.stderr
    assert not (project_copy / "out.pdf").exists()


def _set_pdf(project: Path, present: bool) -> None:
    target = project / handbook.PDF_NAME
    if target.is_symlink() or target.exists():
        target.unlink()
    if present:
        target.write_bytes(b"%PDF-1.7\n% a stand-in for the handbook\n%%EOF\n")


@pytest.mark.parametrize("present", [True, False])
def test_site_links_the_pdf_only_when_it_was_built(project_copy, tmp_path, present):
    # The small fixture roadmap: the link comes from the page hooks, whatever the data (a build of
    # the real data took five times as long).
    shutil.rmtree(project_copy / "data")
    shutil.copytree(FIXTURE_DATA, project_copy / "data")
    _set_pdf(project_copy, present)
    site = tmp_path / "site"
    result = run_mkdocs_build(project_copy / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert (f'href="{handbook.PDF_NAME}"' in home) is present
    assert (site / handbook.PDF_NAME).exists() is present


def test_layout_and_writing_run_at_the_slower_collector_pace(monkeypatch, tmp_path):
    """WeasyPrint's boxes are many and long-lived: the layout runs at macros/gc_pace.py's pace
    (over a quarter less layout CPU on the real book), and the caller's pace is back afterwards."""
    import gc

    from weasyprint.document import Document

    seen = []
    fill, write = handbook.fill_page_numbers, Document.write_pdf
    monkeypatch.setattr(
        handbook, "fill_page_numbers", lambda document: seen.append(("layout", gc.get_threshold())) or fill(document)
    )
    monkeypatch.setattr(
        Document,
        "write_pdf",
        lambda self, *a, **k: seen.append(("writing", gc.get_threshold())) or write(self, *a, **k),
    )
    before = gc.get_threshold()
    pages = handbook.write_pdf('<html lang="en"><body><main><p>One page.</p></main></body></html>', tmp_path / "a.pdf")
    assert pages == 1 and (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert seen == [("layout", (200_000, 30, 30)), ("writing", (200_000, 30, 30))]
    assert gc.get_threshold() == before


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
