"""A document's PDF (WeasyPrint): the office's letterhead, the filled-in template, the
number and page numbers in every page's footer.

WeasyPrint fetches whatever a page references (images, stylesheets, fonts) through its URL
fetcher. Ours fetches nothing from anywhere: the only address it answers is the office's own
stored logo, named `office-image:<name>` by the letterhead; every other scheme and name
(file://, http://127.0.0.1, data:, relative names) is refused, and the page renders without
it. Template HTML is allow-listed on save (documents.html), so a reference should never get
this far; the fetcher is the second line."""

from __future__ import annotations

import logging

from django.db import connection
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from common.storage import office_read
from modules.office.selectors import office_letterhead_get, office_logo_type

logger = logging.getLogger("vireo.documents")

# Fonts with Polish and Slovak letters; DejaVu ships with Debian (and the Docker image).
FONTS = "'DejaVu Sans', 'Liberation Sans', sans-serif"
OFFICE_IMAGE = "office-image:"


class OfficeImageFetcher(URLFetcher):
    """Serves the office's own logo and refuses everything else (see the module's note)."""

    def __init__(self, *, office):
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.office = office

    def fetch(self, url, headers=None):
        logo = getattr(self.office, "logo", "")
        name = url[len(OFFICE_IMAGE) :] if url.startswith(OFFICE_IMAGE) else None
        content_type = office_logo_type(self.office) if logo else ""
        if name is None or not content_type or name != logo:
            logger.warning("documents: refused to fetch %r for a PDF", url[:200])
            raise ValueError("documents fetch nothing but the office's own images")
        body = office_read(name, schema=self.office.schema_name)
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def document_html(*, body: str, number: str, title: str, language: str) -> str:
    """The whole page around the filled-in (already cleaned) template."""
    office = getattr(connection, "tenant", None)
    letterhead = office_letterhead_get(office=office)
    logo = getattr(office, "logo", "")
    return render_to_string(
        "documents/pdf/document.html",
        {
            "body": body,
            "number": number,
            "title": title,
            "language": language,
            "letterhead": letterhead,
            "logo_url": f"{OFFICE_IMAGE}{logo}" if logo and office_logo_type(office) else "",
            "fonts": FONTS,
        },
    )


def pdf_render(html: str) -> bytes:
    office = getattr(connection, "tenant", None)
    return HTML(string=html, url_fetcher=OfficeImageFetcher(office=office)).write_pdf()
