"""Two workers send the last SMS of the plan's month at the same moment (two real
transactions on two connections): the plan's check locks the office's Subscription row and
reserves the parts in the same transaction, so exactly one is sent and the other is refused.

Committed rows in an office of their own, removed afterwards (tests/modules/handover/
test_race.py explains why)."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from modules.notifications.models import Delivery, Notification, NotificationRecipient, SmsDayCount
from modules.notifications.services import delivery_send, notify, settings_update
from subscriptions.models import Plan, Subscription
from tests.helpers.offices import in_office
from tests.modules.notifications.factories import sms_recipient

MAIL = {
    "client_name": "Zielony Las",
    "mail_sender": "ZUS",
    "mail_type": "list",
    "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
}


def _clean() -> None:
    Delivery.objects.all().delete()
    Notification.objects.all().delete()
    NotificationRecipient.objects.all().delete()
    SmsDayCount.objects.all().delete()


@pytest.fixture
def last_sms_of_the_month(session_offices, django_db_blocker, vonage_server):
    from tenants.models import Office
    from tenants.services import office_provision

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        office = Office.objects.filter(slug="office-plans-sms").first() or office_provision(
            name="Biuro SMS", slug="office-plans-sms", country="PL"
        )
        plan = Plan.objects.create(
            code="race-one-sms",
            name="Jeden SMS",
            is_public=False,
            price_monthly=Decimal("1.00"),
            price_yearly=Decimal("10.00"),
            stripe_price_monthly="price_race_sms_m",
            stripe_price_yearly="price_race_sms_y",
            max_sms_per_month=1,
        )
        Subscription.objects.filter(office=office).delete()
        Subscription.objects.create(office=office, plan=plan, status=Subscription.Status.ACTIVE)
        with in_office(office):
            _clean()
            settings_update(actor=None, sms_countries=["PL"])
            sms_recipient(address="+48601000001")
            sms_recipient(address="+48601000002")
            notification = notify(event="mail.new", client_id=1, context=MAIL)
            ids = list(notification.deliveries.order_by("pk").values_list("pk", flat=True))
        connection.set_schema_to_public()
        yield office, ids
        with in_office(office):
            _clean()
        connection.set_schema_to_public()
        Subscription.objects.filter(office=office).delete()
        plan.delete()


def test_two_workers_at_the_edge_send_exactly_one_sms(
    last_sms_of_the_month, django_db_blocker, vonage_server
):
    office, ids = last_sms_of_the_month
    barrier = threading.Barrier(len(ids))
    results: dict[int, object] = {}

    def run(delivery_id: int) -> None:
        try:
            connection.set_tenant(office)
            barrier.wait(timeout=10)
            results[delivery_id] = delivery_send(delivery_id=delivery_id)
        except Exception as exc:
            results[delivery_id] = exc
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=run, args=(pk,)) for pk in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(map(str, results.values())) == ["failed", "sent"], results
        assert len(vonage_server.messages) == 1
        with in_office(office):
            assert SmsDayCount.objects.get().parts == 1
        connection.set_schema_to_public()
