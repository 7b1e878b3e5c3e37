"""The jobs' outbox (common.jobs): the broker's Redis stopped in the middle of 50 requests
that enqueue work, with a real worker afterwards. Every request answers, the pages that
enqueue nothing keep being served, and once Redis is back the sweeps send what it missed:
the jobs recorded equal the jobs done, each done once."""

from __future__ import annotations

import datetime

import dramatiq
import pytest
from django.db import connection
from django.utils import timezone
from dramatiq import Worker

from accounts.models import Role
from common.storage import office_delete, office_files_older
from modules.mail.models import MailExport
from modules.mail.services.exports import mail_export_requeue_stale
from modules.mail.tasks import QUEUE
from tests.helpers.offices import OfficeClient, in_office, member
from tests.helpers.redis import broker_on_own_redis

EXPORTS = "mail/exports"
FAR_FUTURE = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def committed_admin(session_offices, django_db_blocker):
    """An admin committed to the database: the worker's threads read what the requests
    committed, so this test cannot run inside the usual rolled-back transaction."""
    office = session_offices[0]
    with django_db_blocker.unblock():
        person = member(office, Role.ADMIN)
        yield office, person
        connection.set_schema_to_public()
        with in_office(office):
            exports = MailExport.objects.filter(created_by=person)
            office_delete(*exports.values_list("path", flat=True))
            exports.delete()
        connection.set_schema_to_public()
        person.memberships.all().delete()
        person.delete()


def _mail_queue_length(client) -> int:
    return client.llen(f"{dramatiq.get_broker().namespace}:{QUEUE}")


def test_redis_stopped_during_50_requests_loses_no_job(committed_admin, monkeypatch):
    from modules.mail.views import files

    office, person = committed_admin
    monkeypatch.setattr(files, "SYNC_LIMIT", -1)  # every export goes to the worker
    browser = OfficeClient(office, user=person)
    with in_office(office):
        files_before = len(office_files_older(EXPORTS, FAR_FUTURE))
    connection.set_schema_to_public()

    with broker_on_own_redis() as (server, client):
        answers, pages_while_down = [], []
        for n in range(50):
            if n == 10:
                server.stop()
            if n == 40:
                server.start()
            answers.append(browser.get("/mail/export/").status_code)
            if 10 <= n < 40:
                pages_while_down.append(browser.get("/mail/").status_code)
        assert answers == [302] * 50
        assert pages_while_down == [200] * 30
        # Only the last 10 wait in the broker: the 30 sent while Redis was down never reached
        # it, and it came back empty (no persistence), without the first 10.
        assert _mail_queue_length(client) == 10

        with in_office(office):
            exports = MailExport.objects.filter(created_by=person)
            assert exports.filter(status=MailExport.Status.QUEUED).count() == 50
            assert mail_export_requeue_stale() == 0  # not stale yet: they may be on their way
            # Ten minutes on: every export still queued is sent again, the 10 whose message
            # is in the broker too (the sweep cannot tell): 60 messages for 50 jobs.
            exports.update(updated_at=timezone.now() - datetime.timedelta(minutes=11))
            assert mail_export_requeue_stale() == 50
        connection.set_schema_to_public()
        assert _mail_queue_length(client) == 60

        broker = dramatiq.get_broker()
        worker = Worker(broker, worker_threads=2, queues={QUEUE})
        worker.start()
        try:
            broker.join(QUEUE, timeout=120_000)
        finally:
            worker.stop()

    with in_office(office):
        done = list(exports.values_list("status", "path"))
        assert [status for status, _path in done] == ["done"] * 50
        assert len({path for _status, path in done}) == 50
        # Each job ran once: one file per export, none written twice.
        assert len(office_files_older(EXPORTS, FAR_FUTURE)) == files_before + 50
    connection.set_schema_to_public()
