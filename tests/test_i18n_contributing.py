"""CONTRIBUTING.md's "Translating" section tells the truth about the real data and the commands,
and the translation-error issue form offers every language of data/i18n/."""

from __future__ import annotations

import re
import shlex
import shutil

import yaml
from click.testing import CliRunner
from conftest import DATA, ROOT

from macros import cli
from macros.i18n.translations import collect_translation, languages, localise
from macros.model.load import load_roadmap

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "report-translation-error.yml"


def translating() -> str:
    match = re.search(r"^## Translating\n(.*?)(?=^## )", CONTRIBUTING, re.MULTILINE | re.DOTALL)
    assert match, "CONTRIBUTING.md has no section 'Translating'"
    return match.group(1)


def fenced(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", translating(), re.MULTILINE | re.DOTALL)


def test_the_yaml_example_is_a_current_translation_of_the_real_python_skill(tmp_path):
    [example] = fenced("yaml")
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("i18n"))
    (data / "i18n" / "pt-BR" / "skills").mkdir(parents=True)
    (data / "i18n" / "pt-BR" / "skills" / "python.yaml").write_text(example, encoding="utf-8")
    roadmap = load_roadmap(data)
    translation, errors = collect_translation(data, "pt-BR", roadmap)
    assert errors == []
    done = localise(roadmap, translation)
    assert done.outdated == []
    assert done.item_state("skills", "python").translated == 3  # name, summary and one objective
    assert done.roadmap.skill["python"].objectives[0].text.startswith("Escrever funções, classes e módulos")


def test_the_outdated_example_is_what_validate_prints(tmp_path):
    [example] = fenced("text")
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    english = data / "skills" / "python.yaml"
    text = english.read_text(encoding="utf-8")
    old = "      Write functions, classes and modules using the built-in data types,\n"
    assert text.count(old) == 1
    english.write_text(text.replace(old, old.replace("using", "with")), encoding="utf-8")
    result = CliRunner().invoke(cli.roadmap, ["--data", str(data), "validate"])
    assert result.exit_code == 0, result.stderr
    assert example.strip() in result.stderr.splitlines()


def test_the_commands_shown_exist():
    commands = [
        shlex.split(line.split("#")[0]) for block in fenced("sh") for line in block.splitlines() if line.strip()
    ]
    assert [words[:3] for words in commands] == [
        [".venv/bin/roadmap", "i18n", "stub"],
        [".venv/bin/roadmap", "validate"],
        [".venv/bin/roadmap", "i18n", "status"],
    ]
    for words in commands:
        cli.parse(words[1:])  # raises click.UsageError for an unknown command or option


def test_the_issue_form_offers_every_language():
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    [language] = [item for item in form["body"] if item.get("id") == "language"]
    assert [option.split(" ")[0] for option in language["attributes"]["options"]] == languages(DATA)
    assert "Translating" in CONTRIBUTING and "Report a translation error" in translating()
    assert form["name"] == "Report a translation error"
