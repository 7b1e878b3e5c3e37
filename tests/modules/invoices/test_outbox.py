"""Invoice e-mails when the broker lost their message or their worker (common.jobs): the
mailing is the job's own row, and the sweep sends it again; each invoice goes out once."""

import datetime as dt

import dramatiq
import pytest
from django.utils import timezone

from modules.invoices import services
from modules.invoices.models import InvoiceMailing
from modules.invoices.services import delivery
from modules.invoices.tasks import invoice_mailing_run_task
from modules.notifications.models import Delivery
from tests.helpers.redis import broker_on_own_redis
from tests.modules.invoices.factories import buyer, draft, issued, office_details
from tests.modules.notifications.factories import email_recipient


@pytest.fixture(autouse=True)
def _details(in_office_a):
    office_details()


@pytest.fixture
def client():
    company = buyer(language="en")
    email_recipient(client_id=company.pk, address="ksiegowosc@example.com", language="en")
    return company


def _queue_length(redis_client) -> int:
    broker = dramatiq.get_broker()
    return redis_client.llen(f"{broker.namespace}:{invoice_mailing_run_task.queue_name}")


def _issued_quietly(client):
    return services.invoice_issue(invoice=draft(client), actor=None, notify_client=False)


def _age(minutes: int) -> None:
    InvoiceMailing.objects.update(updated_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_a_broker_outage_at_issue_loses_no_invoice_email(
    client, django_capture_on_commit_callbacks
):
    with broker_on_own_redis() as (server, redis_client):
        server.stop()
        with django_capture_on_commit_callbacks(execute=True):
            invoice = issued(client)  # the issue answers: its work is committed
        mailing = InvoiceMailing.objects.get()
        assert (mailing.invoice_ids, mailing.status) == ([invoice.pk], "queued")
        server.start()  # back, and empty (no persistence)
        assert _queue_length(redis_client) == 0
        assert services.invoice_mailing_requeue_stale() == 0  # its message may be on its way
        _age(11)
        assert services.invoice_mailing_requeue_stale() == 1
        assert _queue_length(redis_client) == 1
    done = services.invoice_mailing_run(mailing_id=mailing.pk)
    assert (done.status, done.sent, done.attempts) == ("done", 1, 1)
    assert Delivery.objects.filter(event="invoices.new").count() == 1
    assert services.invoice_mailing_requeue_stale() == 0


def test_a_mailing_sent_twice_emails_once(client, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(invoice_mailing_run_task, "send", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        invoices = services.invoices_issue(
            invoice_ids=[draft(client).pk, draft(client).pk], actor=None
        )[0]
    mailing = InvoiceMailing.objects.get()
    assert sent == [(mailing.pk,)]
    assert mailing.invoice_ids == [i.pk for i in invoices]
    first = services.invoice_mailing_run(mailing_id=mailing.pk)
    assert services.invoice_mailing_run(mailing_id=mailing.pk) is None  # the other message
    assert (first.status, first.sent) == ("done", 2)
    assert Delivery.objects.filter(event="invoices.new").count() == 2


def test_a_mailing_whose_worker_died_is_swept_and_sends_only_what_was_not_sent(client, monkeypatch):
    sent = []
    monkeypatch.setattr(invoice_mailing_run_task, "send", lambda *args: sent.append(args))
    first, second = _issued_quietly(client), _issued_quietly(client)
    services.invoices_deliver(invoice_ids=[first.pk])  # done before the worker was killed
    (mailing,) = services.invoice_mailing_create(invoice_ids=[first.pk, second.pk])
    # What a worker killed (kill -9) mid-run leaves: running, untouched past the time limit.
    InvoiceMailing.objects.update(status="running")
    _age(14)
    assert services.invoice_mailing_requeue_stale() == 0
    _age(16)
    assert services.invoice_mailing_requeue_stale() == 1
    assert sent == [(mailing.pk,)]
    done = services.invoice_mailing_run(mailing_id=mailing.pk)
    assert (done.status, done.sent) == ("done", 1)
    assert Delivery.objects.filter(event="invoices.new").count() == 2


def test_a_failing_mailing_is_queued_again_and_stops_after_its_attempts(client, monkeypatch):
    monkeypatch.setattr(invoice_mailing_run_task, "send", lambda *args: None)
    invoice = _issued_quietly(client)
    (mailing,) = services.invoice_mailing_create(invoice_ids=[invoice.pk])

    def storage_down(**kwargs):
        raise OSError("storage refused the PDF")

    monkeypatch.setattr(delivery, "invoices_deliver", storage_down)
    for attempt in range(1, delivery.MAILING_ATTEMPTS + 1):
        with pytest.raises(OSError):
            services.invoice_mailing_run(mailing_id=mailing.pk)
        mailing.refresh_from_db()
        status = "failed" if attempt == delivery.MAILING_ATTEMPTS else "queued"
        assert (mailing.status, mailing.attempts) == (status, attempt)
    assert mailing.error == "OSError: storage refused the PDF"
    assert services.invoice_mailing_run(mailing_id=mailing.pk) is None
    _age(60)
    assert services.invoice_mailing_requeue_stale() == 0
    assert not Delivery.objects.filter(event="invoices.new").exists()


def test_an_invoice_issued_without_telling_the_client_records_no_mailing(client):
    _issued_quietly(client)
    assert not InvoiceMailing.objects.exists()
