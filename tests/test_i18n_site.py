"""The site in a second language, as pure functions: a fixture roadmap with a pt-BR translation
(one item partly translated with an outdated unit, one not translated), the interface catalogs
(placeholders match the English, complete, inert), and the reader data per language.

The built two-language site is checked in test_i18n_site_build.py, the browser in
test_browser_i18n.py.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_DATA
from markupsafe import Markup

from macros.i18n.translations import load_translation, localise
from macros.model.load import load_roadmap
from macros.site import strings as site_strings
from macros.site.browser_data import reader_data
from macros.site.pages import build_nav, build_pages
from macros.site.strings import Strings, load_strings

TEMPLATES = Path(__file__).resolve().parent.parent / "macros" / "site" / "templates"

# skills/python: name and summary translated from today's English, `why` translated from older
# English (outdated), the one objective not translated. skills/linear-algebra has no file.
PYTHON_PT = """\
# yaml-language-server: $schema=../../../../schemas/i18n/skill.schema.json
name:
  text: Python
  from: 18885f27
summary:
  text: {summary}
  from: e88a05fb
why:
  text: Quase toda biblioteca parte dela.
  from: 0badf00d
"""


def _localised(tmp_path: Path, summary: str = "A principal linguagem de machine learning."):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    target = data / "i18n" / "pt-BR" / "skills" / "python.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(PYTHON_PT.format(summary=summary), encoding="utf-8")
    english = load_roadmap(data)
    return english, localise(english, load_translation(data, "pt-BR", english))


@pytest.fixture
def pt_pages(tmp_path):
    english, localised = _localised(tmp_path)
    return {page.path: page.markdown for page in build_pages(localised.roadmap, "pt-BR", localised)}


def test_a_translated_page_renders_the_translation_and_the_interface_in_portuguese(pt_pages):
    python = pt_pages["skills/python.md"]
    assert "A principal linguagem de machine learning." in python
    assert "The main language of machine learning." not in python
    assert "## Por que importa {#why-it-matters}" in python  # same heading id as in English
    assert "## Objetivos de aprendizado {#learning-objectives}" in python
    assert "| Recurso | Tipo | Custo | Nível |" in python
    assert "| documentação | Gratuito | Iniciante |" in python


def test_a_missing_unit_falls_back_to_english_with_a_notice(pt_pages):
    python = pt_pages["skills/python.md"]
    assert "- [ ] Write functions, classes and modules." in python  # the untranslated objective, in English
    assert "Partes desta página ainda não foram traduzidas e aparecem em inglês." in python
    linear = pt_pages["skills/linear-algebra.md"]
    assert linear.startswith(
        '---\ntitle: "Linear algebra"\n---\n\n# Linear algebra\n\n<p class="rm-i18n-notice rm-i18n-missing">'
    )
    assert "Esta página ainda não foi traduzida: ela aparece em inglês." in linear


def test_an_outdated_unit_is_shown_with_a_note(pt_pages):
    python = pt_pages["skills/python.md"]
    assert "Quase toda biblioteca parte dela." in python
    assert "Esta tradução pode estar desatualizada: o texto em inglês mudou desde então." in python
    assert "rm-i18n-outdated" not in pt_pages["skills/linear-algebra.md"]


def test_english_pages_carry_no_notice(tmp_path):
    english, _ = _localised(tmp_path)
    pages = build_pages(english)
    assert not [page.path for page in pages if "rm-i18n-notice" in page.markdown]
    assert "## Why it matters {#why-it-matters}" in {p.path: p.markdown for p in pages}["skills/python.md"]


def test_every_language_has_the_same_pages(tmp_path):
    english, localised = _localised(tmp_path)
    assert [p.path for p in build_pages(english)] == [
        p.path for p in build_pages(localised.roadmap, "pt-BR", localised)
    ]


def test_the_navigation_and_titles_are_translated(tmp_path):
    english, localised = _localised(tmp_path)
    nav = build_nav(localised.roadmap, ["index.md"], "pt-BR")
    assert nav[:2] == [{"Início": "index.md"}, {"A função": "role.md"}]
    titles = {p.path: p.title for p in build_pages(localised.roadmap, "pt-BR", localised)}
    assert titles["progress.md"] == "Seu progresso"
    assert titles["skills/python.md"] == "Python"


def test_a_hostile_translation_is_as_inert_as_hostile_english(tmp_path):
    _, localised = _localised(tmp_path, summary="'<script>alert(1)</script> [x](javascript:alert(1)) **b**'")
    python = {p.path: p.markdown for p in build_pages(localised.roadmap, "pt-BR", localised)}["skills/python.md"]
    assert (
        "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt; &#91;x&#93;&#40;javascript:alert&#40;1&#41;&#41; &#42;&#42;b&#42;&#42;"
        in python
    )
    assert "<script>" not in python


# -- interface strings --------------------------------------------------------------------------
def test_a_catalog_string_is_inert_and_so_are_its_values():
    strings = Strings("pt-BR", {"Hi %(name)s": "<b>Olá</b> [%(name)s](x)"})
    assert strings.gettext("Hi %(name)s", name="*x*") == "&lt;b&gt;Olá&lt;/b&gt; &#91;&#42;x&#42;&#93;&#40;x&#41;"
    assert strings.gettext("Hi %(name)s", name=Markup("[Python](python.md)")) == (
        "&lt;b&gt;Olá&lt;/b&gt; &#91;[Python](python.md)&#93;&#40;x&#41;"
    )


def test_an_untranslated_string_is_english():
    strings = Strings("pt-BR", {"Skills": "Habilidades"})
    assert strings.gettext("Tools") == "Tools"
    assert load_strings("xx-YY").text("Learning path") == "Learning path"  # no catalog at all
    assert load_strings("pt-BR").text("Learning path") == "Trilha de aprendizado"


def test_portuguese_plurals_follow_the_catalog_rule():
    strings = Strings("pt-BR", plurals={"%(num)s step": ("%(num)s etapa", "%(num)s etapas")})
    from babel import Locale

    strings = Strings("pt-BR", plurals=strings.plurals, plural_rule=Locale.parse("pt_BR").plural_form)
    assert [strings.ngettext("%(num)s step", "%(num)s steps", n) for n in (0, 1, 2)] == [
        "0 etapa",  # Brazilian Portuguese: 0 and 1 are singular
        "1 etapa",
        "2 etapas",
    ]


def _placeholder_problems(path: Path) -> list[str]:
    """Babel's checkers (python-format placeholders) plus: the same set of %(name)s as the English."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    problems = [f"{m.id!r}: {error}" for m, errors in catalog.check() for error in errors]
    for message in catalog:
        if message.id and message.string and not isinstance(message.id, tuple):
            want = set(site_strings.PLACEHOLDER.findall(message.id))
            got = set(site_strings.PLACEHOLDER.findall(message.string))
            if want != got:
                problems.append(f"{message.id!r}: placeholders {sorted(got)} instead of {sorted(want)}")
    return problems


CATALOGS = sorted(site_strings.LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_catalog_entry_has_the_placeholders_of_the_english(catalog):
    assert _placeholder_problems(catalog) == []


def test_the_placeholder_check_catches_a_wrong_placeholder(tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        '#, python-format\nmsgid "Step %(order)s of %(total)s"\nmsgstr "Etapa %(ordem)s de %(total)s"\n\n'
        'msgid "Progress on %(name)s"\nmsgstr "Progresso"\n',
        encoding="utf-8",
    )
    problems = _placeholder_problems(bad)
    assert len(problems) >= 2
    assert any("Progress on %(name)s" in p for p in problems)
    assert any("Step %(order)s" in p for p in problems)


def test_the_site_catalogs_are_there_and_complete():
    assert {"site.po", "scripts.po"} <= {p.name for p in CATALOGS if p.parent.parent.name == "pt_BR"}
    for domain in site_strings.DOMAINS:
        extracted = {m.id[0] if isinstance(m.id, tuple) else m.id for m in site_strings.extract(domain) if m.id}
        catalog = load_strings("pt-BR", domain)
        translated = set(catalog.messages) | set(catalog.plurals)
        assert extracted - translated == set(), f"{domain}: not in the pt-BR catalog (python -m macros.site.strings)"


def test_templates_use_no_trans_blocks():
    # {% trans %} would format its variables with Jinja's HTML-only escape, not the data escape.
    offenders = [p.name for p in TEMPLATES.glob("*.j2") if re.search(r"{%-?\s*(trans|pluralize)\b", p.read_text())]
    assert offenders == []


def test_reader_data_carries_the_language_the_shared_scope_and_the_script_strings(tmp_path):
    english, localised = _localised(tmp_path)
    assert {"lang", "home", "strings"} & set(reader_data(english)) == set()  # English: as before
    data = reader_data(localised.roadmap, lang="pt-BR")
    assert (data["lang"], data["home"]) == ("pt-BR", "../")
    assert data["strings"]["Clear filters"] == "Limpar filtros"
    assert (
        data["strings"]["%(done)s of %(total)s done (%(percent)s%)"]
        == "%(done)s de %(total)s concluídos (%(percent)s%)"
    )
    assert data["skills"]["python"]["keys"] == reader_data(english)["skills"]["python"]["keys"]  # same permanent keys
    assert data["plurals"]["%(num)s week"] == ["%(num)s semana", "%(num)s semanas"]
    assert data["singular_counts"] == [0, 1]  # Brazilian Portuguese: "0 semana", "1 semana", "2 semanas"


def test_a_language_without_a_folder_is_shown_in_english_with_notices(tmp_path):
    from types import SimpleNamespace

    from macros.site.languages import localised_for

    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)  # no data/i18n at all
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    config = SimpleNamespace(
        theme={"language": "pt-BR"}, config_file_path=str(tmp_path / "mkdocs.yml"), extra={"roadmap_data": "data"}
    )
    english = load_roadmap(data)
    localised = localised_for(config, english)
    pages = {p.path: p.markdown for p in build_pages(localised.roadmap, "pt-BR", localised)}
    assert (
        '# Python\n\n<p class="rm-i18n-notice rm-i18n-missing">Esta página ainda não foi traduzida'
        in pages["skills/python.md"]
    )
    assert localised_for(SimpleNamespace(theme={"language": "en"}), english) is None


def test_a_broken_translation_stops_the_build_with_its_errors_located(tmp_path, caplog):
    from types import SimpleNamespace

    from mkdocs.exceptions import Abort

    from macros.site.languages import localised_for

    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    target = data / "i18n" / "pt-BR" / "skills" / "python.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(PYTHON_PT.format(summary="x").replace("name:\n", "nmae:\n", 1), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    config = SimpleNamespace(
        theme={"language": "pt-BR"}, config_file_path=str(tmp_path / "mkdocs.yml"), extra={"roadmap_data": "data"}
    )
    with pytest.raises(Abort) as stopped:
        localised_for(config, load_roadmap(data))
    assert str(stopped.value) == "The pt-BR translation has 1 error(s); nothing was built. Fix them and build again."
    logged = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert len(logged) == 1 and logged[0].startswith("data/i18n/pt-BR/skills/python.yaml:2: nmae: "), logged


def test_a_resource_says_which_languages_it_exists_in_named_in_the_page_language(tmp_path):
    english, _ = _localised(tmp_path)
    assert "Available in" not in {p.path: p.markdown for p in build_pages(english)}["skills/python.md"]
    data = tmp_path / "data"
    skill = data / "skills" / "python.yaml"
    text = skill.read_text(encoding="utf-8")
    skill.write_text(
        text.replace(
            "    url: https://example.org/python/tutorial\n",
            "    url: https://example.org/python/tutorial\n    languages: [en, pt-BR]\n",
        ),
        encoding="utf-8",
    )
    roadmap = load_roadmap(data)
    english_page = {p.path: p.markdown for p in build_pages(roadmap)}["skills/python.md"]
    # Parentheses come out as character references (inert in Markdown link syntax).
    assert "Available in: English, Portuguese (Brazil)" in html.unescape(english_page)
    portuguese = localise(roadmap, load_translation(data, "pt-BR", roadmap))
    pages = {p.path: p.markdown for p in build_pages(portuguese.roadmap, "pt-BR", portuguese)}
    assert "Disponível em: inglês, português (Brasil)" in html.unescape(pages["skills/python.md"])
