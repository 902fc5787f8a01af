"""Learning order and effort (macros/learning.py), on hand-made skills with hand-written answers."""

from __future__ import annotations

from macros.model.entities import Project, Skill, Step, Tool
from macros.model.learning import (
    effort_of,
    learning_order,
    month_name,
    path_order,
    prerequisite_depths,
    projects_by_level,
    skills_introduced,
    tools_by_centrality,
)


def skill(id: str, *prerequisites: str, optional: bool = False, hours: tuple[int, int] | None = None) -> Skill:
    return Skill(
        id=id,
        name=id.replace("-", " ").title(),
        area="a",
        summary="s",
        why="w",
        optional=optional,
        objectives=[{"id": "o", "text": "t"}],
        prerequisites=sorted(prerequisites),
        effort_hours={"min": hours[0], "max": hours[1]} if hours else None,
    )


SKILLS = {
    s.id: s
    for s in (
        skill("algebra", hours=(10, 20)),
        skill("python", hours=(30, 60)),
        skill("calculus", "algebra", hours=(20, 40)),
        skill("deep-learning", "calculus", "python", hours=(50, 100)),
        skill("java", optional=True, hours=(40, 80)),
        skill("statistics", "algebra"),
    )
}


def ids(skills):
    return [s.id for s in skills]


def test_prerequisites_first_then_foundations_then_optional_last():
    chosen = [SKILLS[i] for i in ("deep-learning", "java", "statistics", "calculus", "python", "algebra")]
    # algebra and python have no prerequisites (depth 0): by name; java too, but optional, so last.
    assert ids(learning_order(chosen, SKILLS)) == [
        "algebra",
        "python",
        "calculus",
        "statistics",
        "deep-learning",
        "java",
    ]


def test_prerequisites_outside_the_chosen_set_do_not_block():
    chosen = [SKILLS["deep-learning"], SKILLS["calculus"]]
    assert ids(learning_order(chosen, SKILLS)) == ["calculus", "deep-learning"]


def test_depths_and_a_long_chain_without_recursion():
    assert prerequisite_depths(SKILLS) == {
        "algebra": 0,
        "python": 0,
        "calculus": 1,
        "deep-learning": 2,
        "java": 0,
        "statistics": 1,
    }
    chain = {f"s{i}": skill(f"s{i}", *([f"s{i - 1}"] if i else [])) for i in range(3000)}
    assert prerequisite_depths(chain)["s2999"] == 2999
    assert ids(learning_order(reversed(list(chain.values())), chain))[:3] == ["s0", "s1", "s2"]


def test_effort_adds_up_and_converts_to_weeks_at_ten_hours():
    effort = effort_of([SKILLS["algebra"], SKILLS["calculus"], SKILLS["statistics"]])  # statistics has no estimate
    assert (effort.min_hours, effort.max_hours) == (30, 60)
    assert (effort.min_weeks, effort.max_weeks) == (3, 6)
    assert effort_of([SKILLS["python"], SKILLS["algebra"]]).max_weeks == 8  # 80 h


def step(order, *skills):
    return Step(
        id=f"s{order}",
        order=order,
        title="t",
        goal="g",
        summary="s",
        duration={"min_weeks": 1, "max_weeks": 2},
        outcomes=[{"id": "o", "text": "t"}],
        skills=sorted(skills),
    )


def test_a_step_introduces_only_skills_no_earlier_step_listed():
    steps = [step(1, "algebra", "python"), step(2, "calculus", "deep-learning", "python")]
    assert ids(skills_introduced(steps, steps[1], SKILLS)) == ["calculus", "deep-learning"]


def test_the_path_order_goes_step_by_step_with_prerequisites_first():
    # Step 2 comes first in the list but not in order; "statistics" is in no step, so it comes last;
    # step 1 lists deep-learning, whose prerequisite calculus only step 2 introduces: calculus (and its
    # algebra) move before it.
    steps = [step(2, "calculus", "java"), step(1, "python", "deep-learning")]
    assert ids(path_order(steps, SKILLS)) == ["python", "algebra", "calculus", "deep-learning", "java", "statistics"]


def test_projects_by_level_and_tools_by_order():
    def project(id, level):
        return Project(
            id=id,
            title=id,
            level=level,
            summary="s",
            skills=["a"],
            milestones=[{"id": "m", "text": "t"}],
            done_when=["d"],
        )

    assert [
        p.id
        for p in projects_by_level([project("c", "advanced"), project("b", "beginner"), project("a", "intermediate")])
    ] == ["b", "a", "c"]

    def tool(id, order=None):
        return Tool(
            id=id, name=id, category="c", summary="s", docs_url="https://example.org/", skills=["a"], order=order
        )

    assert [t.id for t in tools_by_centrality([tool("zeta"), tool("beta", 2), tool("alpha"), tool("omega", 1)])] == [
        "omega",
        "beta",
        "alpha",
        "zeta",
    ]


def test_month_names():
    assert month_name("2026-12") == "December 2026"
    assert month_name("2025-01") == "January 2025"
    assert month_name(None) is None
