"""A document's PDF (WeasyPrint): the office's letterhead, the filled-in template, the
number and page numbers in every page's footer.

Rendered by `common.pdf` with `data:` URIs refused: the only address the fetcher answers is
the office's own stored logo, named `office-image:<name>` by the letterhead; every other
scheme and name (file://, http://127.0.0.1, data:, relative names) is refused, and the page
renders without it. Template HTML is allow-listed on save (documents.html), so a reference
should never get this far; the fetcher is the second line."""

from __future__ import annotations

from django.db import connection
from django.template.loader import render_to_string

from common import pdf
from common.pdf import FONTS, OFFICE_IMAGE
from modules.office.selectors import office_letterhead_get, office_logo_type


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
    """The page as a PDF: the office's logo loads, nothing else (not even `data:`)."""
    return pdf.pdf_render(html, office=getattr(connection, "tenant", None), data_uris=False)
