"""WeasyPrint fetches nothing: neither a local web server nor a file on this machine, from a
saved template (the allow-list strips the references) or from raw HTML handed to the
renderer (the URL fetcher refuses them). The office's own logo is the one exception."""

import http.server
import io
import threading

import pytest
from django.db import connection
from pypdf import PdfReader

from common.storage import office_delete, office_read, office_save
from modules.documents.pdf import document_html, pdf_render
from tests.modules.documents.factories import document_made, template_made

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def canary():
    """A web server on loopback that counts every request it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def references(base: str, png_file: str, css_file: str) -> str:
    return (
        f'<p>text</p><img src="{base}/img.png"><img src="file://{png_file}">'
        f'<link rel="stylesheet" href="{base}/style.css"><link rel="stylesheet" href="file://{css_file}">'
        f"<style>@import url({base}/import.css); @import url(file://{css_file});"
        f"@font-face {{ font-family: X; src: url({base}/font.woff); }}"
        f"p {{ background: url({base}/bg.png); }}</style>"
        f'<p style="background-image: url({base}/inline.png)">x</p>'
        f'<object data="{base}/object"></object><iframe src="{base}/frame"></iframe>'
        f'<svg><image href="{base}/svg.png"/></svg>'
        f'<img src="img-relative.png"><img src="data:image/png;base64,iVBORw0KGgo=">'
    )


def images_in(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def local_files(tmp_path):
    png, css = tmp_path / "secret.png", tmp_path / "secret.css"
    png.write_bytes(PNG)
    css.write_text("p { color: red; }")
    return str(png), str(css)


def test_weasyprint_canary_raw_html_fetches_nothing(in_office_a, canary, local_files):
    base, hits = canary
    pdf = pdf_render(
        document_html(body=references(base, *local_files), number="DOK/1", title="t", language="pl")
    )
    assert pdf.startswith(b"%PDF-")
    assert hits == []
    assert images_in(pdf) == 0  # neither the file:// PNG nor the canary's


def test_weasyprint_canary_saved_template_renders_without_references(
    in_office_a, staff_a, canary, local_files
):
    base, hits = canary
    template = template_made(actor=staff_a, body=references(base, *local_files), fields=[])
    assert base not in template.body and "file://" not in template.body
    document = document_made(template=template, actor=staff_a)
    pdf = office_read(document.versions.get().path)
    assert hits == []
    assert images_in(pdf) == 0


def test_the_office_logo_is_the_one_image_fetched(in_office_a, canary):
    base, hits = canary
    office = connection.tenant
    name = office_save("office/logo-canary.png", PNG)
    previous, office.logo = office.logo, name
    try:
        pdf = pdf_render(
            document_html(
                body=f'<img src="{base}/x.png">', number="DOK/1", title="t", language="pl"
            )
        )
        assert images_in(pdf) == 1
        other = pdf_render(
            document_html(
                body='<img src="office-image:office/other.png">',
                number="DOK/1",
                title="t",
                language="pl",
            )
        )
        assert images_in(other) == 1  # the letterhead's logo only; another stored name is refused
    finally:
        office.logo = previous
        office_delete(name)
    assert hits == []
