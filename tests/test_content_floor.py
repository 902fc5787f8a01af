"""The content floor: the minimum the roadmap's data must keep, so later edits cannot hollow it out.

Each rule is a function that takes a Roadmap and returns one message per problem,
naming the item that breaks it. The tests at the top apply the rules to the real
data/; the tests at the bottom feed each rule a deliberately thin roadmap to prove
the rule actually fires.

The seed-coverage list names every concept in the source article the roadmap was
built from (a KDnuggets-style "how to become a machine learning engineer" piece):
each must still have a home in the data, by id or in the visible text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.loader import RoadmapInvalid, load_roadmap
from macros.model import (
    Area,
    ChecklistItem,
    Duration,
    Resource,
    Responsibility,
    Role,
    Skill,
    Specialisation,
    Step,
    Taxonomy,
    Tier,
    TierSkill,
    Tool,
    ToolCategory,
)
from macros.roadmap import Roadmap

DATA = Path(__file__).resolve().parent.parent / "data"

CHECKLIST_RANGE = range(3, 7)  # 3-6 objectives / outcomes
MIN_SKILL_RESOURCES = 3
MIN_TIER_SKILLS = 8
MIN_TIER_RESPONSIBILITIES = 3
MIN_SPECIALISATION_RESOURCES = 3

STEP_IDS = [
    "educational-foundation",
    "programming-data-basics",
    "core-ml-concepts",
    "portfolio-projects",
    "mlops-deployment",
    "professional-experience",
    "continuous-learning",
]
TIER_IDS = [
    "data-analyst",
    "software-engineer",
    "junior-ml-engineer",
    "ml-engineer",
    "senior-ml-engineer",
    "ml-architect",
    "research-scientist",
    "ai-product-manager",
]
ARTICLE_PROJECTS = ["recommendation-engine", "sentiment-analysis", "image-classification"]
SPECIALISATIONS = ["natural-language-processing", "computer-vision", "reinforcement-learning"]
FIRST_STEP_NEEDING_PROJECTS = 4  # from "Working on projects" onwards every step points at a project


# -- the rules ---------------------------------------------------------------


def skill_problems(roadmap: Roadmap) -> list[str]:
    problems = []
    for skill in roadmap.skills:
        where = f"skill {skill.id!r}"
        if len(skill.objectives) not in CHECKLIST_RANGE:
            problems.append(f"{where} has {len(skill.objectives)} objectives; it needs 3-6")
        if len(skill.resources) < MIN_SKILL_RESOURCES:
            problems.append(f"{where} has {len(skill.resources)} resources; it needs at least {MIN_SKILL_RESOURCES}")
        if not any(res.free for res in skill.resources):
            problems.append(f"{where} has no free resource")
    return problems


def tool_problems(roadmap: Roadmap) -> list[str]:
    problems = []
    for tool in roadmap.tools:
        if not (tool.docs_url or "").strip():
            problems.append(f"tool {tool.id!r} has no docs_url")
        if not tool.skills:
            problems.append(f"tool {tool.id!r} is linked to no skill")
    return problems


def step_problems(roadmap: Roadmap) -> list[str]:
    problems = []
    ids = [step.id for step in roadmap.steps]
    if ids != STEP_IDS:
        problems.append(f"steps are {ids}; the article's seven steps in order are {STEP_IDS}")
    orders = sorted(step.order for step in roadmap.steps)
    if orders != list(range(1, len(STEP_IDS) + 1)):
        problems.append(f"step orders are {orders}; they must be exactly 1..{len(STEP_IDS)}")
    for step in roadmap.steps:
        where = f"step {step.id!r}"
        if len(step.outcomes) not in CHECKLIST_RANGE:
            problems.append(f"{where} has {len(step.outcomes)} outcomes; it needs 3-6")
        if not step.skills:
            problems.append(f"{where} builds no skill")
        if step.order >= FIRST_STEP_NEEDING_PROJECTS and not step.projects:
            problems.append(f"{where} (order {step.order}) suggests no project")
    return problems


def tier_problems(roadmap: Roadmap) -> list[str]:
    problems = []
    ids = [tier.id for tier in roadmap.tiers]
    if ids != TIER_IDS:
        problems.append(f"tiers are {ids}; the eight career tiers in order are {TIER_IDS}")
    for tier in roadmap.tiers:
        where = f"tier {tier.id!r}"
        if len(tier.skills) < MIN_TIER_SKILLS:
            problems.append(f"{where} expects {len(tier.skills)} skills; it needs at least {MIN_TIER_SKILLS} with levels")
        if len(tier.responsibilities) < MIN_TIER_RESPONSIBILITIES:
            problems.append(
                f"{where} has {len(tier.responsibilities)} responsibilities; it needs at least {MIN_TIER_RESPONSIBILITIES}"
            )
    return problems


def project_problems(roadmap: Roadmap) -> list[str]:
    return [f"project {pid!r} from the article is missing" for pid in ARTICLE_PROJECTS if pid not in roadmap.project]


def specialisation_problems(roadmap: Roadmap) -> list[str]:
    problems = []
    for sid in SPECIALISATIONS:
        spec = roadmap.specialisation.get(sid)
        if spec is None:
            problems.append(f"specialisation {sid!r} from the article is missing")
            continue
        if len(spec.resources) < MIN_SPECIALISATION_RESOURCES:
            problems.append(
                f"specialisation {sid!r} has {len(spec.resources)} resources; it needs at least {MIN_SPECIALISATION_RESOURCES}"
            )
        if not any(res.free for res in spec.resources):
            problems.append(f"specialisation {sid!r} has no free resource")
    return problems


def skill_coverage_problems(roadmap: Roadmap) -> list[str]:
    problems = []
    for skill in roadmap.skills:
        if not roadmap.steps_for(skill):
            problems.append(f"skill {skill.id!r} is built by no step, so the path never teaches it")
        if not roadmap.tiers_for(skill):
            problems.append(f"skill {skill.id!r} is expected by no career tier")
    return problems


# -- seed coverage -----------------------------------------------------------

_SKIP_FIELDS = {"resources", "datasets", "docs_url", "url"}


def _strings(value: object) -> list[str]:
    """Every human-readable string in a dumped model, leaving out links and resource lists."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() if key not in _SKIP_FIELDS for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def corpus(roadmap: Roadmap) -> dict[str, str]:
    """The visible text of every item, keyed like 'steps/mlops-deployment', plus 'role' and 'taxonomy'."""
    texts = {"role": roadmap.role.model_dump(), "taxonomy": roadmap.taxonomy.model_dump()}
    for kind in ("skills", "steps", "tools", "tiers", "projects", "specialisations"):
        for item in getattr(roadmap, kind):
            texts[f"{kind}/{item.id}"] = item.model_dump()
    return {key: " ".join(_strings(value)) for key, value in texts.items()}


def known_ids(roadmap: Roadmap) -> set[str]:
    ids = {f"role/{r.id}" for r in roadmap.role.responsibilities}
    ids |= {f"areas/{a.id}" for a in roadmap.taxonomy.areas}
    for kind in ("skills", "steps", "tools", "tiers", "projects", "specialisations"):
        ids |= {f"{kind}/{item.id}" for item in getattr(roadmap, kind)}
    return ids


@dataclass(frozen=True)
class Concept:
    """Something the article names. Every id must exist; `text` (a case-insensitive regex) must
    appear in the item `where` (or anywhere in the data when `where` is None)."""

    name: str
    ids: tuple[str, ...] = ()
    text: str | None = None
    where: str | None = None


def C(name: str, *ids: str, text: str | None = None, where: str | None = None) -> Concept:  # noqa: N802
    return Concept(name, ids, text, where)


EF, PD, CM, PP, MD, PE, CL = (f"steps/{s}" for s in STEP_IDS)

SEED_CONCEPTS: list[Concept] = [
    # Introduction
    C("blend of software engineering", text=r"software engineering", where="role"),
    C("blend of data science", text=r"data science", where="role"),
    C("blend of artificial intelligence", text=r"artificial intelligence", where="role"),
    C("systems that learn from data and make predictions or decisions", text=r"predictions or decisions", where="role"),
    C("foundations in data analysis", text=r"data analysis", where="role"),
    # What does a machine learning engineer do?
    C("bridge: data scientists", text=r"data scientists", where="role"),
    C("bridge: software engineering side", text=r"software engineer", where="role"),
    C("models that are scalable", text=r"scal", where="role"),
    C("models ready for production", text=r"production", where="role"),
    C("designing and training models", "role/design-train-models", text=r"design", where="role"),
    C("deploying models in production", "role/deploy-models", text=r"deploy|release", where="role"),
    C("monitoring and updating models", "role/monitor-update-models", text=r"retrain", where="role"),
    C("collaborating with business stakeholders", "role/collaborate-stakeholders", text=r"stakeholders", where="role"),
    C("aligning models with business needs", text=r"business", where="role"),
    # Skills required
    C("Mathematics & Statistics area", "areas/mathematics-statistics"),
    C("linear algebra", "skills/linear-algebra"),
    C("calculus", "skills/calculus"),
    C("probability", "skills/probability"),
    C("statistics", "skills/statistics"),
    C("Programming area", "areas/programming"),
    C("Python", "skills/python"),
    C("NumPy", "tools/numpy", "skills/numerical-computing"),
    C("Scikit-learn", "tools/scikit-learn", "skills/scikit-learn-workflows"),
    C("Java", "skills/java"),
    C("C++", "skills/cpp"),
    C("R", "skills/r-language"),
    C("Data Handling area", "areas/data-handling"),
    C("SQL", "skills/sql", "tools/sql"),
    C("big data frameworks", "skills/big-data-frameworks"),
    C("Hadoop", "tools/hadoop"),
    C("Spark", "tools/spark"),
    C("cloud platforms", "skills/cloud-computing"),
    C("AWS", "tools/aws"),
    C("GCP", "tools/gcp"),
    C("Azure", "tools/azure"),
    C("Machine Learning & Deep Learning area", "areas/machine-learning"),
    C("supervised learning", "skills/supervised-learning"),
    C("unsupervised learning", "skills/unsupervised-learning"),
    C("reinforcement learning", "skills/reinforcement-learning"),
    C("neural networks", "skills/neural-networks"),
    C("Software Engineering Practices area", "areas/software-engineering"),
    C("version control (Git)", "skills/version-control", "tools/git"),
    C("APIs", "skills/apis-and-serving"),
    C("testing", "skills/software-testing"),
    C("MLOps principles", "skills/mlops"),
    C("Soft Skills area", "areas/soft-skills"),
    C("problem-solving", "skills/problem-solving"),
    C("communication", "skills/communication"),
    C("collaboration", "skills/collaboration"),
    # Step 1: educational foundation
    C("step 1: educational foundation", EF),
    C("bachelor's degree", text=r"bachelor", where=EF),
    C("degree in computer science", text=r"computer science", where=EF),
    C("degree in data science", text=r"data science", where=EF),
    C("degree in statistics", text=r"statistics", where=EF),
    C("master's degree for advanced roles", text=r"master's", where=EF),
    C("PhD for research-oriented roles", text=r"\bPhD\b", where=EF),
    C("research-oriented positions", text=r"research", where=EF),
    # Step 2: programming and data science basics
    C("step 2: programming and data science basics", PD),
    C("mastering Python", text=r"python", where=PD),
    C("NumPy in step 2", text=r"numpy", where=PD),
    C("Pandas", "tools/pandas", "skills/data-wrangling", text=r"pandas", where=PD),
    C("Scikit-learn in step 2", text=r"scikit-learn", where=PD),
    C("data handling", text=r"handl", where=PD),
    C("visualisation", "skills/data-visualisation", text=r"chart|visuali[sz]", where=PD),
    C("basic statistics", text=r"statistics", where=PD),
    # Step 3: core machine learning concepts
    C("step 3: core machine learning concepts", CM),
    C("linear regression", "skills/linear-models", text=r"linear (and logistic )?regression", where=CM),
    C("decision trees", "skills/decision-trees-ensembles", text=r"decision trees", where=CM),
    C("support vector machines (SVMs)", "skills/support-vector-machines", text=r"support vector machines", where=CM),
    C("clustering techniques", "skills/clustering", text=r"clustering", where=CM),
    C("deep learning architectures", "skills/deep-learning-architectures", text=r"deep learning architectures", where=CM),
    C("implementing algorithms from scratch", text=r"from scratch", where=CM),
    # Step 4: projects
    C("step 4: working on projects", PP),
    C("recommendation engines", "projects/recommendation-engine", text=r"recommend", where=PP),
    C("sentiment analysis models", "projects/sentiment-analysis", text=r"sentiment", where=PP),
    C("image classification applications", "projects/image-classification", text=r"image classification", where=PP),
    C("GitHub", "tools/github", text=r"github", where=PP),
    C("Kaggle", "tools/kaggle", text=r"kaggle", where=PP),
    C("build a portfolio", text=r"portfolio", where=PP),
    # Step 5: MLOps and deployment
    C("step 5: MLOps and deployment", MD),
    C("from notebooks to production", text=r"notebook", where=MD),
    C("production environments", text=r"production", where=MD),
    C("MLflow", "tools/mlflow", text=r"mlflow", where=MD),
    C("Kubeflow", "tools/kubeflow", text=r"kubeflow", where=MD),
    C("AWS SageMaker", "tools/sagemaker", text=r"sagemaker", where=MD),
    C("GCP AI Platform (now Vertex AI)", "tools/vertex-ai", text=r"AI Platform", where=MD),
    C("Azure ML", "tools/azure-ml", text=r"Azure (ML|Machine Learning)", where=MD),
    C("scalable, automated pipelines", text=r"pipelines", where=MD),
    # Step 6: professional experience
    C("step 6: professional experience", PE),
    C("data analyst role", "tiers/data-analyst", text=r"data analyst", where=PE),
    C("software engineer role", "tiers/software-engineer", text=r"software engineer", where=PE),
    C("junior machine learning engineer role", "tiers/junior-ml-engineer", text=r"junior machine learning engineer", where=PE),
    C("freelancing", text=r"freelanc", where=PE),
    C("enhancing the portfolio", text=r"portfolio", where=PE),
    # Step 7: keep learning and specialise
    C("step 7: keep learning and specialise", CL),
    C("latest research papers", text=r"research papers", where=CL),
    C("contributing to open source", text=r"open[- ]source", where=CL),
    C("industry conferences", text=r"conference", where=CL),
    C("natural language processing (NLP)", "specialisations/natural-language-processing", text=r"natural language", where=CL),
    C("computer vision", "specialisations/computer-vision", text=r"computer vision", where=CL),
    C("reinforcement learning specialisation", "specialisations/reinforcement-learning", text=r"reinforcement", where=CL),
    # Career path
    C("senior machine learning engineer", "tiers/senior-ml-engineer"),
    C("senior: overseeing projects", text=r"overs(ee|aw)", where="tiers/senior-ml-engineer"),
    C("senior: mentoring junior team members", text=r"mentor", where="tiers/senior-ml-engineer"),
    C("machine learning architect", "tiers/ml-architect"),
    C("architect: large-scale ML infrastructure", text=r"large-scale", where="tiers/ml-architect"),
    C("research scientist", "tiers/research-scientist"),
    C("research scientist: new algorithms", text=r"algorithm", where="tiers/research-scientist"),
    C("research scientist: publishing findings", text=r"publish", where="tiers/research-scientist"),
    C("AI product manager", "tiers/ai-product-manager"),
    C("AI PM: technical insight", text=r"technical insight", where="tiers/ai-product-manager"),
    C("AI PM: business strategy", text=r"business strategy", where="tiers/ai-product-manager"),
    C("AI PM: AI-driven products", text=r"AI-driven products", where="tiers/ai-product-manager"),
]


def seed_problems(roadmap: Roadmap, concepts: list[Concept] = SEED_CONCEPTS) -> list[str]:
    ids = known_ids(roadmap)
    texts = corpus(roadmap)
    everything = " ".join(texts.values())
    problems = []
    for concept in concepts:
        missing = [i for i in concept.ids if i not in ids]
        if missing:
            problems.append(f"seed concept {concept.name!r}: missing {', '.join(missing)}")
        if concept.text is None:
            continue
        if concept.where is not None and concept.where not in texts:
            problems.append(f"seed concept {concept.name!r}: {concept.where} does not exist")
            continue
        haystack = everything if concept.where is None else texts[concept.where]
        if not re.search(concept.text, haystack, re.IGNORECASE):
            place = concept.where or "the data"
            problems.append(f"seed concept {concept.name!r}: no text matching /{concept.text}/ in {place}")
    return problems


# -- the real data -----------------------------------------------------------


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    try:
        return load_roadmap(DATA)
    except RoadmapInvalid as exc:
        pytest.fail("data/ does not validate:\n" + "\n".join(str(e) for e in exc.errors), pytrace=False)


RULES = [
    skill_problems,
    tool_problems,
    step_problems,
    tier_problems,
    project_problems,
    specialisation_problems,
    skill_coverage_problems,
    seed_problems,
]


@pytest.mark.parametrize("rule", RULES, ids=[rule.__name__.removesuffix("_problems") for rule in RULES])
def test_real_data_meets_the_floor(roadmap, rule):
    problems = rule(roadmap)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_seed_concepts_are_distinct():
    names = [c.name for c in SEED_CONCEPTS]
    assert len(names) == len(set(names)), "duplicate seed concept names"
    for concept in SEED_CONCEPTS:
        re.compile(concept.text or "")


# -- the rules fire on thin data ---------------------------------------------


def _item(n: int, prefix: str = "x") -> list[ChecklistItem]:
    return [ChecklistItem(id=f"{prefix}{i}", text=f"Do thing {i}.") for i in range(n)]


def _resources(n: int, free: bool) -> list[Resource]:
    return [
        Resource(title=f"R{i}", url=f"https://example.org/{i}", type="docs", free=free, level="beginner") for i in range(n)
    ]


@pytest.fixture
def thin() -> Roadmap:
    """A small roadmap that breaks every rule once, each time in an item with a telling id."""
    taxonomy = Taxonomy(
        areas=[Area(id="maths", name="Maths", summary="Numbers.")],
        tool_categories=[ToolCategory(id="libs", name="Libraries", summary="Code.")],
    )
    role = Role(
        title="Engineer",
        summary="Builds things.",
        bridge="Between teams.",
        responsibilities=[Responsibility(id="build", title="Build", text="Build models.")],
    )
    skills = [
        Skill(id="few-objectives", name="A", area="maths", summary="s", why="w", objectives=_item(2),
              resources=_resources(3, True)),
        Skill(id="no-free-resource", name="B", area="maths", summary="s", why="w", objectives=_item(3),
              resources=_resources(3, False)),
        Skill(id="too-few-resources", name="C", area="maths", summary="s", why="w", objectives=_item(7),
              resources=_resources(1, True)),
    ]
    tools = [
        Tool.model_construct(id="skill-less-tool", name="T", category="libs", summary="s", docs_url="https://example.org/",
                             skills=[], resources=[]),
        Tool.model_construct(id="docless-tool", name="D", category="libs", summary="s", docs_url="", skills=["few-objectives"],
                             resources=[]),
    ]
    steps = [
        Step(id="thin-step", order=1, title="Thin", goal="g", summary="s", duration=Duration(min_weeks=1, max_weeks=2),
             outcomes=_item(1), skills=[], projects=[]),
        Step(id="projectless-step", order=5, title="Late", goal="g", summary="s",
             duration=Duration(min_weeks=1, max_weeks=2), outcomes=_item(3), skills=["few-objectives"], projects=[]),
    ]
    tiers = [
        Tier(id="narrow-tier", name="N", track="Entry", order=1, summary="s", experience="0 years",
             responsibilities=["Only one thing."], skills=[TierSkill(skill="few-objectives", level="working")]),
    ]
    specs = [
        Specialisation(id="computer-vision", name="CV", summary="s", skills=["few-objectives"],
                       resources=_resources(2, False)),
    ]
    return Roadmap(role=role, taxonomy=taxonomy, skills=skills, tools=tools, steps=steps, tiers=tiers,
                   specialisations=specs)


def _mentions(problems: list[str], *names: str) -> None:
    text = "\n".join(problems)
    for name in names:
        assert repr(name) in text, f"expected a problem naming {name!r}, got:\n{text}"


def test_skill_rule_fires(thin):
    problems = skill_problems(thin)
    _mentions(problems, "few-objectives", "no-free-resource", "too-few-resources")
    assert len(problems) == 4, problems  # too-few-resources also has 7 objectives


def test_tool_rule_fires(thin):
    _mentions(tool_problems(thin), "skill-less-tool", "docless-tool")


def test_step_rule_fires(thin):
    problems = step_problems(thin)
    text = "\n".join(problems)
    assert "seven steps" in text and "must be exactly 1..7" in text, text
    assert "step 'thin-step' has 1 outcomes" in text and "step 'thin-step' builds no skill" in text, text
    assert "step 'projectless-step' (order 5) suggests no project" in text, text


def test_tier_rule_fires(thin):
    problems = tier_problems(thin)
    text = "\n".join(problems)
    assert "eight career tiers" in text, text
    assert "tier 'narrow-tier' expects 1 skills" in text and "tier 'narrow-tier' has 1 responsibilities" in text, text


def test_project_and_specialisation_rules_fire(thin):
    _mentions(project_problems(thin), *ARTICLE_PROJECTS)
    problems = specialisation_problems(thin)
    _mentions(problems, "natural-language-processing", "reinforcement-learning", "computer-vision")
    assert any("'computer-vision' has no free resource" in p for p in problems), problems


def test_coverage_rule_fires(thin):
    problems = skill_coverage_problems(thin)
    assert "skill 'no-free-resource' is built by no step, so the path never teaches it" in problems, problems
    assert "skill 'too-few-resources' is expected by no career tier" in problems, problems
    assert not any("'few-objectives'" in p for p in problems), problems  # built by a step and expected by a tier


def test_seed_rule_fires(thin):
    problems = seed_problems(thin)
    _mentions(problems, "Hadoop", "freelancing", "senior: mentoring junior team members")
    assert "seed concept 'Hadoop': missing tools/hadoop" in problems, problems
    assert "seed concept 'freelancing': steps/professional-experience does not exist" in problems, problems
    found = seed_problems(thin, [C("role names a build duty", "role/build", text=r"build models", where="role")])
    assert found == [], found
    wrong = seed_problems(thin, [C("role text", text=r"freelanc", where="role")])
    assert wrong == ["seed concept 'role text': no text matching /freelanc/ in role"], wrong
