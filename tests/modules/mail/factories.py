"""Mail test data: real PDF/PNG/JPEG bytes and items registered through the service."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from modules.mail.models import MailItem, MailStatus, MailType
from modules.mail.services import mail_register, scan_stage, settings_get
from tests.modules.clients.factories import ClientFactory


def pdf_bytes(pages: int = 1, padding: int = 0) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if padding:
        writer.add_metadata({"/Padding": "x" * padding})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# The audit's 193-byte "PDF": a PDF's first bytes and objects, but no cross-reference table,
# so no reader opens it (accepted everywhere but mail's scans before common.uploads.file_opens).
BROKEN_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def image_bytes(fmt: str = "PNG", size=(120, 160)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 220, 240)).save(out, format=fmt)
    return out.getvalue()


def upload(name: str = "scan.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content)


def staged(name: str = "scan.pdf", content: bytes | None = None):
    return scan_stage(upload=upload(name, content), max_bytes=settings_get().scan_max_bytes)


def status(code: str) -> MailStatus:
    return MailStatus.objects.get(code=code)


def letter() -> MailType:
    return MailType.objects.get(code="letter")


def item_register(
    *, actor=None, client=None, scans=(), notify_choice="none", confirm_missing_scan=False, **data
) -> MailItem:
    client = client or ClientFactory()
    values = {"client": client, "sender": "Urząd Skarbowy", "mail_type": letter(), **data}
    return mail_register(
        actor=actor,
        data=values,
        staged=[staged(n) for n in scans],
        notify_choice=notify_choice,
        confirm_missing_scan=confirm_missing_scan,
    )
