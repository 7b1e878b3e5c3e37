"""The e-mail corpus (tests/modules/helpdesk/emails/) and helpers of the intake tests."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

from common.storage import office_storage
from modules.helpdesk.intake.services import email_receive
from tests.modules.mail.factories import pdf_bytes

EMAILS = Path(__file__).parent / "emails"
PDF = pdf_bytes()  # one that opens: common.uploads refuses a PDF that does not


def corpus(name: str, *, in_reply_to: str = "", number: str = "") -> bytes:
    raw = (EMAILS / name).read_bytes()
    return raw.replace(b"{IN_REPLY_TO}", in_reply_to.encode()).replace(b"{NUMBER}", number.encode())


def receive(name: str, **values):
    return email_receive(raw=corpus(name, **values))


def made(
    *,
    sender: str = "jan.kowalski@firma.pl",
    subject: str = "Pytanie",
    body: str = "Treść",
    message_id: str = "",
    headers: dict | None = None,
    attachments=(),
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "pomoc@biuro.pl"
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = f"<{message_id}>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, content, maintype, subtype in attachments:
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def raw_emails_remove(offices) -> None:
    """Received e-mails are kept as files, which a rolled-back test leaves behind."""
    import shutil

    for office in offices:
        shutil.rmtree(
            office_storage().path(f"{office.schema_name}/helpdesk/email"), ignore_errors=True
        )


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * (8 << 20))
    return out.getvalue()
