"""The plan's SMS a month (subscriptions.access.plan_limit_check, limit "sms_per_month"): an
SMS past it is not sent, the reason is in the delivery log, the e-mail of the same
notification still goes, and the owners hear of it once a month."""

import datetime

from django.utils import timezone

from accounts.models import Role
from common.models import PlatformEmail
from modules.notifications.models import Delivery, SmsDayCount
from modules.notifications.selectors import sms_parts_month
from modules.notifications.services import delivery_send, notify, settings_update
from tests.helpers.offices import member
from tests.modules.notifications.factories import email_recipient, sms_recipient
from tests.platform.subscriptions.factories import subscription_for

MAIL = {
    "client_name": "Zielony Las",
    "mail_sender": "ZUS",
    "mail_type": "list",
    "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
}
REASON = (
    "Not sent: the SMS included in the office's plan for this month are used up. "
    "Choose a larger plan under Subscription to send SMS again this month."
)


def _today(office) -> datetime.date:
    with timezone.override(office.time_zone):
        return timezone.localdate()


def _used(office, parts: int) -> None:
    SmsDayCount.objects.update_or_create(day=_today(office), defaults={"parts": parts})


def _deliveries(channel: str) -> list[Delivery]:
    notification = notify(event="mail.new", client_id=1, context=MAIL)
    return list(Delivery.objects.filter(notification=notification, channel=channel).order_by("pk"))


def test_the_last_sms_of_the_plan_goes_the_next_is_not_sent_and_the_email_goes(
    in_office_a, office_a, vonage_server, smtp_server
):
    owner = member(office_a, Role.OWNER)
    member(office_a, Role.ADMIN)  # administrators are not told: the owners choose the plan
    subscription_for(office_a, plan="start")  # 100 SMS a month
    settings_update(actor=None, sms_daily_cap=1000)
    _used(office_a, 99)
    email_recipient()
    sms_recipient(address="+48601000001")
    sms_recipient(address="+48601000002")
    notification = notify(event="mail.new", client_id=1, context=MAIL)
    deliveries = list(Delivery.objects.filter(notification=notification).order_by("pk"))
    results = {d.address: delivery_send(delivery_id=d.pk) for d in deliveries}
    assert results == {
        "biuro@zielonylas.pl": "sent",
        "+48601000001": "sent",  # the 100th part: at the edge, sent
        "+48601000002": "failed",
    }
    refused = Delivery.objects.get(address="+48601000002")
    assert (refused.status, refused.error, refused.sent_at) == ("failed", REASON, None)
    assert len(vonage_server.messages) == 1
    assert len(smtp_server.messages) == 1
    assert sms_parts_month(office=office_a) == 100  # the refused SMS reserved nothing
    (notice,) = PlatformEmail.objects.filter(kind="billing_sms_limit_reached")
    assert notice.to == [owner.email]
    # In the office's language (Polish), whatever the worker's.
    assert notice.subject == (
        "SMS-y wstrzymane w Vireo (biuro: Biuro A): limit SMS na ten miesiąc został wykorzystany"
    )
    assert "zawarte w planie Start na ten miesiąc (100)" in notice.text
    assert "wybierz większy plan w zakładce Subskrypcja" in notice.text
    assert f"{office_a.url}/administration/subscription/" in notice.text


def test_the_owners_are_told_once_a_month(in_office_a, office_a, vonage_server):
    member(office_a, Role.OWNER)
    subscription = subscription_for(office_a, plan="start")
    _used(office_a, 100)
    sms_recipient(address="+48601000001")
    for _ in range(2):
        (delivery,) = _deliveries("sms")
        assert delivery_send(delivery_id=delivery.pk) == "failed"
    assert PlatformEmail.objects.filter(kind="billing_sms_limit_reached").count() == 1
    subscription.refresh_from_db()
    assert subscription.sms_limit_notified_on == _today(office_a)
    # A notice of last month does not count for this one.
    last_month = _today(office_a).replace(day=1) - datetime.timedelta(days=1)
    subscription.__class__.objects.filter(pk=subscription.pk).update(
        sms_limit_notified_on=last_month
    )
    (delivery,) = _deliveries("sms")
    assert delivery_send(delivery_id=delivery.pk) == "failed"
    assert PlatformEmail.objects.filter(kind="billing_sms_limit_reached").count() == 2
    assert vonage_server.messages == []


def test_a_long_sms_counts_its_parts_against_the_plan(in_office_a, office_a, vonage_server):
    subscription_for(office_a, plan="start")
    _used(office_a, 99)
    sms_recipient(address="+48601000001")
    notification = notify(event="mail.new", client_id=1, context={**MAIL, "mail_sender": "Z" * 200})
    delivery = Delivery.objects.get(notification=notification, channel="sms")
    assert delivery.segments == 2
    assert delivery_send(delivery_id=delivery.pk) == "failed"
    assert vonage_server.messages == []


def test_last_month_and_other_offices_do_not_count(in_office_a, office_a, vonage_server):
    subscription_for(office_a, plan="start")
    first = _today(office_a).replace(day=1)
    SmsDayCount.objects.create(day=first - datetime.timedelta(days=1), parts=500)
    _used(office_a, 50)
    assert sms_parts_month(office=office_a) == 50
    sms_recipient(address="+48601000001")
    (delivery,) = _deliveries("sms")
    assert delivery_send(delivery_id=delivery.pk) == "sent"


def test_an_office_without_a_subscription_has_no_sms_cap(in_office_a, office_a, vonage_server):
    from subscriptions.models import Subscription

    assert not Subscription.objects.filter(office=office_a).exists()
    settings_update(actor=None, sms_daily_cap=100000)
    _used(office_a, 5000)
    sms_recipient(address="+48601000001")
    (delivery,) = _deliveries("sms")
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert not PlatformEmail.objects.filter(kind="billing_sms_limit_reached").exists()


def test_an_unlimited_plan_has_no_sms_cap(in_office_a, office_a, vonage_server):
    from subscriptions.models import Plan

    subscription_for(office_a, plan="pro")
    Plan.objects.filter(code="pro").update(max_sms_per_month=None)
    settings_update(actor=None, sms_daily_cap=100000)
    _used(office_a, 5000)
    sms_recipient(address="+48601000001")
    (delivery,) = _deliveries("sms")
    assert delivery_send(delivery_id=delivery.pk) == "sent"
