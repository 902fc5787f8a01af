"""The static checks CI runs: ruff (lint and format), mypy on macros/, and ESLint on the reader's scripts.

Each check also gets a deliberately bad file, so a check that silently checks nothing fails here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ROOT

ESLINT_DIR = ROOT / "tests" / "tools" / "eslint"  # package.json + package-lock.json, `npm ci`
ESLINT = ESLINT_DIR / "node_modules" / ".bin" / "eslint"
ESLINT_CONFIG = ESLINT_DIR / "eslint.config.mjs"
SCRIPTS = ROOT / "docs" / "assets" / "javascripts"


def run(*command: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True)


def test_ruff_lint_is_clean():
    result = run(BIN / "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run(BIN / "ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_reports_a_real_problem(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n")
    result = run(BIN / "ruff", "check", "--config", ROOT / "pyproject.toml", bad)
    assert result.returncode == 1 and "F401" in result.stdout


def test_mypy_is_clean_on_macros():
    result = run(BIN / "mypy", "macros")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


def test_mypy_reports_a_real_problem(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def twice(n: int) -> int:\n    return n * 2\n\n\ntwice("3")\n')
    result = run(BIN / "mypy", "--config-file", ROOT / "pyproject.toml", bad)
    assert result.returncode == 1 and "arg-type" in result.stdout


def _eslint_or_fail() -> None:
    if shutil.which("node") is None or not ESLINT.exists():
        message = (
            "ESLint needs node and `make tests/tools/eslint/node_modules/.package-lock.json` (part of `make test`)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_eslint_is_clean_on_the_reader_scripts():
    _eslint_or_fail()
    result = run(ESLINT, "--config", ESLINT_CONFIG, "--max-warnings", "0", SCRIPTS.relative_to(ROOT))
    assert result.returncode == 0, result.stdout + result.stderr


def test_eslint_refuses_html_parsing_of_data():
    """The project rule: data reaches the page through textContent, never innerHTML."""
    _eslint_or_fail()
    # The probe goes through stdin under a name inside docs/: a real file there would race with the
    # site builds other workers run at the same time.
    probe = '"use strict";\ndocument.body.innerHTML = window.location.hash;\n'
    result = subprocess.run(
        [
            str(ESLINT),
            "--config",
            str(ESLINT_CONFIG),
            "--stdin",
            "--stdin-filename",
            "docs/assets/javascripts/probe.js",
        ],
        cwd=ROOT,
        input=probe,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "no-restricted-properties" in result.stdout, result.stdout + result.stderr


def test_eslint_comes_from_its_lock_file():
    import json

    manifest = json.loads((ESLINT_DIR / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ESLINT_DIR / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in manifest["devDependencies"].items():
        entry = lock["packages"][f"node_modules/{name}"]
        assert entry["version"] == version and entry["integrity"].startswith("sha512-")
