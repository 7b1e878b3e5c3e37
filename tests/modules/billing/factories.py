"""Billing test data, made through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from modules.billing.services import assignment_set, package_create, service_create, usage_record
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register

MARCH = dt.date(2026, 3, 1)


def biznes(**data):
    from modules.billing.models import Package

    existing = Package.objects.filter(name=data.get("name", "Biznes")).first()
    if existing is not None:
        return existing
    return package_create(
        actor=None,
        data={
            "name": "Biznes",
            "price": Decimal("199.00"),
            "limit_mail_items": 10,
            "limit_scans": 5,
            "over_mail_items": Decimal("2.50"),
            "over_scans": Decimal("3.00"),
            "scan_requests_allowed": True,
            "scan_default_cost": Decimal("4.00"),
            **data,
        },
    )


def courier():
    return service_create(
        actor=None,
        data={
            "name_pl": "Kurier",
            "name_sk": "Kuriér",
            "name_en": "Courier",
            "unit": "piece",
            "net_price": Decimal("15.99"),
            "vat_rate": "23",
        },
    )


def room_hour():
    return service_create(
        actor=None,
        data={
            "name_pl": "Sala",
            "name_sk": "Hodina zasadačky",
            "name_en": "Room hour",
            "unit": "hour",
            "net_price": Decimal("40.00"),
            "vat_rate": "23",
            "metric": "room_hours",
        },
    )


def on_package(package, client=None, starts_on=dt.date(2026, 1, 1), **terms):
    client = client or ClientFactory()
    assignment_set(client=client, package=package, starts_on=starts_on, actor=None, terms=terms)
    return client


def mail_on(client, day: dt.date, cost: str = "0", **data):
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    return item_register(client=client, received_at=when, additional_cost=Decimal(cost), **data)


def fixture_month():
    """March 2026 of one client on Biznes: every kind of line, and two roundings that half
    up and half even answer differently (7.50 x 23% = 1.725; 0.1 x 0.05 = 0.005)."""
    client = on_package(biznes())
    for n in range(12):  # 10 included: 2 over at 2.50
        cost = {0: "12.30", 1: "7.50"}.get(n, "0")
        mail_on(client, dt.date(2026, 3, 2 + n), cost, additional_info="Kurier" if n == 0 else "")
    usage_record(client=client, date=dt.date(2026, 3, 5), quantity=Decimal("3"), service=courier())
    usage_record(
        client=client, date=dt.date(2026, 3, 6), quantity=Decimal("1.5"), service=room_hour()
    )
    usage_record(
        client=client,
        date=dt.date(2026, 3, 7),
        quantity=Decimal("0.1"),
        description="Photocopy",
        unit_price=Decimal("0.05"),
    )
    return client
