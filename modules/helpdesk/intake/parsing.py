"""An e-mail's bytes into what the intake needs: who, which thread, whether a machine sent
it, the text (HTML-only mail converted), the attachments, and what is wrong with it (broken
MIME, an unknown charset, an oversize attachment, a zip bomb): such mail is quarantined
with the reason, never half-processed."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from modules.helpdesk.intake.reasons import Reason

RAW_MAX_BYTES = 40 << 20  # a message over this is not parsed at all
ATTACHMENT_MAX_BYTES = 20 << 20  # as the helpdesk's own uploads
ZIP_MAX_UNPACKED = 200 << 20
ZIP_MAX_RATIO = 100
ZIP_MAX_MEMBERS = 1000
_ID = re.compile(r"<([^<>\s]+)>")
# Defects that mean the structure cannot be trusted (a missing boundary, a part that is
# not what it says): quarantined. Header folding oddities and the like are not.
_FATAL_DEFECTS = {
    "NoBoundaryInMultipartDefect",
    "StartBoundaryNotFoundDefect",
    "CloseBoundaryNotFoundDefect",
    "MultipartInvariantViolationDefect",
    "MissingHeaderBodySeparatorDefect",
}
AUTO_PRECEDENCE = {"bulk", "auto_reply", "list", "junk"}


class Unusable(Exception):
    """The message cannot be processed; `reason` (a reasons.Reason, also its text) is kept
    with it."""

    def __init__(self, reason: Reason):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class Parsed:
    message_id: str
    sender: str
    sender_name: str
    subject: str
    date: object
    thread_ids: list[str]  # In-Reply-To first, then References newest first
    automatic: Reason  # why a machine sent it (empty, falsy, for a person)
    text: str
    attachments: list[Attachment] = field(default_factory=list)


def message_key(raw: bytes, message_id: str) -> str:
    """What makes a message the same message: its Message-ID, or its bytes' hash."""
    if message_id:
        return f"id:{message_id[:290]}"
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def message_id_peek(raw: bytes) -> str:
    """The Message-ID from the header block alone (works on mail too broken to parse)."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    match = re.search(rb"^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)", head, re.I | re.M)
    if not match:
        return ""
    found = _ID.search(match.group(1).decode("ascii", "replace"))
    return found.group(1) if found else ""


def _ids(value) -> list[str]:
    return _ID.findall(str(value or ""))


def automatic_reason(message: EmailMessage) -> Reason:
    """Why the message was sent by a machine (RFC 3834 and common practice), or an empty
    Reason (falsy) for a person. The header's own value stays as it came (a token)."""
    auto = str(message.get("Auto-Submitted", "")).strip().lower()
    if auto and auto != "no":
        return Reason("auto_submitted", value=auto[:100])
    precedence = str(message.get("Precedence", "")).strip().lower()
    if precedence in AUTO_PRECEDENCE:
        return Reason("precedence", value=precedence)
    if message.get_content_type() == "multipart/report":
        return Reason("report")
    return_path = message.get("Return-Path")
    if return_path is not None and str(return_path).strip() in ("<>", ""):
        return Reason("empty_return_path")
    for header in ("X-Autoreply", "X-Autorespond"):
        value = str(message.get(header, "")).strip().lower()
        if value:
            return Reason("autoreply", header=header, value=value[:100])
    if message.get("List-Id") or message.get("List-Unsubscribe"):
        return Reason("mailing_list")
    return Reason()


class _Text(HTMLParser):
    """HTML to plain text: block elements become line breaks, scripts, styles and quoted
    history (blockquote, Gmail's and Outlook's quote containers) are left out."""

    BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr"}
    SKIP = {"script", "style", "head", "title", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        element_id = dict(attrs).get("id") or ""
        if (
            tag in self.SKIP
            or "gmail_quote" in classes
            or element_id in ("divRplyFwdMsg", "appendonsend")
            or self.skipping
        ):
            if tag not in ("br", "hr", "img", "meta", "link", "input"):
                self.skipping += 1
            return
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= 1
            return
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _zip_check(name: str, content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a readable zip: it is not kept anyway (not an accepted type)
    unpacked = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    nested = [m for m in members if m.filename.lower().endswith((".zip", ".gz", ".7z", ".rar"))]
    if (
        len(members) > ZIP_MAX_MEMBERS
        or unpacked > ZIP_MAX_UNPACKED
        or unpacked / packed > ZIP_MAX_RATIO
        or (nested and unpacked / packed > 10)
    ):
        raise Unusable(Reason("zip_bomb", name=name, packed=packed, unpacked=unpacked))


def _text_of(part: EmailMessage) -> str:
    charset = part.get_content_charset() or "us-ascii"
    payload = part.get_payload(decode=True) or b""
    try:
        return payload.decode(charset)
    except LookupError:
        raise Unusable(Reason("unknown_charset", charset=charset)) from None
    except UnicodeDecodeError:
        return payload.decode(charset, errors="replace")


def parse(raw: bytes) -> Parsed:
    """The message, or Unusable with the reason."""
    if len(raw) > RAW_MAX_BYTES:
        raise Unusable(
            Reason("too_large", size=round(len(raw) / 1048576, 1), max=RAW_MAX_BYTES >> 20)
        )
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        return _parsed(message)
    except Unusable:
        raise
    except Exception as exc:
        raise Unusable(Reason("unreadable", error=f"{type(exc).__name__}: {exc}")) from exc


def _defects(message: EmailMessage) -> list[str]:
    found = []
    for part in message.walk():
        found += [type(d).__name__ for d in part.defects if type(d).__name__ in _FATAL_DEFECTS]
    return found


def _parsed(message: EmailMessage) -> Parsed:
    defects = _defects(message)
    if defects:
        raise Unusable(Reason("broken_mime", defects=", ".join(sorted(set(defects)))))
    senders = getaddresses([str(message.get("From", ""))])
    name, address = senders[0] if senders else ("", "")
    subject = str(message.get("Subject", "") or "").strip()
    try:
        date = parsedate_to_datetime(str(message.get("Date"))) if message.get("Date") else None
    except (TypeError, ValueError, IndexError):
        date = None
    thread_ids = list(
        dict.fromkeys(
            _ids(message.get("In-Reply-To")) + list(reversed(_ids(message.get("References"))))
        )
    )
    plain, html, attachments = [], [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        disposition = part.get_content_disposition()
        ctype = part.get_content_type()
        if filename or disposition == "attachment" or not ctype.startswith("text/"):
            if ctype in ("message/delivery-status", "message/rfc822") and not filename:
                continue
            content = part.get_payload(decode=True) or b""
            name = (filename or "attachment").strip()[:200]
            if len(content) > ATTACHMENT_MAX_BYTES:
                raise Unusable(
                    Reason(
                        "attachment_too_large",
                        name=name,
                        size=round(len(content) / 1048576, 1),
                        max=ATTACHMENT_MAX_BYTES >> 20,
                    )
                )
            if content.startswith(b"PK\x03\x04"):
                _zip_check(name, content)
            attachments.append(Attachment(name, ctype, content))
        elif ctype == "text/html":
            html.append(_text_of(part))
        else:
            plain.append(_text_of(part))
    text = "\n\n".join(p.strip() for p in plain if p.strip())
    if not text and html:
        text = "\n\n".join(html_to_text(h) for h in html)
    return Parsed(
        message_id=_ids(message.get("Message-ID"))[0] if _ids(message.get("Message-ID")) else "",
        sender=address.strip().lower()[:254],
        sender_name=name.strip()[:254],
        subject=subject[:300],
        date=date,
        thread_ids=thread_ids,
        automatic=automatic_reason(message),
        text=text,
        attachments=attachments,
    )
