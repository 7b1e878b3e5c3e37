"""VAT rates by the office's country: data, not code. A rate is kept on each line by its
code ("23", "zw"); the percentage comes from here. Sources: Polish VAT act art. 41, 43
(23/8/5/0, "zw" = exempt); Slovak act 222/2004 as amended from 1 January 2025 (23/19/5/0).
python-stdnum validates VAT numbers but has no rate tables, so the rates are listed here."""

from __future__ import annotations

from decimal import Decimal

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from common.formats import percent_text

RATES: dict[str, tuple[tuple[str, Decimal], ...]] = {
    "PL": (
        ("23", Decimal("23")),
        ("8", Decimal("8")),
        ("5", Decimal("5")),
        ("0", Decimal("0")),
        ("zw", Decimal("0")),
    ),
    "SK": (
        ("23", Decimal("23")),
        ("19", Decimal("19")),
        ("5", Decimal("5")),
        ("0", Decimal("0")),
    ),
}
STANDARD = {"PL": "23", "SK": "23"}
# Every code any country uses, for the model's choices (the form narrows to the office's).
ALL_CODES = ("23", "19", "8", "5", "0", "zw")
_PERCENT = {code: pct for rates in RATES.values() for code, pct in rates}
# A line of a reverse-charged client (EU B2B: the invoices module decides who, see
# hooks.reverse_charge_rule_register): no VAT, as its invoice lines ("np"). Not a rate any
# form offers; the settlement's lines of such a client carry it instead of their rate.
REVERSE_CHARGE = "np"
_PERCENT[REVERSE_CHARGE] = Decimal("0")


def vat_label(code: str) -> str:
    """A rate as every screen, PDF and export reads it, in the active language: "23%" in
    Polish and English, "23 %" (no-break space) in Slovak (`common.formats.percent_text`);
    "zw." for exempt. Until 2026-12-06 Slovak had an ordinary space here, and the settlements'
    table and the catalogue printed "23%" in every language."""
    if code == "zw":
        return str(_("exempt"))
    if code == REVERSE_CHARGE:
        # a short mark ("np." in Polish, "PDP" in Slovak): the legal wording is the
        # invoice's (printed once under its table)
        return str(pgettext("VAT rate, short", "RC"))
    return percent_text(code)


vat_label_lazy = lazy(vat_label, str)  # model choices: read in the reader's language


def vat_choices(country: str) -> list[tuple[str, str]]:
    return [(code, vat_label(code)) for code, _pct in RATES.get(country, RATES["PL"])]


def vat_percent(code: str) -> Decimal:
    return _PERCENT[code]


def vat_percents() -> dict[str, Decimal]:
    """Every code with its percentage (the office list's totals rate lines in SQL)."""
    return dict(_PERCENT)


def vat_standard(country: str) -> str:
    return STANDARD.get(country, "23")
