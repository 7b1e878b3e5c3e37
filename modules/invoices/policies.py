"""Country rules of the invoices module that more than one layer asks about."""

from __future__ import annotations

from django.db import connection

# KSeF is Poland's national e-invoicing system: only a Polish office has it. Everything
# KSeF (the settings, the token and certificate, the register's column, the invoice's card,
# the API's fields, sending) asks here, so that a Slovak office never sees or sends it.
KSEF_COUNTRY = "PL"


def ksef_available(country: str) -> bool:
    return country == KSEF_COUNTRY


def office_ksef_available() -> bool:
    """For the office whose schema is active (services, API, views without a request)."""
    return ksef_available(getattr(connection.tenant, "country", ""))


# A Slovak bank transfer carries the variabilný symbol (VS): up to 10 digits, nothing else.
VS_COUNTRY = "SK"
VS_MAX_DIGITS = 10


def variable_symbol(invoice) -> str:
    """The invoice's variabilný symbol in a Slovak office: the digits of its number, in
    order (FV/7/12/2026 -> 7122026); "" elsewhere, for a draft, or when the digits are more
    than 10 (`invoice_issue` refuses such a number in Slovakia, so an issued Slovak invoice
    has one). Unique in the office as the number is: in a numbering pattern only `{number}`
    varies in width ({MM} and {YYYY} are always 2 and 4 digits), so two numbers of one
    pattern never share their digits. Printed on the PDF and sent as the UBL PaymentID."""
    if invoice.seller.get("country") != VS_COUNTRY or not invoice.number:
        return ""
    digits = "".join(c for c in invoice.number if c in "0123456789")
    return digits if 0 < len(digits) <= VS_MAX_DIGITS else ""
