"""The handbook's URL fetcher: WeasyPrint loads only the handbook's own files and data: URIs.

Markdown lets raw HTML through, so a data file could smuggle `<img src=file:///etc/passwd>`
or `<link rel=attachment …>` into the book; the PDF must embed none of it, must not touch the
network, and must still be written.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from macros.handbook import book as handbook

SECRET = Path("/etc/passwd")


def _pdftotext(pdf: Path) -> str:
    return subprocess.run([shutil.which("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def listener():
    """A TCP port on 127.0.0.1 that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def _connected(server: socket.socket) -> bool:
    try:
        connection, _address = server.accept()  # a connect() completes in the kernel even before accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


def _hostile_html(port: int, tmp_path: Path) -> str:
    secret_css = tmp_path / "evil.css"
    secret_css.write_text("body { color: red }\n", encoding="utf-8")
    escape = handbook.PDF_TEMPLATES.as_uri() + "/../../../" + "../" * 12 + "etc/passwd"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<link rel="attachment" href="file:///etc/passwd" title="passwd">
<link rel="stylesheet" href="{secret_css.as_uri()}">
<style>
@import url("file:///etc/passwd");
@import "{secret_css.as_uri()}";
@font-face {{ font-family: Sneaky; src: url(file:///etc/passwd); }}
body {{ background: url(file:///etc/passwd); }}
p.x::after {{ content: url("http://127.0.0.1:{port}/after.png"); }}
</style></head>
<body>
<h1>Hostile page</h1>
<p class="x">Some text that must still be printed.</p>
<img src="file:///etc/passwd" alt="">
<img src="http://127.0.0.1:{port}/x.png" alt="">
<img src="https://127.0.0.1:{port}/y.png" alt="">
<img src="{escape}" alt="">
<img src="../../../../../../../../etc/passwd" alt="">
<a rel="attachment" href="file:///etc/passwd">attached</a>
<object data="file:///etc/passwd"></object>
<embed src="file:///etc/passwd">
<svg width="20" height="20" xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd" width="20" height="20"/></svg>
</body></html>"""


@pytest.mark.skipif(not SECRET.is_file(), reason="needs /etc/passwd as the secret to protect")
def test_hostile_document_embeds_nothing_and_stays_offline(tmp_path, listener, caplog):
    port = listener.getsockname()[1]
    document = handbook.render_document(_hostile_html(port, tmp_path))  # the handbook's own rendering path
    output = tmp_path / "hostile.pdf"
    document.write_pdf(output)

    assert not _connected(listener), "rendering opened a network connection"
    reader = PdfReader(output)
    assert reader.attachments == {}, f"files were embedded: {list(reader.attachments)}"
    detach = subprocess.run(
        [shutil.which("pdfdetach"), "-list", str(output)], capture_output=True, text=True, check=True
    )
    assert detach.stdout.strip() == "0 embedded files"
    raw = output.read_bytes()
    secret = SECRET.read_bytes()
    assert b"root:x:0:0" not in raw and secret[:40] not in raw
    text = _pdftotext(output)
    assert "root:x:0:0" not in text
    assert "Some text that must still be printed." in text  # the rest of the page is rendered
    assert "Hostile page" in text
    # Each refused URL is one warning, never an error.
    refusals = [r for r in caplog.records if r.name == handbook.LOG.name]
    assert refusals and all(r.levelname == "WARNING" for r in refusals)
    assert any("file:///etc/passwd" in r.getMessage() for r in refusals)


def test_write_pdf_succeeds_on_a_hostile_document(tmp_path):
    output = tmp_path / "book.pdf"
    pages = handbook.write_pdf(
        '<html><body><p>Kept</p><img src="file:///etc/passwd"><link rel=attachment href=file:///etc/passwd></body></html>',
        output,
    )
    assert pages == 1
    assert PdfReader(output).attachments == {}
    assert "Kept" in _pdftotext(output)


# -- the fetcher itself -----------------------------------------------------------------


@pytest.fixture(scope="module")
def fetcher():
    return handbook.url_fetcher()


@pytest.mark.parametrize("name", ["handbook.css", "handbook.html.j2"])
def test_serves_the_handbooks_own_files(fetcher, name):
    path = handbook.PDF_TEMPLATES / name
    response = fetcher(path.as_uri())
    assert response.read() == path.read_bytes()
    if name.endswith(".css"):
        assert response.content_type == "text/css"


def test_serves_data_uris(fetcher):
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n fake").decode()
    response = fetcher(f"data:image/png;base64,{png}")
    assert response.read() == b"\x89PNG\r\n\x1a\n fake"
    assert response.content_type == "image/png"


def _refused(fetcher, url: str) -> str:
    with pytest.raises(handbook.RefusedURL) as caught:
        fetcher(url)
    return caught.value.reason


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "FILE:///etc/passwd",
        "file:///etc/passwd?x=1#y",
        handbook.PDF_TEMPLATES.as_uri() + "/../../../pyproject.toml",
        handbook.PDF_TEMPLATES.as_uri() + "/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
        handbook.PDF_TEMPLATES.as_uri() + "/../templates/skill.md.j2",
        handbook.PDF_TEMPLATES.as_uri() + "-evil/x.css",  # a sibling folder whose name starts the same
        handbook.PDF_TEMPLATES.as_uri() + "/",  # the folder itself
        handbook.PDF_TEMPLATES.as_uri() + "/missing.css",
        handbook.PDF_TEMPLATES.as_uri() + "/handbook.css%00.png",
        "file://attacker.example/share/x.css",
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.css",
        "ftp://example.org/x",
        "gopher://example.org/",
        "javascript:alert(1)",
        "handbook.css",
        "../../../etc/passwd",
        "//example.org/x.png",
    ],
)
def test_refuses_everything_else(fetcher, url):
    assert _refused(fetcher, url)


def test_refuses_a_symlink_out_of_the_allowed_folder(tmp_path):
    allowed = tmp_path / "assets"
    allowed.mkdir()
    (allowed / "ok.css").write_text("p { color: black }\n", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret\n", encoding="utf-8")
    (allowed / "link.css").symlink_to(outside)
    (allowed / "inner.css").symlink_to(allowed / "ok.css")  # a link that stays inside is fine
    fetcher = handbook.url_fetcher(roots=(allowed,))
    assert fetcher((allowed / "ok.css").as_uri()).read() == b"p { color: black }\n"
    assert fetcher((allowed / "inner.css").as_uri()).read() == b"p { color: black }\n"
    assert _refused(fetcher, (allowed / "link.css").as_uri()) == "not one of the handbook's own files"
    assert _refused(fetcher, outside.as_uri()) == "not one of the handbook's own files"


def test_a_refused_url_is_one_warning(fetcher, caplog):
    fresh = handbook.url_fetcher()
    for _ in range(3):
        with pytest.raises(handbook.RefusedURL):
            fresh("file:///etc/shadow")
    warnings = [r for r in caplog.records if r.name == handbook.LOG.name]
    assert len(warnings) == 1 and warnings[0].levelname == "WARNING"
    assert "file:///etc/shadow" in warnings[0].getMessage()


def test_render_document_uses_the_fetcher(monkeypatch):
    """The real rendering path hands WeasyPrint this fetcher (not a default that would open anything)."""
    seen = []
    real = handbook.url_fetcher

    def spy(*args, **kwargs):
        fetcher = real(*args, **kwargs)
        seen.append(fetcher)
        return fetcher

    monkeypatch.setattr(handbook, "url_fetcher", spy)
    handbook.render_document("<html><body><p>x</p></body></html>")
    assert seen and isinstance(seen[0], handbook._fetcher_class())
    assert os.path.realpath(handbook.STYLESHEET).startswith(os.path.realpath(handbook.PDF_TEMPLATES))
