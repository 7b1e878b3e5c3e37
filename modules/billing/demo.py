"""Demo billing (`manage.py seed_demo`): a catalogue, the packages "Start", "Biznes" and
"Premium", clients on them (one with individual terms, one changing package mid-month),
three months of services, the oldest closed; summaries shown in the client panel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from modules.billing.models import Package
from modules.billing.periods import month_start
from modules.billing.services import (
    assignment_set,
    package_create,
    period_close,
    service_create,
    settings_update,
    usage_record,
)
from modules.clients.models import Client

D = Decimal
# name pl / sk / en, unit, PLN price, EUR price, VAT (PL, SK), limit it counts against
SERVICES = (
    ("Kurier krajowy", "Kuriér", "Courier", "piece", "25.00", "6.00", ("23", "23"), ""),
    (
        "Sala konferencyjna",
        "Zasadačka",
        "Conference room",
        "hour",
        "60.00",
        "15.00",
        ("23", "23"),
        "room_hours",
    ),
    (
        "Wysyłka przesyłki dalej",
        "Preposlanie zásielky",
        "Forwarding",
        "piece",
        "12.00",
        "3.00",
        ("23", "23"),
        "forwarding",
    ),
    (
        "Kopia dokumentu",
        "Kópia dokumentu",
        "Document copy",
        "page",
        "0.50",
        "0.10",
        ("23", "23"),
        "",
    ),
    (
        "Usługa księgowa",
        "Účtovná služba",
        "Bookkeeping",
        "hour",
        "150.00",
        "35.00",
        ("23", "23"),
        "",
    ),
)
# name, PLN, EUR, mail items, scans, room hours, over per mail item PLN/EUR, scans allowed.
# Start includes no room hours (None): its clients pay each booking at the room's price.
PACKAGES = (
    ("Start", "99.00", "19.00", 10, 5, None, ("3.00", "0.60"), False),
    ("Biznes", "199.00", "39.00", 30, 20, 2, ("2.00", "0.40"), True),
    ("Premium", "349.00", "69.00", 100, 60, 8, ("1.50", "0.30"), True),
)


@transaction.atomic
def seed_demo(*, office, people) -> None:
    if Package.objects.exists():
        return
    eur = office.currency == "EUR"
    country = 1 if office.country == "SK" else 0
    services = []
    for pl, sk, en, unit, pln, euro, vat, metric in SERVICES:
        services.append(
            service_create(
                actor=None,
                data={
                    "name_pl": pl,
                    "name_sk": sk,
                    "name_en": en,
                    "unit": unit,
                    "net_price": D(euro if eur else pln),
                    "vat_rate": vat[country],
                    "metric": metric,
                },
            )
        )
    packages = []
    for name, pln, euro, mail, scans, hours, over, allowed in PACKAGES:
        packages.append(
            package_create(
                actor=None,
                data={
                    "name": name,
                    "price": D(euro if eur else pln),
                    "limit_mail_items": mail,
                    "limit_scans": scans,
                    "limit_room_hours": hours,
                    "over_mail_items": D(over[1] if eur else over[0]),
                    "over_scans": D("0.30" if eur else "1.50"),
                    "over_room_hours": D("12.00" if eur else "50.00"),
                    "scan_requests_allowed": allowed,
                    "scan_default_cost": D("1.00" if eur else "5.00"),
                },
            )
        )
    today = timezone.localdate()
    this_month = month_start(today)
    first = month_start(this_month - dt.timedelta(days=62))
    clients = list(Client.objects.order_by("pk")[:12])
    for n, client in enumerate(clients):
        terms = {}
        if n == 1:  # individual terms: a lower price and more mail
            terms = {"price": D("29.00" if eur else "149.00"), "limit_mail_items": 60}
        assignment_set(
            client=client,
            package=packages[n % 3],
            starts_on=first,
            actor=None,
            terms=terms,
            note="Umowa 12 miesięcy" if n == 1 else "",
        )
    if len(clients) > 2:  # an upgrade in the middle of last month
        last_month = month_start(this_month - dt.timedelta(days=1))
        assignment_set(
            client=clients[2],
            package=packages[2],
            starts_on=last_month + dt.timedelta(days=14),
            actor=None,
        )
    staff = people.get("staff") or people.get("owner")
    period = first
    while period <= this_month:
        for n, client in enumerate(clients):
            day = min(period + dt.timedelta(days=3 + n), today)
            service = services[n % len(services)]
            quantity = D("2") if service.unit != "page" else D("40")
            usage_record(
                client=client,
                date=day,
                quantity=quantity,
                service=service,
                actor=staff,
                note="demo",
            )
        period = (period + dt.timedelta(days=32)).replace(day=1)
    if clients:
        period_close(client=clients[0], period=first, actor=staff)
        usage_record(
            client=clients[0],
            date=first + dt.timedelta(days=20),
            quantity=D(1),
            service=services[0],
            actor=staff,
            note="late",
        )
    settings_update(actor=None, data={"summaries_for_clients": True})
