"""Demo notifications: the office's address, a few past
messages (recorded as delivered: nothing sends them while the demo is seeded, and the demo's
addresses are not real) and staff alerts."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from modules.notifications.models import Delivery, Notification
from modules.notifications.services import notify, settings_update


def seed_demo(*, office, people) -> None:
    if Notification.objects.exists():
        return
    slovak = office.country == "SK"
    settings_update(
        actor=None,
        office_email=f"{'kancelaria' if slovak else 'biuro'}@{office.slug}.example.com",
        office_phone="+421905100200" if slovak else "+48600100200",
        sms_sender_id="Vireo",
    )
    if office.slug != "demo":
        return
    # The demo clients' recipients are their contact persons (modules/clients/demo.py).
    with transaction.atomic():
        _past_messages(office)


def _past_messages(office) -> None:
    """Two messages of an hour ago, their deliveries marked sent before the transaction
    commits (the send task then finds nothing queued and does nothing)."""
    now = timezone.now() - dt.timedelta(hours=1)
    notify(
        event="mail.new",
        client_id=1,
        context={
            "client_name": "Zielony Las sp. z o.o.",
            "mail_sender": "Urząd Skarbowy Warszawa",
            "mail_type": "list polecony",
            "mail_received_at": now,
            "mail_items": 1,
            "scan_request_url": office.url + "/portal/",
        },
    )
    notify(
        event="mail.scan_requested",
        client_id=1,
        context={
            "client_name": "Zielony Las sp. z o.o.",
            "mail_sender": "ZUS",
            "mail_received_at": now,
            "requested_by": "Marek Zieliński",
            "requests_url": "/notifications/",
        },
    )
    Delivery.objects.filter(status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SENT, sent_at=now, attempts=1
    )
