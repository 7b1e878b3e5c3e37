"""Mail's jobs when the broker lost their message or their worker (common.jobs): the
export and the scanner's file are their own records, and the sweep sends them again."""

import datetime
import io
import os

from django.utils import timezone

from common.storage import office_exists, office_path, office_save
from modules.mail.models import InboxScan, MailExport
from modules.mail.selectors import MailFilters
from modules.mail.services.exports import (
    mail_export_requeue_stale,
    mail_export_run,
    mail_export_start,
)
from modules.mail.services.intake import scan_ingest, scan_queue_name, scan_queue_requeue_stale
from modules.mail.tasks import mail_export_run_task, scan_ingest_task
from tests.modules.mail.factories import item_register, pdf_bytes


def test_an_export_whose_worker_died_is_swept_and_written_once(
    in_office_a, staff_a, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(mail_export_run_task, "send", lambda *args: sent.append(args))
    item = item_register()
    with django_capture_on_commit_callbacks(execute=True):
        export = mail_export_start(
            actor=staff_a, filters=MailFilters(client_id=item.client_id), total=1, language="en"
        )
    assert sent == [(export.pk,)]
    assert mail_export_requeue_stale() == 0
    # What a worker killed (kill -9) mid-file leaves: running, not touched for longer than
    # the task's time limit.
    MailExport.objects.filter(pk=export.pk).update(
        status="running", updated_at=timezone.now() - datetime.timedelta(minutes=40)
    )
    assert mail_export_requeue_stale() == 1
    assert sent == [(export.pk,), (export.pk,)]
    first = mail_export_run(export_id=export.pk)
    again = mail_export_run(export_id=export.pk)  # the other message: already done
    assert (first.status, first.done, again.path) == ("done", 1, first.path)
    assert mail_export_requeue_stale() == 0


def test_a_scanner_file_whose_job_was_lost_is_swept_and_ingested_once(in_office_a, monkeypatch):
    sent = []
    monkeypatch.setattr(scan_ingest_task, "send", lambda *args: sent.append(args))
    name = scan_queue_name("skan.pdf", account_id=None)
    relative = office_save(name, io.BytesIO(pdf_bytes()))
    assert scan_queue_requeue_stale() == 0  # stored a moment ago: its message is on its way
    eleven_minutes_ago = (timezone.now() - datetime.timedelta(minutes=11)).timestamp()
    os.utime(office_path(relative), (eleven_minutes_ago, eleven_minutes_ago))
    assert scan_queue_requeue_stale() == 1
    assert sent == [(relative, None)]
    scan_ingest(spool_relative=relative, account_id=None)
    assert scan_ingest(spool_relative=relative, account_id=None) is None  # gone: once
    assert not office_exists(relative)
    assert InboxScan.objects.filter(original_name="skan.pdf").count() == 1
    assert scan_queue_requeue_stale() == 0
