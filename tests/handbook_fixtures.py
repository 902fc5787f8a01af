"""The real handbook, built once per test process and read back once.

Session fixtures in a test module are per module; the handbook takes many seconds to lay out,
so the build lives in one cached function here that every handbook test module shares.
`pdftotext` runs once per PDF: its pages come back split on form feeds.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from conftest import DATA, ROOT
from pypdf import PdfReader

from macros.handbook import book as handbook
from macros.model.load import load_roadmap


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: install poppler-utils (make system-deps)"
    return path


def pdf_pages_text(pdf: Path, *options: str) -> list[str]:
    """The text of every page of `pdf` (one pdftotext run), index 0 = page 1."""
    text = subprocess.run(
        [poppler("pdftotext"), "-enc", "UTF-8", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages  # pdftotext ends every page with \f


@dataclass(frozen=True)
class Built:
    roadmap: object
    html: str
    document: object  # weasyprint.Document
    pdf: Path
    pages: list[str]  # plain text per page
    layout_pages: list[str]  # text per page with -layout (columns and leaders kept on one line)


@functools.cache
def built_handbook() -> Built:
    roadmap = load_roadmap(DATA)
    html = handbook.build_html(roadmap, handbook.load_settings(ROOT / "mkdocs.yml"))
    document = handbook.render_document(html)
    pdf = Path(tempfile.mkdtemp(prefix="handbook-")) / "handbook.pdf"
    document.write_pdf(pdf)
    return Built(roadmap, html, document, pdf, pdf_pages_text(pdf), pdf_pages_text(pdf, "-layout"))


def outline_of(reader: PdfReader) -> list[tuple[int, str, int]]:
    """The PDF bookmarks as (depth, title, 1-based page)."""
    items: list[tuple[int, str, int]] = []

    def walk(nodes, depth):
        for node in nodes:
            if isinstance(node, list):
                walk(node, depth + 1)
            else:
                items.append((depth, node.title, reader.get_destination_page_number(node) + 1))

    walk(reader.outline, 1)
    return items
