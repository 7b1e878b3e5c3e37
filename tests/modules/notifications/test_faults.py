"""Outages of the servers notifications depend on, with the real servers stopped and started
again: SMTP (aiosmtpd on loopback) and the broker's Redis (a redis-server of its own)."""

import datetime

import dramatiq
import pytest

from modules.notifications.models import Delivery
from modules.notifications.services import delivery_requeue_stale, delivery_send, notify
from modules.notifications.services.notify import delivery_enqueue
from modules.notifications.tasks import QUEUE
from tests.helpers.net import free_port
from tests.helpers.redis import broker_on_own_redis
from tests.modules.notifications.factories import email_recipient

MAIL = {
    "client_name": "Zielony Las",
    "mail_sender": "ZUS",
    "mail_type": "list",
    "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
}


@pytest.fixture
def broker_redis(_empty_notification_queue):
    """Given back before the queue fixture empties the suite's broker."""
    with broker_on_own_redis() as (server, client):
        yield server, client


def _queued_messages(client) -> int:
    return client.llen(f"{dramatiq.get_broker().namespace}:{QUEUE}")


def _deliveries(count: int) -> list[int]:
    email_recipient()
    ids = []
    for _n in range(count):
        notification = notify(event="mail.new", client_id=1, context=MAIL)
        ids += list(notification.deliveries.values_list("pk", flat=True))
    return ids


def test_redis_down_at_enqueue_loses_no_delivery(
    in_office_a, broker_redis, django_capture_on_commit_callbacks
):
    server, client = broker_redis
    server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        ids = _deliveries(3)  # each notify() enqueues after its commit: the broker is down
    assert Delivery.objects.filter(pk__in=ids, status="queued").count() == 3
    assert delivery_requeue_stale() == 0  # not stale yet: a message may still be on its way
    server.start()
    assert _queued_messages(client) == 0
    assert delivery_requeue_stale(older_than=datetime.timedelta(0)) == 3
    # One message for the three (a batch), in the broker that is back.
    assert _queued_messages(client) == 1


def test_a_delivery_enqueued_twice_is_sent_once(in_office_a, smtp_server, broker_redis):
    (delivery_id,) = _deliveries(1)
    assert delivery_enqueue([delivery_id]) == 1
    assert delivery_requeue_stale(older_than=datetime.timedelta(0)) == 1
    assert delivery_send(delivery_id=delivery_id) == "sent"
    assert delivery_send(delivery_id=delivery_id) == "skipped"
    assert len(smtp_server.messages) == 1
    assert delivery_requeue_stale(older_than=datetime.timedelta(0)) == 0


def test_smtp_down_retries_and_sends_once_when_it_is_back(in_office_a, monkeypatch, broker_redis):
    from modules.notifications.devtools.mailcatcher import catcher_start

    port = free_port()
    monkeypatch.setenv("NOTIFICATIONS_EMAIL_URL", f"smtp://127.0.0.1:{port}")
    (delivery_id,) = _deliveries(1)
    # Nothing listens: the attempt is recorded, the delivery queued again with a backoff.
    assert delivery_send(delivery_id=delivery_id) == "retry"
    delivery = Delivery.objects.get(pk=delivery_id)
    assert (delivery.status, delivery.attempts) == ("queued", 1)
    assert "ConnectionRefusedError" in delivery.error
    assert _queued_messages(broker_redis[1]) == 0  # a delayed retry waits in the delay queue
    controller = catcher_start("127.0.0.1", port)
    try:
        assert delivery_send(delivery_id=delivery_id) == "sent"
        assert delivery_send(delivery_id=delivery_id) == "skipped"
        assert len(controller.handler.messages) == 1
    finally:
        controller.stop()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == ("sent", 2, "")


def test_a_delivery_whose_worker_died_mid_send_is_swept_and_sent_once(
    in_office_a, smtp_server, broker_redis
):
    from django.utils import timezone

    (delivery_id,) = _deliveries(1)
    # What a worker killed (kill -9) after claiming leaves: claimed, never marked.
    Delivery.objects.filter(pk=delivery_id).update(
        status="sending", claimed_at=timezone.now() - datetime.timedelta(minutes=30), attempts=1
    )
    assert delivery_requeue_stale() == 1
    assert _queued_messages(broker_redis[1]) == 1
    assert delivery_send(delivery_id=delivery_id) == "sent"
    assert len(smtp_server.messages) == 1
    assert delivery_requeue_stale() == 0
