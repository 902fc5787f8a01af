"""What the reader's browser needs to know about the roadmap, published as a small script.

Progress is kept in the browser under each checklist item's permanent key. To add
it up per skill, step, area and project, to run the skill-gap view and to carry
ticks across renames, the page script needs the checklist keys, the relations and
the rename map; the study plan page (plan.js) also needs each skill's effort, the learning
order, the skills of each project and the order of the renames. `reader_data(roadmap)` collects them (a pure function of the data);
`reader_script(...)` wraps them as `assets/javascripts/roadmap-data.js`, loaded
before `progress.js` through `extra_javascript`, so it also works offline and from
`file://` (no fetch).
"""

from __future__ import annotations

from jinja2.utils import htmlsafe_json_dumps

from macros.model import learning
from macros.model.entities import Proficiency, Project, Step
from macros.model.roadmap import Roadmap
from macros.site.strings import script_plurals, script_strings
from macros.site.urls import page_url

DATA_SCRIPT = "assets/javascripts/roadmap-data.js"
FORMAT_VERSION = 1


def _url(path: str, use_directory_urls: bool) -> str:
    """A page's URL relative to the site root."""
    return page_url(path, use_directory_urls)


def resolve_renames(renames: dict[str, str]) -> dict[str, str]:
    """Old key -> final key, following chains (a -> b -> c gives a -> c); cycles are left out."""
    resolved: dict[str, str] = {}
    for old in renames:
        seen = {old}
        new = renames[old]
        while new in renames and new not in seen:
            seen.add(new)
            new = renames[new]
        if new not in seen:
            resolved[old] = new
    return resolved


def reader_data(roadmap: Roadmap, use_directory_urls: bool = True, lang: str = "en") -> dict:
    """Everything progress.js needs, as plain JSON-able data.

    For a translation, `roadmap` is the localised one (names in the language) and `lang` adds
    the scripts' interface strings (English msgid -> translation; the scripts fall back to
    English) and `home`: the English site's root relative to this one, where every language
    keeps its ticks and plans (one storage scope, so a tick made on /pt-BR/ shows on / too).
    """

    def url(path: str) -> str:
        return _url(path, use_directory_urls)

    def checklist_owner(kind: str, item: Step | Project, **extra: object) -> dict[str, object]:
        """A step or project with its page, its skills and its checklist keys."""
        return {
            "id": item.id,
            **extra,
            "title": item.title,
            "url": url(f"{kind}/{item.id}.md"),
            "skills": list(item.skills),
            "keys": [entry.key for entry in roadmap.checklist(kind, item)],
        }

    language = (
        {} if lang == "en" else {"lang": lang, "home": "../", "strings": script_strings(lang), **script_plurals(lang)}
    )
    return {
        "version": FORMAT_VERSION,
        **language,
        "renames": resolve_renames(dict(roadmap.renames.checklist)),
        # Old keys in the order data/renames.yaml lists them (newest last): the plan page's share
        # links rebuild the key list of an older data version from them.
        "renamed": list(roadmap.renames.checklist),
        # Every skill in the order the path teaches it (step by step, prerequisites first): the plan follows it.
        "learning_order": [s.id for s in learning.path_order(roadmap.steps, roadmap.skill)],
        "levels": [p.value for p in Proficiency],
        "areas": [
            {"id": a.id, "name": a.name, "skills": [s.id for s in roadmap.skills_in(a)]} for a in roadmap.taxonomy.areas
        ],
        "skills": {
            s.id: {
                "name": s.name,
                "area": s.area,
                "optional": s.optional,
                "url": url(f"skills/{s.id}.md"),
                "prerequisites": list(s.prerequisites),
                "effort": [s.effort_hours.min, s.effort_hours.max] if s.effort_hours else None,
                # The home page's start card names step 1's first skill and this resource.
                "start": next(({"title": r.title, "url": r.url} for r in s.resources if r.start), None),
                "keys": [entry.key for entry in roadmap.checklist("skills", s)],
            }
            for s in roadmap.skills
        },
        "steps": [checklist_owner("steps", s, order=s.order) for s in roadmap.steps],
        "projects": [checklist_owner("projects", p) for p in roadmap.projects],
        "tiers": [
            {
                "id": t.id,
                "name": t.name,
                "order": t.order,
                "url": url(f"tiers/{t.id}.md"),
                "skills": [{"skill": e.skill, "level": e.level.value, "rank": e.level.rank} for e in t.skills],
            }
            for t in roadmap.tiers
        ],
    }


def reader_script(roadmap: Roadmap, use_directory_urls: bool = True, lang: str = "en") -> str:
    """The data as a script that sets `window.RoadmapData` (safe to inline: `<` is escaped)."""
    # htmlsafe_json_dumps escapes < > & ' as \u00XX: the text never closes a <script>
    # element or opens a comment, wherever the script is inlined.
    payload = htmlsafe_json_dumps(
        reader_data(roadmap, use_directory_urls, lang), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )
    return f"/* Generated from data/ by macros/site/browser_data.py; do not edit. */\nwindow.RoadmapData = {payload};\n"
