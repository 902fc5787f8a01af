"""The role's own tier (data/role.yaml `tier: ml-engineer`) is what the study plan and the skill gap aim
for on a first visit, in every language: it is found by id, not by a name that a translation changes."""

from __future__ import annotations

import re

import pytest


def _selected(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.DOTALL)
    assert select, f"no <select id={select_id!r}>"
    return re.findall(r'<option value="([^"]+)" selected>', select.group())


@pytest.mark.parametrize("language", ["", "pt-BR/"])
@pytest.mark.parametrize(("page", "select_id"), [("progress", "rm-gap-tier"), ("plan", "rm-plan-tier")])
def test_the_first_visit_aims_at_the_machine_learning_engineer(built_site, language, page, select_id):
    html = (built_site / f"{language}{page}/index.html").read_text(encoding="utf-8")
    assert _selected(html, select_id) == ["ml-engineer"]
