"""Demo invoices (`manage.py seed_demo`): drafts from the closed month of billing, issued;
a few manual invoices, one paid, one partly paid, one overdue with a reminder, one draft
waiting for review. The Polish demo office sends to KSeF (the local fake under `make run`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from common.exceptions import ApplicationError
from modules.billing.selectors import unit_label, vat_rate_choices
from modules.clients.models import Client
from modules.invoices import services
from modules.invoices.models import Invoice

D = Decimal
DEMO_KSEF_TOKEN = "vireo-demo-ksef-token"  # the fake accepts it for the demo office's NIP
# The manual invoices' lines in the invoice's language, as its units ("hod." beside
# "Wynajem sali konferencyjnej" read as half Slovak, half Polish).
LINE_TEXTS = {
    "pl": ("Wynajem sali konferencyjnej", "Skanowanie dokumentów"),
    "sk": ("Prenájom zasadačky", "Skenovanie dokumentov"),
    "en": ("Meeting room hire", "Document scanning"),
}


def _issue(invoice: Invoice, *, day: dt.date) -> Invoice | None:
    try:
        return services.invoice_issue(invoice=invoice, actor=None, notify_client=False, day=day)
    except ApplicationError:
        return None  # e.g. a demo client without a valid tax number: stays a draft


def _month_before(day: dt.date) -> tuple[dt.date, dt.date]:
    """The whole month before `day`'s month: the service period invoiced on `day`."""
    end = day.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


@transaction.atomic
def seed_demo(*, office, people) -> None:
    """Every date relative to the day the demo is loaded (the office's today), and
    consistent: each invoice bills the month before its issue date, falls due the office's
    payment term after it, is paid between its issue date and today, and the invoices are
    issued in date order, so their numbers follow their dates (FV/1 is the oldest).
    Idempotent: an office with invoices is left alone."""
    if Invoice.objects.exists():
        return
    if office.country == "PL":
        from modules.invoices.ksef import ksef_certificate_connect, ksef_connect
        from modules.invoices.services.invoices import seller_snapshot

        services.settings_update(actor=None, data={"ksef_enabled": True})
        if services.office_today() <= dt.date(2026, 12, 31):
            ksef_connect(actor=None, token=DEMO_KSEF_TOKEN, check=False)
        try:
            nip = seller_snapshot()["nip"]
        except ApplicationError:
            nip = ""
        if nip:  # a certificate from the dev CA the local fake trusts (devtools/demo_ca.py)
            from modules.invoices.devtools.demo_ca import demo_certificate

            certificate, key = demo_certificate(nip)
            ksef_certificate_connect(
                actor=None, certificate=certificate, private_key=key, check=False
            )
    today = services.office_today()
    term = dt.timedelta(days=services.settings_get().payment_days)
    plan = []  # (issue day, draft, how it is paid: None, "all", "half")
    period = today.replace(day=1)
    for _ in range(3):  # the closed months of billing's demo, each issued on the next 1st
        issue_day = period
        period = (period - dt.timedelta(days=1)).replace(day=1)
        for invoice in services.invoices_create_from_summaries(period=period, actor=None):
            plan.append((issue_day, invoice, "all" if issue_day + term < today else None))
    rate = vat_rate_choices(country=office.country)[0][0]
    eur = office.currency == "EUR"
    clients = list(Client.objects.order_by("pk")[:6])
    # the manual invoices: paid, partly paid, overdue (with a reminder), two issued today,
    # a draft waiting for review
    manual = [
        (today - dt.timedelta(days=12), "all"),
        (today - dt.timedelta(days=8), "half"),
        (today - dt.timedelta(days=19), None),
        (today, None),
        (today, None),
        (None, None),
    ]
    overdue = None
    for n, client in enumerate(clients):
        issue_day, paid = manual[n]
        sale_from, sale_to = _month_before(issue_day or today)
        # The unit's word in the invoice's language ("godz.", "hod."), as drafts from the
        # settlements get it (billing's unit_label): not billing's code "hour".
        language = client.language or office.language
        invoice = services.invoice_create(
            client=client,
            lines=[
                {
                    "description": LINE_TEXTS[language][0],
                    "quantity": D(n + 1),
                    "unit": unit_label("hour", language=language),
                    "unit_price": D("15.00" if eur else "60.00"),
                    "vat_rate": rate,
                },
                {
                    "description": LINE_TEXTS[language][1],
                    "quantity": D("12"),
                    "unit": unit_label("page", language=language),
                    "unit_price": D("0.20" if eur else "1.00"),
                    "vat_rate": rate,
                },
            ],
            actor=None,
            sale_from=sale_from,
            sale_to=sale_to,
        )
        if issue_day is not None:
            plan.append((issue_day, invoice, paid))
            if n == 2:
                overdue = invoice
    for issue_day, invoice, paid in sorted(plan, key=lambda row: (row[0], row[1].pk)):
        # due the office's term after the issue date (the draft was given one from today;
        # a due date before today is refused at the form, so the demo sets it directly)
        Invoice.objects.filter(pk=invoice.pk).update(due_date=issue_day + term)
        issued = _issue(invoice, day=issue_day)
        if issued is None or paid is None:
            continue
        if paid == "all":
            amount, day = issued.gross, min(issue_day + dt.timedelta(days=6), today)
        else:
            amount = (issued.gross / 2).quantize(D("0.01"))
            day = min(issue_day + dt.timedelta(days=5), today)
        services.payment_record(invoice=issued, date=day, amount=amount, actor=None)
    services.invoices_overdue_mark(today=today)
    if overdue is not None and Invoice.objects.filter(pk=overdue.pk, status="overdue").exists():
        _reminder_recipient(overdue.client, office=office)
        services.invoice_remind(invoice=overdue, actor=None)


def _reminder_recipient(client: Client, *, office) -> None:
    """A reminder goes (and is recorded) only when somebody of the client receives it: the
    overdue demo client gets an accounting address (through notifications' own service)."""
    from modules.invoices.events import REMINDER_EVENT
    from modules.invoices.selectors import client_receives
    from modules.notifications.services import recipient_create

    if client_receives(client_id=client.pk, event=REMINDER_EVENT):
        return
    recipient_create(
        client_id=client.pk,
        client_label=client.name,
        channel="email",
        address=f"ksiegowosc.{client.pk}@{office.slug}.example.com",
        language=client.language or office.language,
        actor=None,
    )
