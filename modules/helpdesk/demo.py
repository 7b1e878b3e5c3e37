"""Demo helpdesk (`manage.py seed_demo`): categories (one needing approval), and requests in
every stage, made through the real services: new, waiting for approval, in progress with a
reply and an internal note, a quote waiting for acceptance, resolved (to accept and rate)
and accepted with a rating. The demo client user manages the first company's requests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from modules.clients.models import Client
from modules.helpdesk.models import Access, CategoryField, Request
from modules.helpdesk.services import (
    access_set,
    category_create,
    field_create,
    quote_create,
    reply_create,
    request_create,
    request_transition,
    team_save,
)

TEXTS = {
    "PL": {
        "requests": [
            ("Proszę przesłać list z ZUS do Berlina", "forward"),
            ("Rejestracja spółki pod Państwa adresem", "company"),
            ("Kurier na jutro 9:00", "courier"),
            ("Błędna kwota na fakturze za marzec", "invoice"),
            ("Przekazanie paczki do oddziału w Krakowie", "forward"),
            ("Kopia umowy najmu adresu", None),
        ],
        "reply": "Dzień dobry, zajmujemy się tym, odpowiemy do końca dnia.",
        "note": "Klient dzwonił dwa razy; priorytetowo.",
        "quote": "Przesyłka kurierska międzynarodowa",
        "rating": "Szybko i sprawnie, dziękuję.",
        "team": "Kurierzy",
        "country": "Kraj docelowy",
        "countries": ["Niemcy", "Austria", "Czechy"],
    },
    "SK": {
        "requests": [
            ("Prosím preposlať list zo Sociálnej poisťovne do Viedne", "forward"),
            ("Registrácia spoločnosti na vašej adrese", "company"),
            ("Kuriér na zajtra 9:00", "courier"),
            ("Nesprávna suma na faktúre za marec", "invoice"),
            ("Preposlanie balíka do pobočky v Košiciach", "forward"),
            ("Kópia zmluvy o prenájme adresy", None),
        ],
        "reply": "Dobrý deň, riešime to, odpovieme do konca dňa.",
        "note": "Klient volal dvakrát; prioritne.",
        "quote": "Medzinárodná kuriérska zásielka",
        "rating": "Rýchlo a bez problémov, ďakujem.",
        "team": "Kuriéri",
        "country": "Cieľová krajina",
        "countries": ["Rakúsko", "Nemecko", "Česko"],
    },
}


# The categories in Polish, Slovak and English: clients, e-mails and reports name them in
# their reader's language (common.names), whatever the office's is.
CATEGORY_NAMES = {
    "mail": {"pl": "Poczta", "sk": "Pošta", "en": "Mail"},
    "forward": {
        "pl": "Przekazanie poczty za granicę",
        "sk": "Preposlanie pošty do zahraničia",
        "en": "Forwarding mail abroad",
    },
    "company": {
        "pl": "Rejestracja firmy pod adresem",
        "sk": "Registrácia firmy na adrese",
        "en": "Registering a company at the address",
    },
    "courier": {"pl": "Zamówienie kuriera", "sk": "Objednávka kuriéra", "en": "Ordering a courier"},
    "invoice": {"pl": "Faktury", "sk": "Faktúry", "en": "Invoices"},
}


@transaction.atomic
def seed_demo(*, office, people) -> None:
    intake_demo_seed(office=office)
    if Request.objects.exists():
        return
    clients = list(Client.objects.order_by("pk")[:2])
    if not clients:
        return
    slovak = office.country == "SK"
    text = TEXTS["SK" if slovak else "PL"]
    staff = people["staff"]
    mail = category_create(actor=None, names=CATEGORY_NAMES["mail"])
    couriers = team_save(actor=None, name=text["team"], member_ids=[staff.pk])
    categories = {
        "forward": category_create(actor=None, names=CATEGORY_NAMES["forward"], parent=mail),
        "company": category_create(
            actor=None, names=CATEGORY_NAMES["company"], requires_approval=True
        ),
        "courier": category_create(actor=None, names=CATEGORY_NAMES["courier"], team=couriers),
        "invoice": category_create(actor=None, names=CATEGORY_NAMES["invoice"]),
    }
    country = field_create(
        actor=None,
        category=categories["forward"],
        label=text["country"],
        kind=CategoryField.Kind.CHOICE,
        choices=text["countries"],
    )
    client_user = None if slovak else people["client"]
    if client_user is not None:
        access_set(
            actor=None, user_id=client_user.pk, client=clients[0], level=Access.Level.MANAGER
        )
    schedules_sla_seed(clients=clients, categories=categories, staff=staff, slovak=slovak)
    made = []
    # No typed due dates: every demo request has an SLA clock, and its due date is the
    # clock's resolution deadline (sla.due_on). Typed dates a day or two off the deadline
    # made the request page show two different due dates.
    for n, (subject, key) in enumerate(text["requests"]):
        client = clients[n % len(clients)]
        made.append(
            request_create(
                actor=client_user if client_user is not None and n % 2 == 0 else staff,
                subject=subject,
                client=client,
                source=Request.Source.PORTAL
                if client_user is not None and n % 2 == 0
                else Request.Source.STAFF,
                category=categories.get(key) if key else None,
                priority=Request.Priority.HIGH if n == 2 else Request.Priority.NORMAL,
                description=subject,
                fields={country.pk: text["countries"][0]} if key == "forward" else None,
            )
        )
    forward, _company, courier, invoice, parcel, _copy = made
    # The company registration waits for approval (its category needs it).
    # A reply that starts the work: the client gets one e-mail saying both.
    reply_create(request=forward, actor=staff, body=text["reply"], then="start")
    reply_create(request=forward, actor=staff, body=text["note"], internal=True)
    request_transition(request=courier, action="start", actor=staff)
    quote_create(
        request=courier,
        actor=staff,
        valid_until=timezone.localdate() + dt.timedelta(days=14),
        internal_cost=Decimal("60.00") if not slovak else Decimal("15.00"),
        lines=[
            {
                "description": text["quote"],
                "quantity": Decimal("1"),
                "unit_price": Decimal("120.00") if not slovak else Decimal("30.00"),
                "vat_rate": Decimal("23"),
            }
        ],
    )
    for row in (invoice, parcel):
        request_transition(request=row, action="start", actor=staff)
        request_transition(request=row, action="resolve", actor=staff)
    seed_work_demo(staff=staff, clients=clients, made=made, slovak=slovak)
    request_transition(
        request=parcel, action="accept", actor=client_user, rating=5, comment=text["rating"]
    )
    # Reports (T14): two months and a half of history for the Reports page.
    from modules.helpdesk.report_demo import seed_report_history

    seed_report_history(
        office=office,
        staff=staff,
        clients=clients,
        categories={key: categories[key] for key in ("forward", "courier", "invoice")},
    )


# E-mail intake (T11): the office's mailbox on the local Dovecot of `make run`
# (manage.py imapserver points it at its port), one e-mail from an unknown sender waiting
# for triage and one broken e-mail in quarantine.

DEMO_TRIAGE = (
    "From: Ewa Nowak <ewa.nowak@example.com>\r\nTo: helpdesk@example.com\r\n"
    "Subject: {subject}\r\nMessage-ID: <demo-triage-{slug}@example.com>\r\n"
    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
)
DEMO_BROKEN = (
    "From: skaner@example.com\r\nSubject: Scan\r\nMessage-ID: <demo-broken-{slug}@example.com>"
    "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n\r\nscan\r\n"
)


def intake_demo_seed(*, office) -> None:
    from common.demo_foundation import DEMO_PASSWORD
    from modules.helpdesk.intake.services import email_receive, intake_settings_update
    from modules.helpdesk.models import InboundEmail, IntakeSettings

    if not IntakeSettings.objects.exists():
        intake_settings_update(
            actor=None,
            data={
                "enabled": True,
                "host": "127.0.0.1",
                "port": 10143,
                "security": "none",
                "username": f"helpdesk-{office.slug}",
                "folder": "INBOX",
            },
            password=DEMO_PASSWORD,
        )
    if InboundEmail.objects.exists():
        return
    slovak = office.country == "SK"
    subject = "Prenájom adresy pre novú firmu" if slovak else "Wynajem adresu dla nowej firmy"
    body = (
        "Dobrý deň, aké sú ceny virtuálnej kancelárie?"
        if slovak
        else "Dzień dobry, jakie są ceny wirtualnego biura?"
    )
    email_receive(raw=DEMO_TRIAGE.format(subject=subject, body=body, slug=office.slug).encode())
    email_receive(raw=DEMO_BROKEN.format(slug=office.slug).encode())


def schedules_sla_seed(*, clients, categories, staff, slovak: bool) -> None:
    """Recurring tasks (a monthly one on the last day, a weekly one on Mondays) and SLA
    policies (everything: 8 h / 40 h; urgent: 1 h / 8 h; the first client's invoices:
    2 h / 16 h), before the demo requests are raised so that they get clocks."""
    from modules.helpdesk.schedules import schedule_save
    from modules.helpdesk.sla import sla_policy_create

    names = (
        ("Pravidelná kontrola schránky", "Mesačné vyúčtovanie poštovného")
        if slovak
        else ("Cotygodniowy przegląd skrytki", "Miesięczne rozliczenie opłat pocztowych")
    )
    today = timezone.localdate()
    schedule_save(
        actor=None,
        client=clients[0],
        data={
            "subject": names[0],
            "frequency": "weeks",
            "weekday": 0,
            "starts_on": today,
            "category": categories["forward"],
            "assignee_id": staff.pk,
        },
    )
    schedule_save(
        actor=None,
        client=clients[-1],
        data={
            "subject": names[1],
            "frequency": "months",
            "month_day": -1,
            "starts_on": today,
            "category": categories["invoice"],
            "priority": Request.Priority.HIGH,
        },
    )
    standard, urgent = ("Štandard", "Urgentné") if slovak else ("Standard", "Pilne")
    for data in (
        {"name": standard, "first_response_minutes": 480, "resolution_minutes": 2400},
        {
            "name": urgent,
            "priority": Request.Priority.URGENT,
            "first_response_minutes": 60,
            "resolution_minutes": 480,
        },
        {
            "name": "VIP",
            "client": clients[0],
            "category": categories["invoice"],
            "first_response_minutes": 120,
            "resolution_minutes": 960,
        },
    ):
        sla_policy_create(actor=None, data=data)


WORK_TEXTS = {
    "PL": {
        "order": "Obsługa przeprowadzki biura klienta",
        "internal": "Porządki w archiwum",
        "parcel": "Pakowanie i nadanie paczki",
        "forward": "Skan i wysyłka listu",
        "invoice": "Sprawdzenie faktury",
    },
    "SK": {
        "order": "Sťahovanie kancelárie klienta",
        "internal": "Upratovanie archívu",
        "parcel": "Balenie a odoslanie balíka",
        "forward": "Sken a odoslanie listu",
        "invoice": "Kontrola faktúry",
    },
}


def seed_work_demo(*, staff, clients, made, slovak: bool) -> None:
    """Work orders (T6) and the work log (T9): the first client's order with three of its
    requests, a budget and this week's plan; an internal order for next week; hourly rates
    and time logged (the accepted request's time goes to the settlement on acceptance)."""
    from modules.helpdesk.worklog import rate_set, worklog_add
    from modules.helpdesk.workorders import workorder_create, workorder_link

    text = WORK_TEXTS["SK" if slovak else "PL"]
    forward, _company, courier, invoice, parcel, _copy = made
    rate_set(actor=None, client=clients[0], hourly_rate=Decimal("30.00" if slovak else "120.00"))
    rate_set(actor=None, user_id=staff.pk, hourly_rate=Decimal("25.00" if slovak else "90.00"))
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    order = workorder_create(
        actor=None,
        title=text["order"],
        client=clients[0],
        budget_hours=Decimal("4.00"),
        budget_amount=Decimal("200.00" if slovak else "800.00"),
        dispatcher_id=staff.pk,
        operator_ids=[staff.pk],
        planned_start=monday,
        planned_end=monday + dt.timedelta(days=2),
    )
    for request in (forward, courier, parcel):
        workorder_link(order=order, request=request, actor=None)
    workorder_create(
        actor=None,
        title=text["internal"],
        planned_start=monday + dt.timedelta(days=7),
        planned_end=monday + dt.timedelta(days=8),
    )
    yesterday = today - dt.timedelta(days=1)
    worklog_add(request=parcel, actor=staff, date=yesterday, minutes=90, description=text["parcel"])
    worklog_add(request=forward, actor=staff, date=today, minutes=45, description=text["forward"])
    worklog_add(
        request=invoice,
        actor=staff,
        date=today,
        minutes=30,
        description=text["invoice"],
        billable=False,
    )
