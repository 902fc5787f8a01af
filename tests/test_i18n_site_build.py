"""The built two-language site (conftest's `built_site`: one `mkdocs build --strict` of mkdocs.yml,
which builds /pt-BR/ too): language, selector, alternates, search index and sitemap per language."""

from __future__ import annotations

import json
import re


def _html(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_portuguese_is_built_under_pt_br_with_materials_language(built_site):
    page = _html(built_site, "pt-BR/skills/python/index.html")
    assert '<html lang="pt-BR"' in page
    assert '<html lang="en"' in _html(built_site, "skills/python/index.html")
    assert "Objetivos de aprendizado" in page
    assert 'aria-label="Selecione o idioma"' in page  # Material's own strings in Portuguese
    assert not (built_site / "index.pt-BR").exists() and not (built_site / "pt-BR" / "index.pt-BR").exists()
    assert "Roadmap de engenharia de machine learning" in _html(built_site, "pt-BR/index.html")


def test_the_selector_links_to_the_same_page_in_each_language(built_site):
    english = _html(built_site, "skills/python/index.html")
    portuguese = _html(built_site, "pt-BR/skills/python/index.html")
    assert re.search(
        r'<a href="\.\./\.\./pt-BR/skills/python/" hreflang="pt-BR" lang="pt-BR" class="md-select__link">', english
    )
    assert re.search(
        r'<a href="\.\./\.\./\.\./skills/python/" hreflang="en" lang="en" class="md-select__link">', portuguese
    )
    home = _html(built_site, "pt-BR/index.html")
    assert re.search(r'<a href="\.\./(\./)?" hreflang="en" lang="en" class="md-select__link">', home)


def test_every_page_links_itself_in_both_languages_and_no_head_alternate_makes_material_fetch(built_site):
    pages = sorted(built_site.glob("**/index.html"))
    assert len(pages) > 200
    for path in pages:
        text = path.read_text(encoding="utf-8")
        langs = re.findall(r'<a href="[^"]*" hreflang="([^"]+)" lang="[^"]+" class="md-select__link"', text)
        assert langs == ["en", "pt-BR"], path
        # Material fetches sitemap.xml next to every <link rel=alternate> (a 404 for a page URL) and
        # takes over clicks into that language: the per-page alternates are in the sitemaps instead.
        assert not re.search(r'<link rel="alternate" href="[^"]*" hreflang=', text), path


def test_each_language_has_its_own_search_index(built_site):
    english = json.loads(_html(built_site, "search/search_index.json"))
    portuguese = json.loads(_html(built_site, "pt-BR/search/search_index.json"))
    assert english["config"]["lang"] == ["en"]
    assert portuguese["config"]["lang"] == ["pt"]
    assert any(doc["title"] == "Seu progresso" for doc in portuguese["docs"])
    assert not any(doc["location"].startswith("pt-BR/") for doc in english["docs"])


SITE = "https://ml-engineer-roadmap.github.io/ml-engineer-roadmap/"


def test_each_sitemap_lists_its_pages_with_hreflang_alternates_of_every_language(built_site):
    for sitemap, own_root in (("sitemap.xml", SITE), ("pt-BR/sitemap.xml", SITE + "pt-BR/")):
        text = _html(built_site, sitemap)
        entry = re.search(r"<url>\s*<loc>" + re.escape(own_root) + r"skills/python/</loc>.*?</url>", text, re.S)
        assert entry, sitemap
        assert f'<xhtml:link rel="alternate" hreflang="en" href="{SITE}skills/python/"/>' in entry.group(0)
        assert f'<xhtml:link rel="alternate" hreflang="pt-BR" href="{SITE}pt-BR/skills/python/"/>' in entry.group(0)
    assert "<loc>" + SITE + "pt-BR/" not in _html(built_site, "sitemap.xml")
    assert text.count("<url>") == text.count('hreflang="pt-BR"') > 100


def test_portuguese_pages_share_the_english_storage_scope(built_site):
    data = _html(built_site, "pt-BR/assets/javascripts/roadmap-data.js")
    assert '"home":"../"' in data and '"lang":"pt-BR"' in data
    assert '"home"' not in _html(built_site, "assets/javascripts/roadmap-data.js")
