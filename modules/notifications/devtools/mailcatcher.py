"""A real SMTP server on loopback that keeps what it receives (aiosmtpd).

Used by `manage.py mailcatcher` in development (messages stored as .eml files, listed on
the local page) and by the tests (messages kept in memory; `fail_next` makes the server
answer with temporary errors, to exercise retries).
"""

from __future__ import annotations

import base64
import email
import email.parser
import email.policy
import re
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

# An office's notifications carry OFFICE_HEADER (channels.email); the platform's e-mails
# sent for an office (invitations, billing notices) FOR_OFFICE_HEADER (common.emails).
from common.emails import FOR_OFFICE_HEADER
from modules.notifications.channels.email import OFFICE_HEADER


class CatchingHandler:
    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.peers: list = []  # the client's (host, port) per message: one per connection
        self.first_raw: bytes | None = None  # the first message as received (benchmarks)
        self.fail_next = 0
        self.fail_reply = "451 4.3.0 Try again later"
        self.refuse_reply = ""
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_reply:
            return self.refuse_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return self.fail_reply
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.peers.append(session.peer)
            if self.first_raw is None:
                self.first_raw = envelope.original_content or envelope.content
        if self.directory is not None:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            name = f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            (self.directory / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted"


def catcher_start(host: str, port: int, *, directory: Path | None = None):
    """Start the server in a thread; returns the controller (.handler, .stop())."""
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
    handler = CatchingHandler(directory)
    from aiosmtpd.controller import Controller  # a dev dependency: imported only to serve

    controller = Controller(handler, hostname=host, port=port, data_size_limit=50 * 1024 * 1024)
    controller.start()
    return controller


@dataclass(frozen=True)
class CaughtReader:
    """Who reads the caught-mail page (`selectors.caught_reader`): the office's staff, with
    the lower-cased addresses of the office's people, or a platform superuser
    (`everything`)."""

    office_schema: str
    addresses: frozenset[str] = frozenset()
    everything: bool = False


def _shown_to(message, reader: CaughtReader) -> bool:
    """The one rule of the caught-mail page. A superuser reads everything. An office's staff
    read the office's own e-mails (X-Vireo-Office), the platform's e-mails sent for the
    office (X-Vireo-For-Office: its invitations, its billing notices; never another
    office's, whoever they are addressed to), and the platform's other e-mails (sign-up
    checks, password resets) only when addressed to one of the office's people."""
    if reader.everything:
        return True
    office = message.get(OFFICE_HEADER)
    if office is not None:
        return office == reader.office_schema
    for_office = message.get(FOR_OFFICE_HEADER)
    if for_office is not None:
        return for_office == reader.office_schema
    addressees = getaddresses([str(value) for value in message.get_all("To", [])])
    return any(address.lower() in reader.addresses for _name, address in addressees if address)


def caught_list(
    directory: Path, *, reader: CaughtReader, limit: int = 100, offset: int = 0
) -> list[dict]:
    """The latest caught e-mails the reader may read (`_shown_to`), newest first: `limit`
    of them after the first `offset`. Only each file's header block is read, without
    decoding (`_head`), and only the listed ones' subject and addresses are decoded: a busy
    catcher holds thousands of e-mails, mostly of other offices. A file's headers are kept
    once read: a caught e-mail never changes."""
    if not directory.exists():
        return []
    items = []
    skipped = 0
    for path in sorted(directory.glob("*.eml"), reverse=True):
        head = _head(path)
        if head is None or not _shown_to(head, reader):
            continue
        if skipped < offset:
            skipped += 1
            continue
        items.append(_summary(path, head))
        if len(items) >= limit:
            break
    return items


# path -> ((size, mtime), headers): the header blocks caught_list read. Files are written
# once and never changed; size and time guard against a file replaced by hand.
_HEAD_CACHE: dict[str, tuple[tuple[int, int], email.message.Message]] = {}
_HEAD_CACHE_MAX = 20_000
_HEAD_BYTES = 16_384


def _head(path: Path):
    """A caught file's headers, undecoded (compat32: the default policy's parsing of every
    header of a thousand files is what made the page slow)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    stamp = (stat.st_size, stat.st_mtime_ns)
    cached = _HEAD_CACHE.get(str(path))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with path.open("rb") as handle:
        block = handle.read(_HEAD_BYTES)
    end = re.search(rb"\r?\n\r?\n", block)
    headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(
        block[: end.start() + 1] if end else block
    )
    if len(_HEAD_CACHE) >= _HEAD_CACHE_MAX:
        _HEAD_CACHE.clear()
    _HEAD_CACHE[str(path)] = (stamp, headers)
    return headers


def caught_get(directory: Path, *, reader: CaughtReader, name: str) -> dict | None:
    path = directory / Path(name).name
    if not path.is_file() or path.suffix != ".eml":
        return None
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    if not _shown_to(message, reader):
        return None
    summary = _summary(path, message)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    summary["text"] = text.get_content() if text is not None else ""
    summary["html"] = _inline_images(message, html.get_content()) if html is not None else ""
    summary["attachments"] = [
        (part.get_filename(), len(part.get_payload(decode=True) or b""))
        for part in message.iter_attachments()
    ]
    return summary


def _inline_images(message, html: str) -> str:
    """The message's inline images (the office's logo, `cid:` in the HTML) as data: URLs, so
    the viewer shows the e-mail as a mail program would."""
    images = {}
    for part in message.walk():
        content_id = (part.get("Content-ID") or "").strip("<> ")
        if content_id and part.get_content_maintype() == "image":
            data = base64.b64encode(part.get_payload(decode=True) or b"").decode()
            images[content_id] = f"data:{part.get_content_type()};base64,{data}"
    if not images:
        return html
    return re.sub(
        r"cid:([^\"'\s>]+)", lambda match: images.get(match.group(1), match.group(0)), html
    )


def _summary(path: Path, message) -> dict:
    return {
        "name": path.name,
        "subject": _text(message.get("Subject", "")),
        "to": _text(message.get("To", "")),
        "from": _text(message.get("From", "")),
        "date": _date(message.get("Date")),
        "platform": message.get(OFFICE_HEADER) is None,
    }


def _text(value) -> str:
    """A header's words, encoded words (=?utf-8?...?=) decoded, folding undone."""
    try:
        return " ".join(str(make_header(decode_header(str(value)))).split())
    except (HeaderParseError, LookupError, UnicodeError):
        return " ".join(str(value).split())


def _date(value) -> datetime | None:
    """The Date header as an aware datetime (the page shows it in the reader's language and
    the office's time zone), None when missing or unreadable."""
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
