"""Excel exports of the mail list (M6): small ones are streamed at once, big ones are
written by the worker while the page shows a progress bar."""

from __future__ import annotations

import datetime
import logging
import tempfile
import uuid

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import pgettext

from common.exports import export_file_name as file_name_for
from common.jobs import job_rows_requeue_stale, job_send_on_commit
from common.storage import office_save
from modules.mail.exports import mail_export_write
from modules.mail.models import MailExport
from modules.mail.selectors import OFFICE_WIDE, MailFilters

logger = logging.getLogger("vireo.mail")

# Up to this many rows the file is written during the request.
SYNC_LIMIT = 3000


def export_file_name() -> str:
    """In the language active now (the person's): "poczta-2026-12-05.xlsx"."""
    return file_name_for(pgettext("file name", "mail"))


@transaction.atomic
def mail_export_start(*, actor, filters: MailFilters, total: int, language: str) -> MailExport:
    from modules.mail.tasks import mail_export_run_task

    export = MailExport.objects.create(
        filters=filters.as_dict(),
        language=language,
        created_by=actor,
        total=total,
        file_name=export_file_name(),
    )
    job_send_on_commit(mail_export_run_task, export.pk)
    return export


# A queued export whose message has not started after this long never reached the broker
# (Redis was down); a running one older than the task's time limit lost its worker.
STALE_QUEUED = datetime.timedelta(minutes=10)
STALE_RUNNING = datetime.timedelta(minutes=35)


def mail_export_requeue_stale(
    *,
    queued_for: datetime.timedelta = STALE_QUEUED,
    running_for: datetime.timedelta = STALE_RUNNING,
) -> int:
    """The outbox sweep of exports (common.jobs): send again this office's exports queued or
    running for too long. Returns how many were sent."""
    from modules.mail.tasks import mail_export_run_task

    return job_rows_requeue_stale(
        MailExport, mail_export_run_task, queued_for=queued_for, running_for=running_for
    )


def mail_export_run(*, export_id: int) -> MailExport:
    """Write the file of a queued export. One run claims it, so an export sent twice (by
    the sweep and by a message that was not lost after all) is written once, and a finished
    one is not redone."""
    claimed = MailExport.objects.filter(pk=export_id, status=MailExport.Status.QUEUED).update(
        status=MailExport.Status.RUNNING, done=0, updated_at=timezone.now()
    )
    export = MailExport.objects.get(pk=export_id)
    if not claimed:
        return export

    def progress(done: int) -> None:
        MailExport.objects.filter(pk=export.pk).update(done=done, updated_at=timezone.now())

    try:
        # Written to a local temporary file, then stored whole (object storage takes files,
        # not appends).
        with translation.override(export.language), tempfile.TemporaryFile() as stream:
            count = mail_export_write(
                stream=stream,
                membership=OFFICE_WIDE,
                filters=MailFilters.from_dict(export.filters),
                progress=progress,
            )
            stream.seek(0)
            relative = office_save(f"mail/exports/{uuid.uuid4().hex}.xlsx", stream)
    except Exception as exc:
        logger.exception("mail export failed", extra={"export_id": export.pk})
        MailExport.objects.filter(pk=export.pk).update(
            status=MailExport.Status.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        raise
    MailExport.objects.filter(pk=export.pk).update(
        status=MailExport.Status.DONE,
        path=relative,
        done=count,
        total=count,
        finished_at=timezone.now(),
    )
    export.refresh_from_db()
    return export
