import datetime
from pathlib import Path

import dramatiq
from django.conf import settings

from modules.notifications.models import Delivery, SmsDayCount
from modules.notifications.services import (
    Attachment,
    delivery_resend,
    delivery_send,
    notify,
    settings_update,
)
from modules.notifications.services.delivery import MAX_ATTEMPTS, retry_delay_ms
from modules.notifications.tasks import QUEUE, delivery_send_task
from tests.modules.notifications.factories import email_recipient, sms_recipient

MAIL = {
    "client_name": "Zielony Las",
    "mail_sender": "ZUS",
    "mail_type": "list",
    "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
}


def _one(**kwargs) -> Delivery:
    notification = notify(event="mail.new", client_id=1, context=MAIL, **kwargs)
    return Delivery.objects.get(notification=notification, channel="email")


def _delayed_messages() -> list:
    broker = dramatiq.get_broker()
    key = f"{broker.namespace}:{dramatiq.common.dq_name(QUEUE)}.msgs"
    return [dramatiq.Message.decode(raw) for raw in broker.client.hvals(key)]


def test_email_is_delivered_as_text_and_html_with_office_headers(
    in_office_a, office_a, smtp_server
):
    email_recipient(language="en")
    settings_update(actor=None, office_email="biuro@office-a.pl")
    delivery = _one()
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    (message,) = smtp_server.messages
    assert message["Subject"] == "New mail from ZUS"
    assert message["To"] == "biuro@zielonylas.pl"
    assert message["From"] == f"{office_a.name} <no-reply@vireo.local>"
    assert message["Reply-To"] == "biuro@office-a.pl"
    assert message["X-Vireo-Office"] == office_a.schema_name
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert text.replace("\r\n", "\n").strip() == delivery.body
    assert "<p>Hello,</p>" in html
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == ("sent", 1, "")
    assert delivery.sent_at is not None


def test_html_part_escapes_whatever_the_values_hold(in_office_a, smtp_server):
    email_recipient(language="en")
    delivery = Delivery.objects.get(
        notification=notify(
            event="mail.new", client_id=1, context={**MAIL, "mail_sender": "<script>x</script>"}
        )
    )
    delivery_send(delivery_id=delivery.pk)
    html = smtp_server.messages[0].get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_sending_twice_sends_once(in_office_a, smtp_server):
    email_recipient()
    delivery = _one()
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert delivery_send(delivery_id=delivery.pk) == "skipped"
    delivery_send_task.fn(delivery.pk)
    assert len(smtp_server.messages) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_failing_smtp_server_is_retried_with_exponential_backoff(
    in_office_a, smtp_server, fast_retries
):
    email_recipient()
    smtp_server.fail_next = 2
    delivery = _one()
    assert delivery_send(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("queued", 1)
    assert delivery.error.startswith("451 4.3.0 Try again later")
    assert [(m.args, m.options["eta"] > 0) for m in _delayed_messages()] == [((delivery.pk,), True)]
    assert delivery_send(delivery_id=delivery.pk) == "retry"
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == ("sent", 3, "")
    assert len(smtp_server.messages) == 1
    assert [retry_delay_ms(n) for n in (1, 2, 3)] == [100, 200, 400]


def test_delivery_fails_after_the_last_attempt(in_office_a, smtp_server, fast_retries):
    email_recipient()
    smtp_server.fail_next = 100
    delivery = _one()
    results = [delivery_send(delivery_id=delivery.pk) for _ in range(MAX_ATTEMPTS)]
    assert results == ["retry"] * (MAX_ATTEMPTS - 1) + ["failed"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS)
    assert delivery.failed_at is not None
    assert smtp_server.messages == []


def test_permanent_refusal_fails_without_retry(in_office_a, smtp_server):
    email_recipient()
    smtp_server.refuse_reply = "550 5.1.1 No such user"
    delivery = _one()
    assert delivery_send(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "550" in delivery.error
    assert _delayed_messages() == []


def test_unreachable_smtp_server_is_a_temporary_failure(in_office_a, monkeypatch):
    monkeypatch.setenv("NOTIFICATIONS_EMAIL_URL", "smtp://127.0.0.1:9")
    email_recipient()
    delivery = _one()
    assert delivery_send(delivery_id=delivery.pk) == "retry"


def test_small_attachments_are_attached(in_office_a, office_a, smtp_server):
    folder = Path(settings.MEDIA_ROOT) / office_a.schema_name / "tests"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scan-small.pdf").write_bytes(b"%PDF-1.4 small")
    email_recipient()
    delivery = _one(
        attachments=[
            Attachment(
                path="tests/scan-small.pdf", filename="skan.pdf", content_type="application/pdf"
            )
        ]
    )
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    (part,) = list(smtp_server.messages[0].iter_attachments())
    assert (part.get_filename(), part.get_payload(decode=True)) == ("skan.pdf", b"%PDF-1.4 small")


def test_resend_creates_a_new_log_entry_and_sends_again(
    in_office_a, smtp_server, staff_a, django_capture_on_commit_callbacks
):
    email_recipient()
    delivery = _one()
    delivery_send(delivery_id=delivery.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        copy = delivery_resend(delivery=delivery, actor=staff_a)
    assert len(callbacks) == 1
    assert (copy.resend_of_id, copy.status, copy.body) == (delivery.pk, "queued", delivery.body)
    assert delivery_send(delivery_id=copy.pk) == "sent"
    assert len(smtp_server.messages) == 2


def test_sms_is_sent_through_the_vonage_sdk(in_office_a, vonage_server):
    settings_update(actor=None, sms_sender_id="BiuroA")
    sms_recipient(address="+48601234567", language="pl")
    notification = notify(event="mail.new", client_id=1, context=MAIL)
    delivery = Delivery.objects.get(notification=notification, channel="sms")
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    (received,) = vonage_server.messages
    assert (received["to"], received["from"], received["type"]) == ("48601234567", "BiuroA", "text")
    assert received["text"] == "Biuro A: nowa korespondencja, nadawca: ZUS (list)."
    delivery.refresh_from_db()
    assert delivery.provider_ref == received["message-id"]
    assert delivery.segments == 1


def test_throttled_sms_is_retried(in_office_a, vonage_server, fast_retries):
    sms_recipient()
    vonage_server.fail_next = 1
    delivery = Delivery.objects.get(
        notification=notify(event="mail.new", client_id=1, context=MAIL)
    )
    assert delivery_send(delivery_id=delivery.pk) == "retry"
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert len(vonage_server.messages) == 1
    assert SmsDayCount.objects.get().parts == 1  # the failed attempt gave its part back


def test_daily_sms_cap_stops_sending(in_office_a, vonage_server):
    settings_update(actor=None, sms_daily_cap=2)
    for n in range(3):
        sms_recipient(address=f"+4860100000{n}")
    deliveries = list(
        Delivery.objects.filter(
            notification=notify(event="mail.new", client_id=1, context=MAIL)
        ).order_by("pk")
    )
    results = [delivery_send(delivery_id=d.pk) for d in deliveries]
    assert results == ["sent", "sent", "failed"]
    deliveries[2].refresh_from_db()
    assert deliveries[2].error == "The daily SMS limit of the office has been reached."
    assert len(vonage_server.messages) == 2
    assert SmsDayCount.objects.get().parts == 2


def test_resent_sms_still_respects_the_allow_list(in_office_a, vonage_server, staff_a):
    sms_recipient(address="+48601234567")
    delivery = Delivery.objects.get(
        notification=notify(event="mail.new", client_id=1, context=MAIL)
    )
    settings_update(actor=None, sms_countries=["SK"])
    copy = delivery_resend(delivery=delivery, actor=staff_a)
    assert delivery_send(delivery_id=copy.pk) == "failed"
    assert vonage_server.messages == []


def test_sms_with_national_characters_is_sent_as_unicode(in_office_a, vonage_server):
    sms_recipient(address="+421905123456", language="sk")
    delivery = Delivery.objects.get(
        notification=notify(
            event="mail.new", client_id=1, context={**MAIL, "mail_sender": "Daňový úrad"}
        )
    )
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    (received,) = vonage_server.messages
    assert (received["type"], received["text"]) == (
        "unicode",
        "Biuro A: nová pošta, odosielateľ: Daňový úrad (list).",
    )
