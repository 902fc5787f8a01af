"""The built site: a page for every item, cross-links both ways, escaping, nav from data."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA, FIXTURE_DATA, ROOT, copy_project, run_mkdocs_build

from macros.model.entities import Proficiency
from macros.model.load import load_roadmap
from macros.site.pages import NAV_LIST_LIMIT, build_nav, nav_paths
from macros.site.urls import page_href, page_url, relative_url

ROADMAP = load_roadmap(DATA)


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def links_in(page_html: str) -> set[str]:
    # Data text reaches attributes as character references (macros/site/escaping.py): decode them.
    return {html.unescape(href).split("#")[0] for href in re.findall(r'href="([^"]*)"', page_html)}


KINDS = [
    ("skills", ROADMAP.skills),
    ("steps", ROADMAP.steps),
    ("tools", ROADMAP.tools),
    ("tiers", ROADMAP.tiers),
    ("projects", ROADMAP.projects),
    ("specialisations", ROADMAP.specialisations),
]


@pytest.mark.parametrize("kind,items", KINDS, ids=[k for k, _ in KINDS])
def test_every_item_has_a_page_and_an_index_entry(built_site, kind, items):
    index = page(built_site, kind)
    for item in items:
        html = page(built_site, f"{kind}/{item.id}")
        name = getattr(item, "name", None) or item.title
        assert "<h1" in html and name.split(" ")[0] in html, f"{kind}/{item.id}: page lacks its title"
        assert f"{item.id}/" in index, f"{kind}/index does not link {item.id}"


def test_index_pages_exist(built_site):
    for path in ("", "role", "steps", "skills", "tools", "tiers", "projects", "specialisations", "resources"):
        assert (built_site / path / "index.html").is_file(), f"missing page /{path}"


def test_skill_page_links_prerequisites_tools_steps_and_tiers(built_site):
    for skill in ROADMAP.skills:
        links = links_in(page(built_site, f"skills/{skill.id}"))
        expected = {f"../{p}/" for p in skill.prerequisites}
        expected |= {f"../../tools/{t.id}/" for t in ROADMAP.tools_for(skill)}
        expected |= {f"../../steps/{s.id}/" for s in ROADMAP.steps_for(skill)}
        expected |= {f"../../tiers/{t.id}/" for t, _ in ROADMAP.tiers_for(skill)}
        expected |= {r.url for r in skill.resources}
        missing = {e for e in expected if e not in links and e.replace("../", "", 1) not in links}
        assert not missing, f"skills/{skill.id} does not link {sorted(missing)}"


def test_step_tool_and_tier_pages_link_back_to_skills(built_site):
    for kind, items, skill_ids in (
        ("steps", ROADMAP.steps, lambda s: s.skills),
        ("tools", ROADMAP.tools, lambda t: t.skills),
        ("tiers", ROADMAP.tiers, lambda t: [e.skill for e in t.skills]),
    ):
        for item in items:
            links = links_in(page(built_site, f"{kind}/{item.id}"))
            missing = [s for s in skill_ids(item) if f"../../skills/{s}/" not in links]
            assert not missing, f"{kind}/{item.id} does not link skills {missing}"


def test_checklists_carry_permanent_ids(built_site):
    for skill in ROADMAP.skills:
        html = page(built_site, f"skills/{skill.id}")
        for entry in ROADMAP.checklist("skills", skill):
            assert f'data-check-id="{entry.key}"' in html, f"{entry.key} not on skills/{skill.id}"
        assert html.count('type="checkbox"') >= len(skill.objectives)


def test_resource_tables_show_type_cost_and_level(built_site):
    skill = ROADMAP.skills[0]
    html = page(built_site, f"skills/{skill.id}")
    table = html[html.index('class="rm-resources"') :]
    for res in skill.resources:
        assert f'href="{res.url}"' in table
    assert "<th>Type</th>" in table and "<th>Cost</th>" in table and "<th>Level</th>" in table


def test_nav_lists_every_skill(built_site):
    home = page(built_site, "")
    for skill in ROADMAP.skills:
        assert f'skills/{skill.id}/"' in home, f"nav lacks skills/{skill.id}"


def test_edit_button_opens_the_data_file(built_site):
    skill = ROADMAP.skills[0]
    assert f"edit/main/data/skills/{skill.id}.yaml" in page(built_site, f"skills/{skill.id}")


def _add_skill(project: Path, skill_id: str, name: str) -> None:
    # These tests are about page generation, not the content floor: a one-objective skill is
    # fine here, so the copy keeps only the schema's rules.
    (project / "data" / "floor.yaml").unlink(missing_ok=True)
    (project / "data" / "skills" / f"{skill_id}.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/skill.schema.json\n"
        + yaml.safe_dump(
            {
                "id": skill_id,
                "name": name,
                "area": "programming",
                "summary": "A skill added by a test.",
                "why": "To prove that one new file is one new page.",
                "objectives": [{"id": "first", "text": "Tick this box."}],
            }
        ),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def added_skills_site(tmp_path_factory) -> Path:
    """One strict build of a project copy with two skills added: a plain one and one named in markup
    (one build for both tests below: each reads only its own skill's pages and the skills index).
    The copy holds the small fixture roadmap, not the real data: what is tested is that a new file
    makes a page, which needs no more (a build of 40 pages, not 360: ~2 s instead of ~11)."""
    project = copy_project(tmp_path_factory.mktemp("project-added"))
    shutil.rmtree(project / "data")
    shutil.copytree(FIXTURE_DATA, project / "data")
    _add_skill(project, "zz-brand-new-skill", "Brand new skill")
    _add_skill(project, "zz-escaping", "</title><script>alert(1)</script> *not bold* [not](link)")
    site = tmp_path_factory.mktemp("site-added")
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


def test_adding_a_yaml_file_adds_its_page_and_nav_entry(added_skills_site):
    site = added_skills_site
    assert "Brand new skill" in page(site, "skills/zz-brand-new-skill")
    assert 'href="zz-brand-new-skill/"' in page(site, "skills")
    # In the nav of its siblings (navigation.prune keeps only the open branch on each page).
    assert 'href="../zz-brand-new-skill/"' in page(site, "skills/python")


def test_data_text_is_escaped(added_skills_site):
    html = page(added_skills_site, "skills/zz-escaping")
    assert "<script>alert(1)</script>" not in html and "</title><script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<em>not bold</em>" not in html and 'href="link"' not in html


def test_broken_data_stops_the_build_with_located_errors(project_copy, tmp_path_factory):
    skill_file = project_copy / "data" / "skills" / f"{ROADMAP.skills[0].id}.yaml"
    skill_file.write_text(skill_file.read_text(encoding="utf-8").replace("area:", "areaa:", 1), encoding="utf-8")
    site = tmp_path_factory.mktemp("site-broken")
    result = run_mkdocs_build(project_copy / "mkdocs.yml", site)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"data/skills/{ROADMAP.skills[0].id}.yaml:" in output and "areaa: unknown key" in output
    assert "Traceback" not in output
    assert not (site / "index.html").exists(), "a broken data set must not produce a site"


def test_nav_lists_long_sections_through_their_index_page(project_copy, tmp_path_factory):
    """Beyond pages.NAV_LIST_LIMIT items a section's pages leave the sidebar (which would make every
    page carry every sibling) but are still built and linked from the section's index page.
    The fixture roadmap with its one step copied to NAV_LIST_LIMIT + 1 steps: only the steps section
    is long, so the build stays small (138 pages; the whole roadmap scaled up was 738)."""
    shutil.rmtree(project_copy / "data")
    data = shutil.copytree(FIXTURE_DATA, project_copy / "data")
    step = (data / "steps" / "foundations.yaml").read_text(encoding="utf-8")
    for k in range(1, NAV_LIST_LIMIT + 1):
        copy = step.replace("id: foundations\n", f"id: foundations-x{k}\n").replace("order: 1\n", f"order: {k + 1}\n")
        assert copy.count(f"foundations-x{k}") == 1 and f"order: {k + 1}" in copy
        (data / "steps" / f"foundations-x{k}.yaml").write_text(copy, encoding="utf-8")
    site = tmp_path_factory.mktemp("site-long")
    result = run_mkdocs_build(project_copy / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    step = page(site, "steps/foundations-x7")
    assert "<h1" in step
    assert 'href="foundations-x7/"' in page(site, "steps")
    assert "foundations-x30/" not in step, "a long section's siblings must not be in every page's sidebar"


def test_short_sections_list_every_page_in_the_nav():
    nav = build_nav(ROADMAP, ["index.md"])
    assert {f"skills/{s.id}.md" for s in ROADMAP.skills} <= nav_paths(nav)
    assert {f"steps/{s.id}.md" for s in ROADMAP.steps} <= nav_paths(nav)


def test_home_page_states_the_total_study_time(built_site):
    # Summed here from the YAML files themselves, not with the code under test.
    low = high = 0
    for path in sorted((ROOT / "data" / "skills").glob("*.yaml")):
        skill = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not skill.get("optional"):
            low, high = low + skill["effort_hours"]["min"], high + skill["effort_hours"]["max"]
    text = " ".join((built_site / "index.html").read_text(encoding="utf-8").split())
    assert f"about {low}–{high} hours of study: {-(-low // 10)}–{-(-high // 10)} weeks at ten hours a week" in text


@pytest.mark.parametrize(
    "path,directory_urls,url",
    [
        ("index.md", True, ""),
        ("skills/index.md", True, "skills/"),
        ("skills/python.md", True, "skills/python/"),
        ("index.md", False, "index.html"),
        ("skills/python.md", False, "skills/python.html"),
    ],
)
def test_page_url_is_where_mkdocs_puts_the_page(path, directory_urls, url):
    assert page_url(path, directory_urls) == url


@pytest.mark.parametrize(
    "target,from_page,directory_urls,href",
    [
        ("index.md", "skills/python.md", True, "../../"),  # the root keeps its slash
        ("index.md", "index.md", True, "./"),
        ("skills/python.md", "skills/python.md", True, "./"),
        ("skills/sql.md", "skills/python.md", True, "../sql/"),
        ("steps/index.md", "skills/python.md", True, "../../steps/"),
        ("skills/python.md", "index.md", True, "skills/python/"),
        ("skills/sql.md", "skills/python.md", False, "sql.html"),
        ("index.md", "skills/python.md", False, "../index.html"),
    ],
)
def test_page_href_links_built_pages(target, from_page, directory_urls, href):
    assert page_href(target, from_page, directory_urls) == href


def test_relative_url_between_markdown_files():
    assert relative_url("skills/sql.md", "skills/python.md") == "sql.md"
    assert relative_url("tools/git.md", "skills/python.md") == "../tools/git.md"
    assert relative_url("skills/python.md", "index.md") == "skills/python.md"


FIXTURE = load_roadmap(FIXTURE_DATA)


def test_relations_are_every_reference_read_backwards():
    relations = FIXTURE.relations
    ids = {
        name: {key: [getattr(item, "id", None) for item in items] for key, items in getattr(relations, name).items()}
        for name in ("tools_for_skill", "steps_for_skill", "dependents_of_skill", "projects_for_tool")
    }
    assert ids["tools_for_skill"] == {"linear-algebra": ["numpy"], "python": ["numpy"]}
    assert ids["steps_for_skill"] == {"linear-algebra": ["foundations"], "python": ["foundations"]}
    assert ids["dependents_of_skill"] == {"linear-algebra": ["python"]}
    assert ids["projects_for_tool"] == {"numpy": ["digit-classifier"]}
    assert relations.level == {
        ("junior-ml-engineer", "linear-algebra"): Proficiency.working,
        ("junior-ml-engineer", "python"): Proficiency.proficient,
    }
    # A lookup hands out a copy: a caller cannot change the relations by editing its list.
    FIXTURE.tools_for(FIXTURE.skill["python"]).clear()
    assert [tool.id for tool in FIXTURE.tools_for(FIXTURE.skill["python"])] == ["numpy"]


def test_every_item_knows_its_file_and_lines():
    numpy = FIXTURE.tool["numpy"]
    assert numpy.source.file == "data/tools/numpy.yaml"
    assert numpy.source.line_of(("docs_url",)) == 6
    assert FIXTURE.taxonomy.source.file == "data/taxonomy.yaml"
    assert [(use.file, use.line, use.field) for use in FIXTURE.url_uses() if use.url.endswith("/numpy/docs")] == [
        ("data/tools/numpy.yaml", 6, "docs_url")
    ]


def test_summary_counts_every_kind():
    assert FIXTURE.summary() == "2 skills, 1 steps, 1 tools, 1 tiers, 1 projects, 1 specialisations, 3 resources"
