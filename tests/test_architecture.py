"""The package layout's one-way data flow, enforced with import-linter (contracts in pyproject.toml)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_import_contracts_hold():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout, result.stdout


def test_every_model_read_from_a_file_is_located():
    from macros.model.entities import KINDS, SINGLE_FILES, Located

    models = [kind.model for kind in KINDS] + list(SINGLE_FILES.values())
    assert [model.__name__ for model in models if not issubclass(model, Located)] == []
    assert [kind.folder for kind in KINDS] == ["skills", "steps", "tools", "tiers", "projects", "specialisations"]


# The one list of the kinds of data (macros/model/entities.py KINDS).
LISTS_KINDS = {"macros/model/entities.py"}


def test_the_kinds_of_data_are_listed_once():
    """A second hand-written list of the kind folders drifts from macros.model.entities.KINDS."""
    folders = r'"skills",\s*"steps",\s*"tools"'
    repeated = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "macros").rglob("*.py"))
        if path.relative_to(ROOT).as_posix() not in LISTS_KINDS and re.search(folders, path.read_text(encoding="utf-8"))
    ]
    assert repeated == []
