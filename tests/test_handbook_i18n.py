"""The handbook per language: `roadmap pdf --lang pt-BR` on the small fixture roadmap with its
Brazilian Portuguese translation (tests/fixtures/i18n/pt-BR: the role title, skills/python and
the junior tier partly translated, skills/linear-algebra not at all), and the handbook catalog.

The real-size handbook is built once, in English, by test_handbook.py; the translated one is
built here from the fixture only (a few pages, a few seconds).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, FIXTURE_DATA, ROOT
from handbook_fixtures import outline_of, pdf_pages_text
from pypdf import PdfReader

from macros.handbook import book, catalog
from macros.site.strings import PLACEHOLDER, catalog_path, load_strings

TRANSLATION = ROOT / "tests" / "fixtures" / "i18n"
_LINKED = ("mkdocs.pt-BR.yml", "pyproject.toml", "docs", "overrides", "macros")


def _project(folder: Path) -> Path:
    """A project whose data/ is the fixture roadmap with its pt-BR translation."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for name in _LINKED:
        (folder / name).symlink_to(ROOT / name)
    shutil.copytree(FIXTURE_DATA, folder / "data")
    shutil.copytree(TRANSLATION, folder / "data" / "i18n")
    return folder


def _roadmap_pdf(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "roadmap"), "pdf", *args], cwd=project, capture_output=True, text=True)


@pytest.fixture(scope="module")
def pt_book(tmp_path_factory):
    """`roadmap pdf --lang pt-BR` as a user runs it, in a project folder; (pdf, pages, layout pages)."""
    project = _project(tmp_path_factory.mktemp("pt-book"))
    result = _roadmap_pdf(project, "--lang", "pt-BR")
    assert result.returncode == 0, result.stderr
    pdf = project / "ml-engineer-roadmap.pt-BR.pdf"
    assert result.stdout.startswith("wrote ml-engineer-roadmap.pt-BR.pdf: ")
    assert not (project / "ml-engineer-roadmap.pdf").exists()  # English keeps its own name
    return pdf, pdf_pages_text(pdf), pdf_pages_text(pdf, "-layout")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_portuguese_headings_words_and_language(pt_book):
    pdf, pages, _layout = pt_book
    text = _flat("\n".join(pages))
    for heading in ("Sumário", "Controle de progresso", "Como usar este manual", "Índice de recursos"):
        assert heading in text, heading
    assert "Trilha de aprendizado" in text  # a chapter title from the site's catalog
    assert PdfReader(pdf).metadata.title == "ML Engineer Roadmap: o manual"
    assert "Edição de " in pages[0] and " de 20" in pages[0]  # "Edição de 2 de dezembro de 2026"
    assert "ML Engineer Roadmap · o manual" in pages[1]  # the running foot
    for english in ("How to use this handbook", "Index of resources", "Progress tracker", "Contents"):
        assert english not in text, english
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "pt-BR"


def test_translated_item_text_and_english_fallback(pt_book):
    _pdf, pages, _layout = pt_book
    text = _flat("\n".join(pages))
    assert "A principal linguagem de machine learning." in text  # skills/python, translated
    assert "The main language of machine learning." not in text
    assert "Engenheiro de machine learning" in text  # the role's title
    assert "Linear algebra" in text and "Vectors, matrices and the operations on them." in text  # untranslated


def test_page_references_are_right_in_portuguese(pt_book):
    pdf, pages, layout = pt_book
    outline = outline_of(PdfReader(pdf))
    page_of = {title: page for _depth, title, page in outline}
    contents = "\n".join(layout[page_of["Sumário"] - 1 : page_of["Controle de progresso"] - 1])
    checked = 0
    for _depth, title, page in outline:
        if title == "Sumário":
            continue
        assert re.search(re.escape(title) + r"\s*(?:\.\s*)+" + str(page) + r"\b", contents), (title, page)
        checked += 1
    assert checked >= 10
    # Running text: "Python (p. N)" in the progress tracker names the page the skill starts on.
    tracker = _flat("\n".join(pages[page_of["Controle de progresso"] - 1 : page_of["Como usar este manual"] - 1]))
    assert f"Python (p. {page_of['Python']})" in tracker
    assert f"Linear algebra (p. {page_of['Linear algebra']})" in tracker
    assert "p. 000" not in _flat("\n".join(pages))  # no placeholder left unfilled


def test_portuguese_is_hyphenated_and_english_is_not():
    css = book.STYLESHEET.read_text(encoding="utf-8")
    assert re.search(r"html:lang\(pt\)\s*\{[^}]*hyphens:\s*auto", css)
    assert re.search(r"html\s*\{[^}]*hyphens:\s*manual", css)
    import pyphen

    assert pyphen.language_fallback("pt-BR") == "pt_BR"  # the dictionary WeasyPrint picks for lang="pt-BR"


def test_unknown_language_is_one_line_and_no_pdf(tmp_path):
    project = _project(tmp_path / "project")
    result = _roadmap_pdf(project, "--lang", "pt-PT")
    assert result.returncode == 1
    assert result.stderr == "roadmap pdf: no translation 'pt-PT' in data/i18n/ (languages: en, pt-BR)\n"
    assert not list(project.glob("*.pdf"))


def test_a_broken_translation_gives_located_errors_not_a_traceback(tmp_path):
    project = _project(tmp_path / "project")
    python = project / "data" / "i18n" / "pt-BR" / "skills" / "python.yaml"
    python.write_text(python.read_text(encoding="utf-8").replace("summary:", "sumary:", 1), encoding="utf-8")
    result = _roadmap_pdf(project, "--lang", "pt-BR")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"^data/i18n/pt-BR/skills/python\.yaml:\d+: sumary: ", result.stderr, re.M), result.stderr
    assert not list(project.glob("*.pdf"))


# -- the handbook catalog -------------------------------------------------------------------------


def test_catalog_has_every_handbook_string_translated_with_the_same_placeholders():
    from babel.messages.pofile import read_po

    english = {message.id for message in catalog.extract() if message.id}
    with catalog_path("pt-BR", catalog.DOMAIN).open("rb") as handle:
        portuguese = read_po(handle, locale="pt_BR")
    entries = {message.id: message for message in portuguese if message.id}
    assert english == set(entries), (
        f"catalog out of date (python -m macros.handbook.catalog): missing {sorted(map(str, english - set(entries)))}, "
        f"unused {sorted(map(str, set(entries) - english))}"
    )
    for msgid, message in entries.items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"untranslated: {msgid!r}"
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, f"placeholders differ: {msgid!r} -> {string!r}"


def test_page_reference_words_keep_their_no_break_spaces():
    words = load_strings("pt-BR", catalog.DOMAIN)
    assert words.text(book.XREF) == " (p.\u00a0%(page)s)"
    assert words.text(book.PAGEREF) == ",\u00a0p.\u00a0%(page)s"


def test_english_stays_english_and_untranslated_words_fall_back():
    english = load_strings("en", catalog.DOMAIN)
    assert english.text("Contents") == "Contents"
    assert load_strings("pt-BR", catalog.DOMAIN).text("a string no catalog has") == "a string no catalog has"
    assert book.pdf_name("en") == "ml-engineer-roadmap.pdf"
    assert book.pdf_name("pt-BR") == "ml-engineer-roadmap.pt-BR.pdf"
