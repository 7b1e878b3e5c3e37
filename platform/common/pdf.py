"""HTML to PDF (WeasyPrint) without touching the network or the disk: the one place that
calls WeasyPrint (invoices, documents, hand-over confirmations, helpdesk reports).

WeasyPrint fetches whatever a page references (images, stylesheets, fonts, `@import`)
through its URL fetcher. Ours answers two kinds of address only:
- `data:` URIs, the images a page embeds itself (logo, QR code, signature), unless the
  caller refuses them (documents: their HTML is written by staff);
- `office-image:<name>`, the office's own stored logo, read through `common.storage`, and
  only that one name.
Everything else (http, https, file://, ftp, relative names, another stored name) is refused
and logged; the page renders without it. A client's name or a template can therefore never
make the renderer call a URL (SSRF) or read a file.

Speed: the fonts are looked up once per process (one `FontConfiguration`), the fonts are
named by `FONTS` (DejaVu ships with Debian and the image, Polish and Slovak letters), and QR
codes are small 1-bit PNGs (`qr_data_uri`): WeasyPrint draws an SVG QR code path by path,
which cost about 10 ms of a 75 ms invoice."""

from __future__ import annotations

import base64
import functools
import io
import logging
import threading
from pathlib import Path

logger = logging.getLogger("vireo.pdf")

# Fonts with Polish and Slovak letters; DejaVu ships with Debian (and the Docker image).
FONTS = "'DejaVu Sans', 'Liberation Sans', sans-serif"
OFFICE_IMAGE = "office-image:"
# PDFium is not thread-safe: no two of its calls may run at once in one process, not even on
# different documents (pypdfium2's docs); a dramatiq worker's threads rendering two scans'
# thumbnails at once crashed the process (segmentation fault). Every PDFium call goes
# through `pdf_page_image`, under this lock.
_PDFIUM = threading.Lock()


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PdfFetcher(URLFetcher):
        """`data:` URIs (when allowed) and the office's own logo; nothing else."""

        def __init__(self, *, office=None, data_uris: bool = True):
            protocols = {"data"} if data_uris else set()
            super().__init__(timeout=1, allowed_protocols=protocols, allow_redirects=False)
            self.office = office
            self.data_uris = data_uris

        def fetch(self, url, headers=None):
            if url.startswith(OFFICE_IMAGE):
                return self._office_image(url[len(OFFICE_IMAGE) :])
            if self.data_uris and url.startswith("data:"):
                return super().fetch(url, headers)
            logger.warning("pdf: refused to fetch %r", url[:200])
            raise ValueError(f"URI uses disallowed protocol: {url[:200]}")

        def _office_image(self, name: str):
            from common.storage import office_read

            logo = getattr(self.office, "logo", "") or ""
            content_type = logo_type(logo)
            if not content_type or name != logo:
                logger.warning("pdf: refused to fetch office image %r", name[:200])
                raise ValueError("disallowed: only the office's own logo is fetched")
            body = office_read(name, schema=self.office.schema_name)
            headers = {"Content-Type": content_type}
            return URLFetcherResponse(f"{OFFICE_IMAGE}{name}", body, headers)

    return PdfFetcher


def logo_type(name: str) -> str:
    """The content type of a stored office logo (checked by content when it was stored)."""
    if not name.startswith("office/logo-"):
        return ""
    return "image/png" if name.endswith(".png") else "image/jpeg"


def pdf_fetcher(*, office=None, data_uris: bool = True):
    """The URL fetcher every PDF uses (see the module's note)."""
    return _fetcher_class()(office=office, data_uris=data_uris)


@functools.cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()  # fontconfig is asked once per process, not per PDF


# A process's first PDF paid ~1.4-3 s where the next ones take ~70 ms (the audit: 3.47 s,
# then 1.07 s): importing WeasyPrint (cffi, Pango, fontTools: ~1.05 s), the template
# engine's first use (~170 ms), then the first layout of each font face and fontTools'
# subsetter. It is once per process, so the web
# and worker processes pay it in a background thread as they start (config/wsgi.py,
# config/worker.py), not the first person who asks for a PDF.
WARM_HTML = (
    f'<html><body style="font-family: {FONTS}"><h1>Zażółć gęślą jaźń</h1>'
    "<p>Ďakujeme, <b>ľúbostné</b> <i>ťava</i> <b><i>Ôô</i></b> 1 234,56 zł</p></body></html>"
)
_warm_lock = threading.Lock()
_warm_thread: threading.Thread | None = None


def pdf_warm() -> None:
    """Pay a process's one-off PDF costs now: WeasyPrint's import, the font configuration,
    and a tiny PDF in the regular, bold, italic and bold italic faces (their first layout
    and fontTools' subsetting). Never raises: a process that cannot render still starts,
    and its first PDF reports the error where it belongs."""
    try:
        from django.template import engines
        from weasyprint import HTML

        # Every PDF's page is a Django template: the engine's first use imports every
        # app's template tag libraries (~170 ms), once per process as well.
        engines["django"].from_string("{% load i18n %}").render({})
        HTML(string=WARM_HTML).write_pdf(font_config=_font_config())
    except Exception:  # a warm-up failure must not stop a process starting
        logger.warning("pdf: warm-up failed", exc_info=True)


def pdf_warm_in_background() -> threading.Thread:
    """pdf_warm() once per process, in a daemon thread (a request that needs WeasyPrint
    meanwhile waits on the import lock for the same import instead of doing it again)."""
    global _warm_thread
    with _warm_lock:
        if _warm_thread is None:
            _warm_thread = threading.Thread(target=pdf_warm, name="pdf-warm", daemon=True)
            _warm_thread.start()
        return _warm_thread


def pdf_render(html: str, *, office=None, data_uris: bool = True) -> bytes:
    """`html` as a PDF. `office`: whose stored logo `office-image:<name>` may load (None:
    none); `data_uris`: whether the page's own `data:` images load."""
    from weasyprint import HTML

    fetcher = pdf_fetcher(office=office, data_uris=data_uris)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(font_config=_font_config())


def qr_data_uri(text: str, *, scale: int = 4, border: int = 2) -> str:
    """A QR code (error correction M) as a 1-bit PNG `data:` URI; print it with
    `image-rendering: pixelated` so the modules stay sharp at any size."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=scale, border=border)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def pdf_page_image(pdf: bytes | Path, *, page: int = 0, scale: float = 1, width: int = 0):
    """Page `page` of `pdf` (bytes or a file) as a PIL image: `width` pixels wide when given,
    else `scale` times 72 dpi. The one place that calls PDFium (pypdfium2): every call, the
    closing of what it opened included, is made under one process-wide lock, because PDFium
    crashes when two threads call it at once."""
    import pypdfium2

    source = str(pdf) if isinstance(pdf, Path) else pdf
    with _PDFIUM:
        document = pypdfium2.PdfDocument(source)
        try:
            pdf_page = document[page]
            try:
                if width:
                    scale = width / max(pdf_page.get_width(), 1)
                bitmap = pdf_page.render(scale=scale)
                try:
                    return bitmap.to_pil().copy()  # owns its pixels: nothing points into PDFium
                finally:
                    bitmap.close()
            finally:
                pdf_page.close()
        finally:
            document.close()


def pdf_text(pdf: bytes) -> str:
    """The text of every page of `pdf`, pages joined by a newline (PDFium's reading, under
    the same lock as pdf_page_image)."""
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            pages = []
            for pdf_page in document:
                text = pdf_page.get_textpage()
                try:
                    pages.append(text.get_text_range())
                finally:
                    text.close()
                    pdf_page.close()
            return "\n".join(pages)
        finally:
            document.close()


def pdf_char_boxes(pdf: bytes, *, page: int = 0) -> list[tuple[str, tuple]]:
    """Every printed (not blank) character of page `page` with its glyph box (left,
    bottom, right, top, in points): for layout checks (headings that print over each
    other). Under the same lock as pdf_page_image."""
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            pdf_page = document[page]
            text = pdf_page.get_textpage()
            try:
                chars = []
                for index in range(text.count_chars()):
                    char = text.get_text_range(index, 1)
                    if char.strip():
                        chars.append((char, text.get_charbox(index)))
                return chars
            finally:
                text.close()
                pdf_page.close()
        finally:
            document.close()
