"""common.pdf: the one place that calls WeasyPrint. Nothing is fetched from the network or
read from the disk; `data:` URIs load unless refused; the office's own stored logo is the
one stored file a page may name (`office-image:<name>`)."""

import base64
import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.db import connection

from common.pdf import pdf_fetcher, pdf_page_image, pdf_render, qr_data_uri
from common.storage import office_delete, office_save
from tests.modules.documents import test_security as documents_security
from tests.modules.documents.test_security import PNG, images_in, references

# the documents' canary (a loopback server counting requests) and local secret files
canary = documents_security.canary
local_files = documents_security.local_files

PNG_URI = "data:image/png;base64," + base64.b64encode(PNG).decode()


def _page(body: str) -> str:
    return f"<!doctype html><html><head><meta charset=utf-8></head><body>{body}</body></html>"


@pytest.mark.parametrize("data_uris", [True, False])
def test_a_page_fetches_nothing_but_its_own_data_images(canary, local_files, data_uris):
    base, hits = canary
    html = _page(references(base, *local_files) + f'<img src="{PNG_URI}">')
    pdf = pdf_render(html, data_uris=data_uris)
    assert pdf.startswith(b"%PDF-")
    assert hits == []
    assert images_in(pdf) == (1 if data_uris else 0)  # the valid data: PNG, nothing else


def test_the_fetcher_refuses_every_other_address():
    fetcher = pdf_fetcher()
    for url in (
        "http://127.0.0.1:9/logo.png",
        "https://example.com/x",
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "office-image:office/logo-x.png",
    ):
        with pytest.raises(ValueError, match="disallowed"):
            fetcher(url)
    assert fetcher("data:text/plain;base64,eA==").read() == b"x"
    with pytest.raises(ValueError, match="disallowed protocol"):
        pdf_fetcher(data_uris=False)("data:text/plain;base64,eA==")


def test_the_office_logo_is_the_one_stored_file_a_page_names(in_office_a, canary):
    _base, hits = canary
    office = connection.tenant
    name = office_save("office/logo-kit.png", PNG)
    other = office_save("office/logo-other.png", PNG)
    previous, office.logo = office.logo, name
    try:
        fetcher = pdf_fetcher(office=office)
        assert fetcher(f"office-image:{name}").read() == PNG
        for url in (f"office-image:{other}", "office-image:../../etc/passwd"):
            with pytest.raises(ValueError, match="disallowed"):
                fetcher(url)
        pdf = pdf_render(
            _page(f'<img src="office-image:{name}"><img src="office-image:{other}">'),
            office=office,
            data_uris=False,
        )
        assert images_in(pdf) == 1
        assert images_in(pdf_render(_page(f'<img src="office-image:{name}">'))) == 0  # no office
    finally:
        office.logo = previous
        office_delete(name)
        office_delete(other)
    assert hits == []


def test_qr_codes_are_png_data_uris_read_back_from_the_pdf():
    import zxingcpp

    url = "https://qr-test.ksef.mf.gov.pl/invoice/5260250274/05-12-2026/q83vEjRWeJq83vEjRWeJq8"
    uri = qr_data_uri(url)
    assert uri.startswith("data:image/png;base64,")
    pdf = pdf_render(
        _page(f'<img src="{uri}" style="width:30mm;height:30mm;image-rendering:pixelated">')
    )
    image = pdf_page_image(pdf, scale=4)
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in codes] == [url]


# The benchmarks time WeasyPrint alone (a limit); nothing but the kit calls PDFium at all.
@pytest.mark.parametrize(
    "library, folders",
    [
        ("weasyprint", ("modules", "platform", "signup", "tenants")),
        ("pypdfium2", ("modules", "platform", "signup", "tenants", "tests")),
    ],
)
def test_no_module_calls_weasyprint_or_pdfium_but_the_kit(library, folders):
    root = pathlib.Path(settings.BASE_DIR)
    callers = sorted(
        str(path.relative_to(root))
        for folder in folders
        if (root / folder).exists()
        for path in (root / folder).rglob("*.py")
        if library in path.read_text() and path.name != "test_pdf.py"
    )
    assert callers == ["platform/common/pdf.py"]


def test_page_images_in_many_threads_at_once_do_not_crash_the_process():
    """PDFium is not thread-safe: two threads in it at once crashed a dramatiq worker
    (segmentation fault while rendering two scans' thumbnails). Run in a child process, so
    that a crash fails this test instead of ending the suite."""
    script = textwrap.dedent(
        """
        import json, sys, threading
        sys.path[:0] = ["platform"]
        from common.pdf import pdf_page_image
        pdf = open(sys.argv[1], "rb").read()
        sizes, errors = [], []
        def work():
            try:
                for _ in range(40):
                    sizes.append(pdf_page_image(pdf, width=120).size)
            except Exception as error:
                errors.append(repr(error))
        threads = [threading.Thread(target=work) for _ in range(6)]
        for thread in threads: thread.start()
        for thread in threads: thread.join()
        print(json.dumps({"images": len(sizes), "widths": sorted({w for w, _ in sizes}),
                          "errors": errors}))
        """
    )
    pdf = pathlib.Path(settings.BASE_DIR) / ".data" / "test-pdfium.pdf"
    pdf.parent.mkdir(exist_ok=True)
    pdf.write_bytes(pdf_render(_page("<h1>Ż</h1>" + "<p>tekst</p>" * 40)))
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(pdf)],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        pdf.unlink()
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == {"images": 240, "widths": [120], "errors": []}


def test_a_page_image_from_a_file_and_from_bytes_is_the_same():
    pdf = pdf_render(_page("<h1>Vireo</h1>"))
    path = pathlib.Path(settings.BASE_DIR) / ".data" / "test-pdfium-one.pdf"
    path.write_bytes(pdf)
    try:
        from_file = pdf_page_image(path, width=200)
    finally:
        path.unlink()
    from_bytes = pdf_page_image(pdf, width=200)
    assert from_file.size == from_bytes.size and from_file.width == 200
    assert from_file.tobytes() == from_bytes.tobytes()
    # A4 is 595.3 points wide: 596 pixels at 72 dpi, 1191 at 144
    assert (pdf_page_image(pdf).width, pdf_page_image(pdf, scale=2).width) == (596, 1191)


WARM_CHECK = """
import sys, time
import {module} as entry
from common import pdf
assert pdf._warm_thread is not None, "no warm-up started"
pdf._warm_thread.join(60)
assert "weasyprint" in sys.modules
assert pdf._font_config.cache_info().currsize == 1
start = time.perf_counter()
pdf.pdf_render("<p>Zażółć <b>gęślą</b> jaźń</p>")
print(round((time.perf_counter() - start) * 1000))
"""


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi", "config.worker"])
def test_web_and_worker_processes_pay_the_first_pdf_s_costs_as_they_start(module):
    # A process's first PDF paid WeasyPrint's import and the fonts (~1.2 s; the audit saw
    # 3.47 s, then 1.07 s): the web and worker entry points warm it in the background.
    root = settings.BASE_DIR
    env = {**os.environ, "PYTHONPATH": f"{root / 'platform'}:{root}", "DEBUG": "true"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", WARM_CHECK.format(module=module)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # Warm, a small PDF takes tens of ms (cold it took over a second).
    assert int(done.stdout.strip()) < 500
