"""The installed package holds all of macros/: every sub-package is listed in pyproject.toml and
every file it reads at run time (templates, gettext catalogs) is package data. A wheel built
without them would import and then fail at the first page or the first translation."""

from __future__ import annotations

import fnmatch
import tomllib

from conftest import ROOT


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_under_macros_is_listed():
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "macros").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert sorted(found) == sorted(_setuptools()["packages"])


def test_every_non_python_file_of_a_package_is_package_data():
    settings = _setuptools()
    data = settings.get("package-data", {})
    missing = []
    for package in settings["packages"]:
        folder = ROOT.joinpath(*package.split("."))
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            owner = next(
                p
                for p in sorted(settings["packages"], key=len, reverse=True)
                if path.is_relative_to(ROOT.joinpath(*p.split(".")))
            )
            relative = path.relative_to(ROOT.joinpath(*owner.split("."))).as_posix()
            if not any(fnmatch.fnmatch(relative, pattern) for pattern in data.get(owner, [])):
                missing.append(f"{owner}: {relative}")
    assert not missing, "not package data: " + ", ".join(sorted(set(missing)))
