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


def _issue(invoice: Invoice) -> Invoice | None:
    try:
        return services.invoice_issue(invoice=invoice, actor=None, notify_client=False)
    except ApplicationError:
        return None  # e.g. a demo client without a valid tax number: stays a draft


@transaction.atomic
def seed_demo(*, office, people) -> None:
    if Invoice.objects.exists():
        return
    if office.country == "PL":
        from modules.invoices.ksef import ksef_certificate_connect, ksef_connect
        from modules.invoices.services.invoices import seller_snapshot

        services.settings_update(actor=None, data={"ksef_enabled": True})
        if services.office_today() <= dt.date(2026, 12, 31):
            ksef_connect(actor=None, token=DEMO_KSEF_TOKEN)
        try:
            nip = seller_snapshot()["nip"]
        except ApplicationError:
            nip = ""
        if nip:  # a certificate from the dev CA the local fake trusts (devtools/demo_ca.py)
            from modules.invoices.devtools.demo_ca import demo_certificate

            certificate, key = demo_certificate(nip)
            ksef_certificate_connect(actor=None, certificate=certificate, private_key=key)
    today = services.office_today()
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # last month
    period = month
    for _ in range(3):  # the closed months of billing's demo: invoiced and issued
        for invoice in services.invoices_create_from_summaries(period=period, actor=None):
            _issue(invoice)
        period = (period - dt.timedelta(days=1)).replace(day=1)
    rate = vat_rate_choices(country=office.country)[0][0]
    eur = office.currency == "EUR"
    clients = list(Client.objects.order_by("pk")[:6])
    for n, client in enumerate(clients):
        # The unit's word in the invoice's language ("godz.", "hod."), as drafts from the
        # settlements get it (billing's unit_label): not billing's code "hour".
        language = client.language or office.language
        invoice = services.invoice_create(
            client=client,
            lines=[
                {
                    "description": "Wynajem sali konferencyjnej" if not eur else "Zasadačka",
                    "quantity": D(n + 1),
                    "unit": unit_label("hour", language=language),
                    "unit_price": D("15.00" if eur else "60.00"),
                    "vat_rate": rate,
                },
                {
                    "description": "Skanowanie dokumentów" if not eur else "Skenovanie",
                    "quantity": D("12"),
                    "unit": unit_label("page", language=language),
                    "unit_price": D("0.20" if eur else "1.00"),
                    "vat_rate": rate,
                },
            ],
            actor=None,
            sale_from=month,
            sale_to=today.replace(day=1) - dt.timedelta(days=1),
        )
        if n == 5:
            continue  # one draft waiting for review
        issued = _issue(invoice)
        if issued is None:
            continue
        if n == 0:
            services.payment_record(invoice=issued, date=today, amount=issued.gross, actor=None)
        elif n == 1:
            services.payment_record(
                invoice=issued,
                date=today,
                amount=(issued.gross / 2).quantize(D("0.01")),
                actor=None,
            )
        elif n == 2:
            # Overdue: issued 19 days ago, due 5 days ago. Issuing refuses a due date before
            # the issue date (today), so the demo dates it back as it does other histories.
            Invoice.objects.filter(pk=issued.pk).update(
                issue_date=today - dt.timedelta(days=19), due_date=today - dt.timedelta(days=5)
            )
            services.invoices_overdue_mark(today=today)
            _reminder_recipient(issued.client, office=office)
            services.invoice_remind(invoice=issued, actor=None)


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
