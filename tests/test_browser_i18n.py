"""The two languages in Chromium: the selector keeps the reader on the same page, and ticks and
interface strings follow the language (conftest's `page` fixture: no external request, no console
error)."""

from __future__ import annotations


def _open_selector_and_pick(page, lang: str) -> None:
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'a.md-select__link[hreflang="{lang}"]').click()


def test_the_selector_switches_to_the_same_page_in_the_other_language(page):
    page.goto(page.base + "skills/python/")
    _open_selector_and_pick(page, "pt-BR")
    page.wait_for_url(page.base + "pt-BR/skills/python/")
    assert page.locator("html").get_attribute("lang") == "pt-BR"
    assert page.locator("h2#learning-objectives").inner_text().startswith("Objetivos de aprendizado")
    _open_selector_and_pick(page, "en")
    page.wait_for_url(page.base + "skills/python/")
    assert page.locator("h2#learning-objectives").inner_text().startswith("Learning objectives")


def _tick(page, n: int) -> None:
    page.locator("li:has(.rm-check) label.task-list-control").nth(n).click()


def _ticked(page, n: int) -> bool:
    return page.locator("li:has(.rm-check) input[type=checkbox]").nth(n).is_checked()


def test_ticks_made_in_one_language_show_in_the_other(page):
    page.goto(page.base + "pt-BR/skills/python/")
    _tick(page, 0)
    assert _ticked(page, 0)
    assert page.locator(".rm-progress-count").first.inner_text().startswith("1 de ")
    page.goto(page.base + "skills/python/")
    assert _ticked(page, 0)
    assert page.locator(".rm-progress-count").first.inner_text().startswith("1 of ")
    _tick(page, 1)
    page.goto(page.base + "pt-BR/skills/python/")
    assert _ticked(page, 1)
    assert page.locator(".rm-progress-count").first.inner_text().startswith("2 de ")


def test_the_scripts_speak_the_pages_language(page):
    page.goto(page.base + "pt-BR/resources/")
    assert page.locator(".rm-filter-clear").first.inner_text() == "Limpar filtros"
    page.locator(".rm-filters input[type=checkbox]").first.check()  # "Só gratuitos": cost cells say Gratuito
    status = page.locator(".rm-filter-status").first.inner_text()
    assert status.startswith("Mostrando ") and not status.startswith("Mostrando 0 ")
    assert page.locator(".rm-header-continue-text").inner_text() == "Comece aqui"


def test_the_study_plan_reads_in_portuguese(page):
    page.goto(page.base + "pt-BR/plan/")
    summary = page.locator(".rm-plan-summary")
    summary.wait_for()
    text = summary.inner_text()
    assert " habilidades, cerca de " in text and " horas por semana, isso dá " in text, text
    assert page.locator(".rm-plan-weeks caption").inner_text() == "Seu plano, semana a semana"
    assert page.locator(".rm-plan-weeks th").first.inner_text() == "Semanas"
    # The expected level of each skill, named as the skill pages name it (not the English data value);
    # "—" for a prerequisite the tier does not list itself.
    levels = page.locator(".rm-plan-weeks tr.rm-plan-skill td:nth-child(4)").all_inner_texts()
    assert levels and set(levels) <= {"Noções", "Prático", "Proficiente", "Especialista", "—"}, sorted(set(levels))


def test_the_language_list_stays_on_a_phone_screen(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        for path in ("", "pt-BR/", "pt-BR/skills/python/"):
            page.goto(site_url + path)
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, f"/{path} scrolls sideways"
        page.locator(".md-header__option .md-select").hover()
        right = page.evaluate(
            "() => Math.max(...Array.from(document.querySelectorAll('.md-select__link'), a => a.getBoundingClientRect().right))"
        )
        assert right <= 375
    finally:
        context.close()
