"""The `roadmap` command as a whole: one click group, usage errors, validate's figures, lazy imports.

Everything runs in this process (click's CliRunner, or `main([...])`) except the two
console-script smoke tests and the import check, which needs a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib

import click
import pytest
from click.testing import CliRunner
from conftest import BIN, FIXTURE_DATA, ROOT

from macros.cli import main, parse, roadmap


def run(*args: str):
    return CliRunner().invoke(roadmap, list(args))


# -- the console script, through a process -------------------------------------------------------
def test_console_script_help():
    result = subprocess.run([str(BIN / "roadmap"), "--help"], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Usage: roadmap [OPTIONS] COMMAND [ARGS]...\n")
    commands = result.stdout.split("Commands:\n")[1]
    assert [line.split()[0] for line in commands.splitlines() if line.startswith("  ") and line[2] != " "] == [
        "add",
        "i18n",
        "links",
        "pdf",
        "schemas",
        "stale",
        "validate",
    ]


def test_console_script_validates_the_real_data():
    result = subprocess.run([str(BIN / "roadmap"), "validate"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("data/ is valid: ") and lines[0].endswith("% free)")
    assert lines[1] == "every item meets the content floor (data/floor.yaml):"


# -- usage errors are click's: a usage line where it knows the command, one error line, exit 2 ---
GROUP = "roadmap [OPTIONS] COMMAND [ARGS]..."


@pytest.mark.parametrize(
    ("args", "usage", "error"),
    [
        (["nope"], GROUP, "No such command 'nope'."),
        (["--nope", "validate"], GROUP, "No such option '--nope'."),
        (["validate", "--strict"], "roadmap validate [OPTIONS]", "No such option '--strict'."),
        (["validate", "extra"], "roadmap validate [OPTIONS]", "Got unexpected extra argument (extra)"),
        (["add", "tool"], "roadmap add [OPTIONS] COMMAND [ARGS]...", "No such command 'tool'."),
        (
            ["links", "--retries", "many"],
            "roadmap links [OPTIONS]",
            "Invalid value for '--retries': 'many' is not a valid integer range.",
        ),
        (
            ["pdf", "--output", "."],
            "roadmap pdf [OPTIONS]",
            "Invalid value for '-o' / '--output': File '.' is a directory.",
        ),
        (["--data"], None, "Option '--data' requires an argument."),
        (["links", "--json"], None, "Option '--json' requires an argument."),
    ],
)
def test_usage_errors_exit_2_with_clicks_message(args, usage, error):
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    if usage:
        assert result.stderr.startswith(f"Usage: {usage}\n")
    assert result.stderr.endswith(f"Error: {error}\n") and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [[], ["add"]])
def test_a_group_without_its_command_shows_its_help_and_exits_2(args):
    result = run(*args)
    assert result.exit_code == 2
    assert result.output.startswith(f"Usage: {' '.join(['roadmap', *args])} [OPTIONS] COMMAND [ARGS]...")
    assert (
        "validate  check every data file" in result.output if not args else "resource  add a learning" in result.output
    )


def test_main_returns_the_exit_code_and_prints_like_click(capsys):
    assert main(["nope"]) == 2
    assert capsys.readouterr().err.endswith("Error: No such command 'nope'.\n")
    assert main(["-h"]) == 0
    assert capsys.readouterr().out.startswith("Usage: roadmap [OPTIONS] COMMAND [ARGS]...")


def test_python_dash_m_macros_runs_the_same_main():
    """A process: main() without arguments ends the process itself (cli._end_process), so the exit
    code and what was written to both pipes must get out before it does."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"roadmap": "macros.cli:main"}
    ok = subprocess.run(
        [sys.executable, "-m", "macros", "--data", str(FIXTURE_DATA), "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout.startswith(f"{FIXTURE_DATA}/ is valid: 2 skills")
    missing = "tests/no-such-data"
    broken = subprocess.run(
        [sys.executable, "-m", "macros", "--data", missing, "validate"], cwd=ROOT, capture_output=True, text=True
    )
    assert (broken.returncode, broken.stdout) == (1, "")
    assert broken.stderr == f"no-such-data:1: data folder not found\n1 error(s) in {missing}/\n"


def test_parse_checks_a_command_line_without_running_it(tmp_path):
    ctx = parse(["--data", str(tmp_path / "absent"), "links", "--retries", "0", "--json", "out.json"])
    assert ctx.command.name == "links" and ctx.params["retries"] == 0 and str(ctx.params["json"]) == "out.json"
    assert ctx.parent is not None and str(ctx.parent.params["data"]) == str(tmp_path / "absent")
    resource = [
        "add",
        "resource",
        "--skill",
        "x",
        "--url",
        "u",
        "--title",
        "t",
        "--type",
        "book",
        "--level",
        "advanced",
    ]
    assert parse([*resource, "--paid"]).params["free"] is False  # --paid is --free's off switch
    with pytest.raises(click.MissingParameter) as missing:
        parse(["add", "resource", "--skill", "x"])
    assert missing.value.param is not None and missing.value.param.name == "url"


# -- roadmap validate: the figures and the floor ------------------------------------------------------
def test_validate_prints_the_figures_and_the_default_floor(monkeypatch):
    monkeypatch.chdir(FIXTURE_DATA.parent)
    result = run("validate")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "data/ is valid: 2 skills, 1 steps, 1 tools, 1 tiers, 1 projects, 1 specialisations, 3 resources (67% free)",
        "every item meets the content floor (the defaults: no data/floor.yaml):",
        "  skill_objectives 1-1000; step_outcomes 1-1000; project_milestones 1-1000; min_skill_resources 0;",
        "  min_core_skill_resources 0; core_areas none; core_skills none; min_tier_skills 1;",
        "  min_tier_responsibilities 1; min_specialisation_resources 0; first_step_needing_projects 1000;",
        "  stale_after_months 12",
    ]


def test_validate_prints_the_floor_of_floor_yaml(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    (data / "floor.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/floor.schema.json\n"
        "skill_objectives: [1, 3]\ncore_skills: [python]\nmin_core_skill_resources: 1\n"
        "free_resource: true\nstale_after_months: 24\n"
    )
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "every item meets the content floor (data/floor.yaml):",
        "  skill_objectives 1-3; step_outcomes 1-1000; project_milestones 1-1000; min_skill_resources 0;",
        "  min_core_skill_resources 1; core_areas none; core_skills python; min_tier_skills 1;",
        "  min_tier_responsibilities 1; min_specialisation_resources 0; first_step_needing_projects 1000;",
        "  free_resource; stale_after_months 24",
    ]


def test_validate_of_broken_data_prints_only_the_errors_and_exits_1(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    (data / "floor.yaml").write_text("skill_objectives: [2, 3]\n")
    result = run("--data", str(data), "validate")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.endswith(f"error(s) in {data}/\n")
    assert "skill_objectives needs 2-3" not in result.stdout


# -- what `roadmap validate` and `roadmap --help` import ------------------------------------------------
HEAVY = ["aiohttp", "weasyprint", "bs4", "mkdocs", "jinja2", "markdown", "ruamel", "jsonschema"]
STAGES = ["macros.links", "macros.links.checker", "macros.site", "macros.handbook", "macros.handbook.book"]

IMPORTS = """
import json, sys
from macros.cli import main
loaded = {}
for name, argv in (("help", ["--help"]), ("validate", ["validate"])):
    main(argv)
    loaded[name] = sorted(sys.modules)
print("MODULES" + json.dumps(loaded))
"""


def test_validate_imports_the_model_only_and_help_nothing():
    result = subprocess.run([sys.executable, "-c", IMPORTS], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout.split("MODULES")[1])
    top = {phase: {name.split(".")[0] for name in names} for phase, names in loaded.items()}
    # macros.gc_pace is the CLI's own (the collector's pace for every command, standard library only)
    cli_itself = {"macros.cli", "macros.gc_pace"}
    assert not [name for name in loaded["help"] if name.startswith("macros.") and name not in cli_itself]
    assert "pydantic" not in top["help"] and "yaml" not in top["help"]
    assert [name for name in HEAVY if name in top["validate"]] == []
    assert [name for name in STAGES if name in loaded["validate"]] == []
    assert "macros.model.load" in loaded["validate"]  # it did validate


PLUGINS = """
import os, sys
from macros.cli import main
import pydantic.plugin._loader as loader
code = main(["--data", sys.argv[1], "validate"])
print("RESULT", code, loader._plugins is None, os.environ.get("PYDANTIC_DISABLE_PLUGINS"))
"""


@pytest.mark.parametrize(("user_value", "scanned"), [(None, False), ("logfire", True)])
def test_validate_skips_pydantic_plugin_lookup_and_puts_the_environment_back(user_value, scanned):
    env = {name: value for name, value in os.environ.items() if name != "PYDANTIC_DISABLE_PLUGINS"}
    if user_value is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = user_value  # the user's own setting: kept, and so plugins are looked up
    result = subprocess.run(
        [sys.executable, "-c", PLUGINS, str(FIXTURE_DATA)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    code, never_scanned, after = result.stdout.split("RESULT ")[1].split()
    assert (code, never_scanned == "True", after) == ("0", not scanned, str(user_value))


# -- the collector's pace ----------------------------------------------------------------------------


def test_collect_less_often_sets_mypys_thresholds_and_puts_back_the_old_ones():
    import gc

    from macros.gc_pace import collect_less_often

    before = gc.get_threshold()
    gc.set_threshold(701, 11, 12)
    try:
        with collect_less_often():
            assert gc.get_threshold() == (200_000, 30, 30)
        assert gc.get_threshold() == (701, 11, 12)
        with pytest.raises(RuntimeError), collect_less_often():
            raise RuntimeError("a failing command")
        assert gc.get_threshold() == (701, 11, 12), "an error must not leave the slower pace behind"
    finally:
        gc.set_threshold(*before)


def test_a_command_runs_at_the_slower_pace_and_leaves_the_callers(monkeypatch, tmp_path):
    import gc

    from macros import cli

    seen = []
    monkeypatch.setattr(cli, "_validate", lambda data: seen.append(gc.get_threshold()) or 0)
    before = gc.get_threshold()
    assert cli.main(["--data", str(tmp_path), "validate"]) == 0
    assert seen == [(200_000, 30, 30)]
    assert gc.get_threshold() == before
