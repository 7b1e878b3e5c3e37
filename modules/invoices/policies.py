"""Country rules of the invoices module that more than one layer asks about."""

from __future__ import annotations

from collections.abc import Iterator

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


# The numbering pattern a new office starts with, by its country: Polish invoices are
# "faktura VAT" (FV), Slovak ones "faktúra" (FA), numbered through the year; the Slovak
# number's digits are its variabilný symbol ("FA/7/2026" pays with 72026).
NUMBER_PATTERNS = {"PL": "FV/{number}/{MM}/{YYYY}", "SK": "FA/{number}/{YYYY}"}


def default_number_pattern(country: str) -> str:
    return NUMBER_PATTERNS.get(country, NUMBER_PATTERNS["PL"])


# A Slovak bank transfer carries the variabilný symbol (VS): up to 10 digits, nothing else.
VS_COUNTRY = "SK"
VS_MAX_DIGITS = 10


def number_digits(number: str) -> str:
    return "".join(c for c in number if c in "0123456789")


def variable_symbol(invoice) -> str:
    """The invoice's variabilný symbol in a Slovak office, the one the client pays with:
    the one stored at issue (`variable_symbol_candidates`); for an invoice issued before it
    was stored, its number's digits (a longer number was refused then). "" elsewhere and for
    a draft. Printed on the PDF and sent as the UBL PaymentID."""
    if invoice.seller.get("country") != VS_COUNTRY or not invoice.number:
        return ""
    if invoice.variable_symbol:
        return invoice.variable_symbol
    digits = number_digits(invoice.number)
    return digits if 0 < len(digits) <= VS_MAX_DIGITS else ""


def variable_symbol_candidates(*, number: str, day, sequence: int, monthly: bool) -> Iterator[str]:
    """The VSs an invoice numbered `number` (the `sequence`-th of its series on `day`) may
    take, best first; the issue takes the first one no other invoice of the office has:
    1. the number's digits, in order (FV/7/12/2026 -> 7122026), when they are 1-10;
    2. past 10 digits (the year's 10,000th invoice of FV/{number}/{MM}/{YYYY}), the year's
       two digits and the sequence number zero-padded to 10 (26 + 00010000), with the month
       between them when the series starts again monthly (26 + 03 + 010000): that is what
       the counter (common.numbering) keeps per series, so it is unique in the year;
    3. should an earlier invoice's digits already be that (FV/2600/01/2026 is 2600012026,
       like the 12,026th's 26 + 00012026), the next free one after it.
    Raises ValueError past 99,999,999 invoices a year (999,999 a month)."""
    digits = number_digits(number)
    if 0 < len(digits) <= VS_MAX_DIGITS:
        yield digits
    prefix = f"{day:%y}" + (f"{day:%m}" if monthly else "")
    width = VS_MAX_DIGITS - len(prefix)
    for n in range(sequence, 10**width):
        yield f"{prefix}{n:0{width}d}"
    raise ValueError("no variable symbol left in this series")


def exemption_basis(invoice) -> str:
    """The legal basis of the invoice's VAT-exempt lines, as frozen with the seller at issue
    (Administration > Invoices, "VAT exemption basis"); an invoice issued before it was
    frozen, or a draft, reads the default. The PDF, the UBL (TaxExemptionReason) and FA(3)
    (P_19A) print this one text."""
    from modules.invoices.models import DEFAULT_EXEMPTION_BASIS

    return (invoice.seller or {}).get("vat_exemption_basis") or DEFAULT_EXEMPTION_BASIS
