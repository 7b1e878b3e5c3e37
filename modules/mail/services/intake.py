"""Scans from the office's scanners over FTP (M5): attach by file name, else the inbox of
unassigned scans; a bad file is quarantined with its reason, never lost silently."""

from __future__ import annotations

import datetime
import re
import uuid
from pathlib import Path, PurePosixPath

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.jobs import job_send
from common.storage import (
    office_copy,
    office_delete,
    office_exists,
    office_files_older,
    office_local_copy,
    office_new_name,
    office_size,
)
from common.uploads import storage_admit
from modules.audit.services import audit_record
from modules.clients.models import Client
from modules.mail.models import InboxScan, MailItem, MailScan
from modules.mail.services.config import settings_get
from modules.mail.services.items import mail_register, mail_scans_add
from modules.mail.services.scans import scan_stage
from tenants.selectors import office_language

# "2026-000123 faktura.pdf", "skan_2026_000123.pdf" name item 2026/000123.
_ITEM_NUMBER = re.compile(r"(?<!\d)(\d{4})[-_ ](\d{6,7})(?!\d)")
_WORD_SPLIT = re.compile(r"[\s_.,;()\[\]]+")


def scan_target_from_name(name: str) -> tuple[MailItem | None, Client | None]:
    """The item whose number, or else the client whose code, the file name carries."""
    stem = Path(name).stem
    for year, number in _ITEM_NUMBER.findall(stem):
        forms = {f"{year}/{number}", f"{year}/{int(number):06d}"}
        item = MailItem.objects.filter(number__in=forms).first()
        if item is not None:
            return item, None
    words = [w.upper() for w in _WORD_SPLIT.split(stem) if w]
    candidates = [stem.upper(), *words[:4]]
    codes = {c.code: c for c in Client.objects.filter(code__in=candidates)}
    for candidate in candidates:
        if candidate in codes:
            return None, codes[candidate]
    return None, None


SCAN_QUEUE = "mail/ftp-queue"
# A scanner's file still waiting after this long has no message in the broker (Redis was
# down when the FTP server stored it, or lost it): the sweep sends it again.
SCAN_QUEUE_STALE = datetime.timedelta(minutes=10)


def scan_queue_name(original_name: str, *, account_id: int | None) -> str:
    """Where the FTP server stores a received file for the worker: the scanner account
    travels in the name, so the sweep can send the job again without any other record."""
    return f"{SCAN_QUEUE}/{uuid.uuid4().hex}-{account_id or 0}__{original_name}"


def scan_queue_requeue_stale(*, older_than: datetime.timedelta = SCAN_QUEUE_STALE) -> int:
    """The outbox sweep of scanner files (common.jobs): send again the files of this office
    waiting longer than `older_than`. Returns how many were sent."""
    from modules.mail.tasks import scan_ingest_task

    sent = 0
    for relative in office_files_older(SCAN_QUEUE, timezone.now() - older_than):
        prefix = PurePosixPath(relative).name.split("__", 1)[0]
        account = prefix.rsplit("-", 1)[-1] if "-" in prefix else ""
        account_id = int(account) if account.isdigit() and account != "0" else None
        sent += job_send(scan_ingest_task, relative, account_id)
    return sent


def scan_ingest(*, spool_relative: str, account_id: int | None) -> InboxScan | MailScan | None:
    """Process one file a scanner uploaded, stored by the FTP server under
    mail/ftp-queue/ (idempotent: a file already processed is gone and nothing happens)."""
    if not office_exists(spool_relative):
        return None
    original_name = PurePosixPath(spool_relative).name.split("__", 1)[-1]
    max_bytes = settings_get().scan_max_bytes
    with translation.override(office_language()), office_local_copy(spool_relative) as path:
        try:
            staged = scan_stage(source_path=path, original_name=original_name, max_bytes=max_bytes)
        except ApplicationError as exc:
            return _to_inbox(
                spool_relative, original_name, InboxScan.State.QUARANTINED, exc.message, account_id
            )
        # The plan's storage never refuses the scanner (mail must not be lost): over it,
        # the office's owner is told instead (the guard subscriptions registers).
        storage_admit(size=staged.checked.size, automatic=True)
        item, client = scan_target_from_name(original_name)
        if item is None and client is None:
            staged.path.unlink(missing_ok=True)
            return _to_inbox(
                spool_relative,
                original_name,
                InboxScan.State.UNASSIGNED,
                "",
                account_id,
                content_type=staged.checked.content_type,
            )
        with transaction.atomic():
            if item is not None:
                scans = mail_scans_add(
                    item=item, staged=[staged], actor=None, source=MailScan.Source.FTP
                )
                scan = scans[0]
            else:
                new_item = mail_register(
                    actor=None,
                    staged=[staged],
                    scan_source=MailScan.Source.FTP,
                    data={
                        "client": client,
                        "sender": _("Unknown sender (scanner)"),
                        "mail_type": _default_type(),
                        "notes": _("Registered from the scanner file %(name)s.")
                        % {"name": original_name},
                    },
                )
                scan = new_item.scans.get()
        office_delete(spool_relative)
        return scan


def _default_type():
    from modules.mail.models import MailType

    return MailType.objects.filter(is_active=True).order_by("order", "pk").first()


def _to_inbox(
    queued: str, original_name: str, state: str, reason: str, account_id, content_type: str = ""
) -> InboxScan:
    folder = "quarantine" if state == InboxScan.State.QUARANTINED else "inbox"
    relative = office_copy(queued, office_new_name(f"mail/{folder}", ".bin"))
    try:
        inbox = InboxScan.objects.create(
            state=state,
            path=relative,
            original_name=original_name[:255],
            content_type=content_type,
            size=office_size(relative),
            reason=reason[:300],
            account_id=account_id,
        )
    except BaseException:
        office_delete(relative)  # the queued file stays: the next run tries again
        raise
    office_delete(queued)
    return inbox


@transaction.atomic
def inbox_attach(
    *, inbox: InboxScan, item: MailItem, actor, send_to_client: bool = False
) -> MailScan:
    """Attach an unassigned scanner file to an item (the inbox's two clicks)."""
    inbox = InboxScan.objects.select_for_update().get(pk=inbox.pk)
    if inbox.state != InboxScan.State.UNASSIGNED:
        raise ApplicationError(_("This file has already been dealt with."))
    with office_local_copy(inbox.path) as source:
        staged = scan_stage(
            source_path=source,
            original_name=inbox.original_name,
            max_bytes=settings_get().scan_max_bytes,
        )
    scans = mail_scans_add(
        item=item,
        staged=[staged],
        actor=actor,
        send_to_client=send_to_client,
        source=MailScan.Source.FTP,
    )
    inbox.state, inbox.item, inbox.resolved_at = InboxScan.State.ATTACHED, item, timezone.now()
    inbox.save(update_fields=["state", "item", "resolved_at"])
    name, schema = inbox.path, connection.schema_name
    transaction.on_commit(lambda: office_delete(name, schema=schema))
    return scans[0]


@transaction.atomic
def inbox_discard(*, inbox: InboxScan, actor) -> InboxScan:
    inbox = InboxScan.objects.select_for_update().get(pk=inbox.pk)
    if inbox.state not in (InboxScan.State.UNASSIGNED, InboxScan.State.QUARANTINED):
        raise ApplicationError(_("This file has already been dealt with."))
    inbox.state, inbox.resolved_at = InboxScan.State.DISCARDED, timezone.now()
    inbox.save(update_fields=["state", "resolved_at"])
    audit_record(
        action="mail.inbox_discarded", actor=actor, target=inbox, changes={"reason": inbox.reason}
    )
    name, schema = inbox.path, connection.schema_name
    transaction.on_commit(lambda: office_delete(name, schema=schema))
    return inbox
