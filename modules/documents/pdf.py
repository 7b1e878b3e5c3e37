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
from django.utils.html import escape

from common import pdf
from common.pdf import FONTS, OFFICE_IMAGE
from modules.office.selectors import office_letterhead_get, office_logo_type


def number_unbroken(body: str, number: str) -> str:
    """`body` with the document's number kept on one line: a long title wrapped inside it
    ("nr DOK/" | "2026/0003"; a slash is a line-break opportunity). Done on the cleaned
    HTML (the allow-list keeps no span), in text only: the number holds no markup
    characters, and it is escaped as the template's values are."""
    if not number:
        return body
    escaped = escape(number)
    return body.replace(escaped, f'<span class="number">{escaped}</span>')


def document_html(*, body: str, number: str, title: str, language: str) -> str:
    """The whole page around the filled-in (already cleaned) template."""
    body = number_unbroken(body, number)
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
