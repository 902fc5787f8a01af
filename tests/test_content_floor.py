"""The project's own intent for its content: the fixed lists, the article's concepts, the totals.

Every rule a contributor can break (objectives per skill, resources, free and start-here
resources, effort, reviews, the ladder, ...) lives in the validator
(macros/model/content_rules.py, thresholds in data/floor.yaml) and is reported by
`roadmap validate` with file:line. This file keeps what records the project's decisions:
the steps and tiers in order, the article's projects and specialisations, the seed concepts,
and the floor's figures themselves (the 2026 totals among them), so lowering one is a reviewed change here.

The seed-coverage list names every concept in the source article the roadmap was
built from (a KDnuggets-style "how to become a machine learning engineer" piece):
each must still have a home in the data, by id or in the visible text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import yaml
from conftest import DATA, FIXTURE_DATA

from macros.model.load import RoadmapInvalid, load_roadmap
from macros.model.roadmap import Roadmap

STEP_IDS = [
    "educational-foundation",
    "programming-data-basics",
    "core-ml-concepts",
    "portfolio-projects",
    "build-with-large-models",
    "mlops-deployment",
    "professional-experience",
    "continuous-learning",
]
TIER_IDS = [
    "data-analyst",
    "software-engineer",
    "junior-ml-engineer",
    "ml-engineer",
    "ai-engineer",
    "senior-ml-engineer",
    "staff-ml-engineer",
    "ml-architect",
    "ml-engineering-manager",
    "research-scientist",
    "ai-product-manager",
]
ARTICLE_PROJECTS = ["recommendation-engine", "sentiment-analysis", "image-classification"]
SPECIALISATIONS = ["natural-language-processing", "computer-vision", "reinforcement-learning"]

# data/floor.yaml as the project committed to it.
FLOOR = {
    "skill_objectives": [5, 8],
    "step_outcomes": [4, 8],
    "project_milestones": [4, 8],
    "min_skill_resources": 4,
    "min_core_skill_resources": 6,
    "core_areas": ["llm-systems"],
    "core_skills": ["apis-and-serving", "mlops", "model-monitoring"],
    "min_tier_skills": 8,
    "min_tier_responsibilities": 3,
    "min_specialisation_resources": 3,
    "first_step_needing_projects": 4,
    "free_resource": True,
    "beginner_and_advanced": True,
    "start_resource": True,
    "effort": True,
    "reviewed": True,
    "taught_and_expected": True,
    "stale_after_months": 12,
    # The 2026 content (issue "Content"): at least this much, at least this free.
    "min_totals": {"skills": 56, "tools": 60, "tiers": 11, "projects": 12, "resources": 330},
    "min_free_percent": 85,
}


def step_problems(roadmap: Roadmap) -> list[str]:
    """The path's steps, numbered 1 to 8 in this order (the pages and the handbook show the numbers)."""
    found = [(step.id, step.order) for step in roadmap.steps]
    expected = [(step_id, number) for number, step_id in enumerate(STEP_IDS, start=1)]
    return [] if found == expected else [f"steps are {found}; the path's steps in order are {expected}"]


def tier_problems(roadmap: Roadmap) -> list[str]:
    ids = sorted(tier.id for tier in roadmap.tiers)
    return [] if ids == sorted(TIER_IDS) else [f"tiers are {ids}; the career tiers are {sorted(TIER_IDS)}"]


def project_problems(roadmap: Roadmap) -> list[str]:
    return [f"project {pid!r} from the article is missing" for pid in ARTICLE_PROJECTS if pid not in roadmap.project]


def specialisation_problems(roadmap: Roadmap) -> list[str]:
    return [
        f"specialisation {sid!r} from the article is missing"
        for sid in SPECIALISATIONS
        if sid not in roadmap.specialisation
    ]


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


EF, PD, CM, PP, _LLM, MD, PE, CL = (f"steps/{s}" for s in STEP_IDS)

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
    C(
        "deep learning architectures",
        "skills/deep-learning-architectures",
        text=r"deep learning architectures",
        where=CM,
    ),
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
    C(
        "junior machine learning engineer role",
        "tiers/junior-ml-engineer",
        text=r"junior machine learning engineer",
        where=PE,
    ),
    C("freelancing", text=r"freelanc", where=PE),
    C("enhancing the portfolio", text=r"portfolio", where=PE),
    # Step 7: keep learning and specialise
    C("step 7: keep learning and specialise", CL),
    C("latest research papers", text=r"research papers", where=CL),
    C("contributing to open source", text=r"open[- ]source", where=CL),
    C("industry conferences", text=r"conference", where=CL),
    C(
        "natural language processing (NLP)",
        "specialisations/natural-language-processing",
        text=r"natural language",
        where=CL,
    ),
    C("computer vision", "specialisations/computer-vision", text=r"computer vision", where=CL),
    C(
        "reinforcement learning specialisation",
        "specialisations/reinforcement-learning",
        text=r"reinforcement",
        where=CL,
    ),
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


RULES = [step_problems, tier_problems, project_problems, specialisation_problems, seed_problems]


@pytest.mark.parametrize("rule", RULES, ids=[rule.__name__.removesuffix("_problems") for rule in RULES])
def test_real_data_meets_the_project_intent(roadmap, rule):
    problems = rule(roadmap)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_the_floor_is_the_committed_one():
    floor = yaml.safe_load((DATA / "floor.yaml").read_text(encoding="utf-8"))
    assert floor == FLOOR, "data/floor.yaml differs from the floor the project committed to (update both, deliberately)"


def test_seed_concepts_are_distinct():
    names = [c.name for c in SEED_CONCEPTS]
    assert len(names) == len(set(names)), "duplicate seed concept names"
    for concept in SEED_CONCEPTS:
        re.compile(concept.text or "")


def test_intent_rules_fire_on_other_data():
    other = load_roadmap(FIXTURE_DATA)
    assert "the path's steps in order" in step_problems(other)[0]
    assert "the career tiers are" in tier_problems(other)[0]
    assert len(project_problems(other)) == 3 and len(specialisation_problems(other)) == 2
    problems = seed_problems(other)
    assert "seed concept 'Hadoop': missing tools/hadoop" in problems, problems


def test_a_gap_in_the_step_numbers_breaks_the_intent(roadmap):
    last_is_nine = [step.model_copy(update={"order": 9}) if step.order == 8 else step for step in roadmap.steps]
    problems = step_problems(roadmap.model_copy(update={"steps": last_is_nine}))
    assert len(problems) == 1 and "('continuous-learning', 9)" in problems[0], problems
