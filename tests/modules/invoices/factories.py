"""Invoices test data, made through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from common import singletons
from modules.invoices import services
from modules.office.models import OfficeProfile
from tests.modules.clients.factories import AddressFactory, ClientFactory

D = Decimal
MARCH = dt.date(2026, 3, 1)
SELLER_NIP = "5213017228"


def office_details(**data):
    values = {
        "legal_name": "Biuro Testowe sp. z o.o.",
        "street": "ul. Marszałkowska 1",
        "postal_code": "00-001",
        "city": "Warszawa",
        "nip": SELLER_NIP,
        "iban": "PL61109010140000071219812874",
        "email": "biuro@example.com",
        **data,
    }
    singletons.settings_update(
        OfficeProfile,
        actor=None,
        data=values,
        fields=tuple(values),
        action="office.details_changed",
    )


def buyer(**data):
    data.setdefault("nip", "1234563218")
    client = ClientFactory(**data)
    AddressFactory(client=client, street="ul. Prosta 2", postal_code="00-850", city="Warszawa")
    return client


LINES = [
    {
        "description": "Pakiet Biznes",
        "quantity": D("1"),
        "unit": "month",
        "unit_price": D("199.00"),
        "vat_rate": "23",
    },
    {
        "description": "Kurier",
        "quantity": D("3"),
        "unit": "piece",
        "unit_price": D("15.99"),
        "vat_rate": "23",
    },
    {
        "description": "Skan",
        "quantity": D("1"),
        "unit": "piece",
        "unit_price": D("7.50"),
        "vat_rate": "23",
    },
    {
        "description": "Książka",
        "quantity": D("2"),
        "unit": "piece",
        "unit_price": D("10.05"),
        "vat_rate": "5",
    },
]


def draft(client=None, lines=None, **data):
    client = client or buyer()
    return services.invoice_create(
        client=client,
        lines=lines if lines is not None else LINES,
        actor=None,
        sale_from=data.pop("sale_from", MARCH),
        sale_to=data.pop("sale_to", dt.date(2026, 3, 31)),
        **data,
    )


def issued(client=None, lines=None, **data):
    due = data.get("due_date")
    if due is None or due >= services.office_today():
        invoice = draft(client, lines, **data)
        return services.invoice_issue(invoice=invoice, actor=None)
    # An invoice issued back then, already due: issuing today refuses a due date before the
    # issue date, so it is issued now and dated back (issue date = due date).
    from modules.invoices.models import Invoice

    invoice = services.invoice_issue(
        invoice=draft(client, lines, **{**data, "due_date": None}), actor=None
    )
    Invoice.objects.filter(pk=invoice.pk).update(due_date=due, issue_date=due)
    invoice.refresh_from_db()
    return invoice


# --- a Slovak office (office B) -------------------------------------------------------


def line(description, quantity, unit, unit_price, vat_rate):
    return {
        "description": description,
        "quantity": D(quantity),
        "unit": unit,
        "unit_price": D(unit_price),
        "vat_rate": vat_rate,
    }


SK_SELLER = {
    "legal_name": "Kancelária B s.r.o.",
    "street": "Hlavná 1",
    "postal_code": "811 01",
    "city": "Bratislava",
    "nip": "",
    "ico": "35757442",
    "ic_dph": "SK2020273893",
    "iban": "SK3112000000198742637541",
    "email": "kancelaria@example.sk",
}
SK_LINES = [
    line("Balík Biznis", "1", "month", "49.00", "23"),
    line("Skenovanie", "7", "page", "0.35", "23"),
    line("Zasadačka", "1.5", "hour", "12.99", "19"),
    line("Kniha", "2", "piece", "9.95", "5"),
    line("Poštovné", "3", "piece", "1.10", "0"),
]


def sk_buyer(**data):
    values = {"nip": "", "country": "SK", "ico": "31333532", "ic_dph": "SK2020273805", **data}
    return buyer(**values)
