import pytest

from modules.notifications.models import Delivery, Notification
from modules.notifications.services import (
    NotifyItem,
    delivery_send_batch,
    notify,
    notify_many,
    settings_get,
)
from modules.notifications.services.notify import ENQUEUE_BATCH
from tests.modules.notifications.factories import email_recipient, sms_recipient


def _context(name: str) -> dict:
    return {"client_name": name, "mail_sender": "ZUS", "mail_type": "list"}


def _messages() -> list[tuple]:
    return sorted(
        Delivery.objects.values_list("client_id", "channel", "address", "subject", "body")
    )


def test_notify_many_writes_what_notify_writes_one_by_one(in_office_a):
    for client_id in (1, 2, 3):
        email_recipient(client_id=client_id, address=f"k{client_id}@example.com", name="Ala")
    sms_recipient(client_id=2, events=["mail.new"])
    email_recipient(client_id=3, address="off@example.com", events=["mail.scan_added"])
    for client_id in (1, 2, 3):
        notify(event="mail.new", client_id=client_id, context=_context(f"Firma {client_id}"))
    one_by_one = _messages()
    Notification.objects.all().delete()
    notifications = notify_many(
        event="mail.new",
        items=[NotifyItem(client_id=c, context=_context(f"Firma {c}")) for c in (1, 2, 3)],
    )
    assert [n.client_id for n in notifications] == [1, 2, 3]
    assert _messages() == one_by_one
    assert [a for _c, _ch, a, _s, _b in one_by_one] == [
        "k1@example.com",
        "k2@example.com",
        "+48601234567",
        "k3@example.com",
    ]


def test_notify_many_reads_and_writes_set_based(in_office_a, django_assert_num_queries):
    for client_id in range(1, 41):
        email_recipient(client_id=client_id, address=f"k{client_id}@example.com")
    settings_get()
    # savepoint, settings, notifications, recipients, the recipients' people's chosen
    # languages (person_language), templates (one language), deliveries, release: the same
    # for 3 clients and for 40
    for count in (3, 40):
        with django_assert_num_queries(8):
            notify_many(
                event="mail.new",
                items=[NotifyItem(client_id=c, context=_context("F")) for c in range(1, count + 1)],
            )


def test_notify_many_enqueues_batches_after_commit(
    in_office_a, django_capture_on_commit_callbacks, monkeypatch
):
    from modules.notifications import tasks

    sent = []
    monkeypatch.setattr(tasks.delivery_send_batch_task, "send", lambda ids: sent.append(ids))
    for client_id in range(1, ENQUEUE_BATCH + 3):
        email_recipient(client_id=client_id, address=f"k{client_id}@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(
            event="mail.new",
            items=[NotifyItem(client_id=c, context=_context("F")) for c in range(1, 53)],
        )
        assert sent == []
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    assert sent == [ids[:ENQUEUE_BATCH], ids[ENQUEUE_BATCH:]]


def test_a_batch_is_sent_over_one_smtp_connection_and_only_once(in_office_a, smtp_server):
    for client_id in range(1, 6):
        email_recipient(client_id=client_id, address=f"k{client_id}@example.com")
    notify_many(
        event="mail.new",
        items=[NotifyItem(client_id=c, context=_context("F")) for c in range(1, 6)],
    )
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    assert set(delivery_send_batch(delivery_ids=ids).values()) == {"sent"}
    assert len(smtp_server.messages) == 5
    assert len(set(smtp_server.peers)) == 1
    assert set(delivery_send_batch(delivery_ids=ids).values()) == {"skipped"}
    assert len(smtp_server.messages) == 5


def test_a_failing_message_does_not_stop_the_rest_of_its_batch(
    in_office_a, smtp_server, fast_retries, monkeypatch
):
    from modules.notifications import tasks

    retried = []
    monkeypatch.setattr(
        tasks.delivery_send_task, "send_with_options", lambda **kw: retried.append(kw["args"])
    )
    for client_id in range(1, 4):
        email_recipient(client_id=client_id, address=f"k{client_id}@example.com")
    notify_many(
        event="mail.new",
        items=[NotifyItem(client_id=c, context=_context("F")) for c in range(1, 4)],
    )
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    smtp_server.fail_next = 1
    results = delivery_send_batch(delivery_ids=ids)
    assert [results[pk] for pk in ids] == ["retry", "sent", "sent"]
    assert retried == [(ids[0],)]
    assert len(smtp_server.messages) == 2
    assert len(set(smtp_server.peers)) == 1  # a fresh connection after the failure


def test_notify_many_refuses_office_events(in_office_a):
    with pytest.raises(ValueError, match="client events only"):
        notify_many(event="mail.scan_requested", items=[NotifyItem(client_id=1, context={})])
