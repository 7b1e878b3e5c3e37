"""Reading the office's mailbox over IMAP (imap-tools): new messages by UID since the last
one processed (per folder and UIDVALIDITY), each handed to `email_receive`. One fetch per
office at a time (a PostgreSQL advisory lock; a second worker skips), and the Message-ID
stops a message that comes again (another folder, a new UIDVALIDITY). A mailbox that cannot
be reached is tried again with backoff (1, 2, 4... minutes, at most an hour) and shown in
the office's health (the staff dashboard and Administration > Helpdesk > E-mail intake)."""

from __future__ import annotations

import datetime as dt
import hashlib
import imaplib
import logging
import re
import socket
import ssl
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from imap_tools import AND, BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted, U
from imap_tools.errors import MailboxLoginError, UnexpectedCommandStatusError

from common.exceptions import ApplicationError
from modules.helpdesk.intake.services import email_receive, intake_password, intake_settings_get
from modules.helpdesk.models import IntakeFolder, IntakeSettings

log = logging.getLogger("vireo.helpdesk.intake")
BATCH = 50  # messages per IMAP FETCH
TIMEOUT = 30
BACKOFF_MAX = dt.timedelta(hours=1)
OUTAGE = (
    OSError,
    socket.timeout,
    ssl.SSLError,
    imaplib.IMAP4.error,
    MailboxLoginError,
    UnexpectedCommandStatusError,
)
_UID = re.compile(rb"UID (\d+)")


def mailbox_open(row: IntakeSettings, *, password: str | None = None) -> BaseMailBox:
    """A logged-in mailbox for the settings (the stored password unless one is given)."""
    kinds = {
        IntakeSettings.Security.SSL: MailBox,
        IntakeSettings.Security.STARTTLS: MailBoxStartTls,
        IntakeSettings.Security.NONE: MailBoxUnencrypted,
    }
    box = kinds[row.security](row.host, row.port, timeout=TIMEOUT)
    return box.login(row.username, intake_password(row) if password is None else password)


def connection_test(row: IntakeSettings, *, password: str | None = None) -> dict:
    """Log in, open the folder and count its messages; ApplicationError with what failed."""
    try:
        with mailbox_open(row, password=password) as box:
            status = box.folder.status(row.folder, ["MESSAGES", "UIDVALIDITY"])
    except MailboxLoginError as exc:
        raise ApplicationError(
            _("The server refused the user name or password."), code="login"
        ) from exc
    except OUTAGE as exc:
        raise ApplicationError(
            _("Could not read the mailbox: %(error)s") % {"error": _error(exc)}, code="outage"
        ) from exc
    return {"messages": status.get("MESSAGES", 0), "uidvalidity": status.get("UIDVALIDITY")}


def _error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


@contextmanager
def _office_lock():
    """Held while one worker reads this office's mailbox; False when another one does."""
    key = int.from_bytes(
        hashlib.sha256(f"{connection.schema_name}:helpdesk-intake".encode()).digest()[:8],
        "big",
        signed=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _raw_messages(box: BaseMailBox, uids: list[str]):
    """(uid, raw bytes) of each UID, BATCH a FETCH, without marking them seen."""
    for start in range(0, len(uids), BATCH):
        chunk = uids[start : start + BATCH]
        typ, data = box.client.uid("FETCH", ",".join(chunk), "(UID BODY.PEEK[])")
        if typ != "OK":
            raise imaplib.IMAP4.error(f"FETCH {typ}: {data!r}"[:300])
        for item in data:
            if isinstance(item, tuple) and len(item) == 2:
                found = _UID.search(item[0])
                if found:
                    yield int(found.group(1)), item[1]


def _failed(state: IntakeFolder, exc: Exception, now: dt.datetime) -> None:
    state.failures += 1
    state.failing_since = state.failing_since or now
    state.last_error = _error(exc)
    delay = min(dt.timedelta(minutes=2 ** (state.failures - 1)), BACKOFF_MAX)
    state.next_attempt_at = now + delay
    state.save()
    log.warning(
        "intake: mailbox failed (%s), next attempt %s", state.last_error, state.next_attempt_at
    )


def _progress(state: IntakeFolder, uid: int) -> None:
    if uid:
        IntakeFolder.objects.filter(pk=state.pk, last_uid__lt=uid).update(last_uid=uid)


def intake_fetch(*, now: dt.datetime | None = None, force: bool = False) -> dict:
    """Read the office's new mail once. Returns counts: {"received", "skipped"} or
    {"skipped_reason"}. Never raises for the mailbox or a message."""
    now = now or timezone.now()
    row = intake_settings_get()
    if not row.enabled or not row.host:
        return {"skipped_reason": "disabled"}
    state, _created = IntakeFolder.objects.get_or_create(folder=row.folder)
    if not force and state.next_attempt_at and state.next_attempt_at > now:
        return {"skipped_reason": "backoff"}
    with _office_lock() as got:
        if not got:
            return {"skipped_reason": "locked"}
        state.refresh_from_db()
        counts = {"received": 0, "skipped": 0}
        try:
            with mailbox_open(row) as box:
                box.folder.set(row.folder)
                status = box.folder.status(row.folder, ["UIDVALIDITY"])
                validity = int(status["UIDVALIDITY"])
                if state.uidvalidity != validity:
                    # A new UIDVALIDITY: UIDs mean other messages now; start over (the
                    # Message-IDs keep what was processed from coming in again).
                    state.uidvalidity, state.last_uid = validity, 0
                    state.save(update_fields=["uidvalidity", "last_uid"])
                uids = [
                    u
                    for u in box.uids(AND(uid=U(state.last_uid + 1, "*")))
                    if int(u) > state.last_uid
                ]
                senders: dict = {}  # who a sender is, known once per run
                last = 0
                messages = _raw_messages(box, sorted(uids, key=int))
                for done, (uid, raw) in enumerate(messages, 1):
                    received = email_receive(
                        raw=raw, folder=row.folder, uid=uid, uidvalidity=validity, senders=senders
                    )
                    counts["received" if received is not None else "skipped"] += 1
                    last = uid
                    if done % BATCH == 0:
                        # Progress per FETCH batch: a run that dies re-reads at most one
                        # batch, whose Message-IDs are known already.
                        _progress(state, last)
                _progress(state, last)
        except OUTAGE as exc:
            state.refresh_from_db()
            _failed(state, exc, now)
            counts["error"] = state.last_error
            return counts
        IntakeFolder.objects.filter(pk=state.pk).update(
            failures=0,
            failing_since=None,
            last_error="",
            next_attempt_at=None,
            last_success_at=timezone.now(),
        )
        return counts
