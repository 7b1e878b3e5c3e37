"""Dates formatted many times over with one format, as in a table's rows.

Django's `date_format` parses the format string and builds a formatter object for every
value: a third of the time of the mail archive's rows. `datetime_formatter` parses once and
gives the same text (tests compare it with Django's for every locale's format). Specifiers
without a fast path here go to Django's own DateFormat, so any format works.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from django.utils.dateformat import DateFormat, re_escaped, re_formatchars
from django.utils.translation import gettext as _


def _twelve(value: datetime) -> int:
    return value.hour % 12 or 12


def _hours_minutes(value: datetime) -> str:
    # Django's "f": minutes left off when zero.
    return f"{_twelve(value)}:{value.minute:02d}" if value.minute else str(_twelve(value))


# Django's specifiers that str.format() writes from a datetime's fields alone. A format
# made of these only (the Polish and Slovak dates and times) becomes one str.format() call:
# 50 values took 73 us against 103 us through the parts below, and strftime(), which asks
# an aware datetime for its offset, was no faster.
_FIELDS = {
    "d": "{0.day:02d}",
    "j": "{0.day}",
    "m": "{0.month:02d}",
    "n": "{0.month}",
    "Y": "{0.year:04d}",
    "H": "{0.hour:02d}",
    "G": "{0.hour}",
    "i": "{0.minute:02d}",
    "s": "{0.second:02d}",
}


def _fields_format(pieces: list[str]) -> str | None:
    """The str.format() template of re_formatchars.split() pieces, None when one specifier
    needs more than a field."""
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            if piece not in _FIELDS:
                return None
            out.append(_FIELDS[piece])
        elif piece:
            out.append(re_escaped.sub(r"\1", piece).replace("{", "{{").replace("}", "}}"))
    return "".join(out)


def datetime_formatter(format_string: str) -> Callable[[datetime], str]:
    """A function formatting a datetime as Django's date_format(value, format_string) would,
    in the language active now (the words "a.m.", "noon"... are translated once, here)."""
    pieces = re_formatchars.split(str(format_string))
    template = _fields_format(pieces)
    if template is not None:
        return template.format
    am, pm, upper_am, upper_pm = _("a.m."), _("p.m."), _("AM"), _("PM")
    midnight, noon = _("midnight"), _("noon")

    def meridiem(value: datetime) -> str:
        return pm if value.hour > 11 else am

    def twelve_hour_time(value: datetime) -> str:  # Django's "P"
        if value.minute == 0 and value.hour in (0, 12):
            return midnight if value.hour == 0 else noon
        return f"{_hours_minutes(value)} {meridiem(value)}"

    fast = {
        "d": lambda v: f"{v.day:02d}",
        "j": lambda v: str(v.day),
        "m": lambda v: f"{v.month:02d}",
        "n": lambda v: str(v.month),
        "y": lambda v: f"{v.year % 100:02d}",
        "Y": lambda v: f"{v.year:04d}",
        "H": lambda v: f"{v.hour:02d}",
        "G": lambda v: str(v.hour),
        "h": lambda v: f"{_twelve(v):02d}",
        "g": lambda v: str(_twelve(v)),
        "i": lambda v: f"{v.minute:02d}",
        "s": lambda v: f"{v.second:02d}",
        "a": meridiem,
        "A": lambda v: upper_pm if v.hour > 11 else upper_am,
        "f": _hours_minutes,
        "P": twelve_hour_time,
    }
    parts: list[Callable[[datetime], str]] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            parts.append(fast.get(piece) or (lambda v, c=piece: str(getattr(DateFormat(v), c)())))
        elif piece:
            text = re_escaped.sub(r"\1", piece)
            parts.append(lambda v, text=text: text)

    def format_datetime(value: datetime) -> str:
        return "".join([part(value) for part in parts])

    return format_datetime


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def one_full_stop(text: str) -> str:
    """A sentence ending in a name that ends in a dot ("... dla Zielony Las sp. z o.o.")
    gets one full stop, not two; an ellipsis ("...") is left alone."""
    return _DOUBLE_STOP.sub(".", text)


def quantity_text(value) -> str:
    """A quantity with the decimals it has, in the active language's format: 1, 1,5, 0,125
    (stored as 1.000, 1.500, 0.125; Django's floatformat:"-3" gives "1,500")."""
    if value in (None, ""):
        return ""
    from decimal import Decimal

    from django.utils.formats import number_format

    value = Decimal(value)
    places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True)


# The space between a number and "%": Slovak typography (STN 01 6910, the Slovak office's
# invoices) writes "23 %" with a no-break space, so the sign never starts a line; Polish
# and English write "23%".
PERCENT_SPACE = {"sk": "\u00a0"}


def percent_text(value, *, language: str | None = None, decimals: int | None = None) -> str:
    """A percentage (a VAT rate, a discount, a fee) as the language writes it: "23%" in
    Polish and English, "23 %" (no-break space) in Slovak; the decimals it has in the
    language's format ("5,5%", "5.5%"); "" for None/"". `value` is the number of percent
    (23, Decimal("23.00"), "23"). The one owner of that rule: screens (`|percent`), PDFs
    and exports call it. `decimals`: always that many (a column of shares: "75,0%" beside
    "83,3%", not "75%")."""
    if value in (None, ""):
        return ""
    from django.utils import translation
    from django.utils.formats import number_format

    language = language or translation.get_language() or "en"
    with translation.override(language):
        if decimals is None:
            number = quantity_text(value)
        else:
            number = number_format(value, decimal_pos=decimals, use_l10n=True)
    return f"{number}{PERCENT_SPACE.get(language[:2], '')}%"


def iban_grouped(value: str) -> str:
    """An IBAN as printed for people: in groups of four ("PL61 1090 1014 0000 0712 1981
    2874"); stored ungrouped (office.validators.iban_clean compacts what is typed)."""
    compact = "".join((value or "").split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def month_text(period) -> str:
    """A month (a date in it) as people write it, in the active language: "grudzień 2026",
    "december 2026", "December 2026" (the nominative; Polish and Slovak write month names
    in lower case). Sentences put it where the nominative (or the same accusative) is right:
    "Rozliczenie za grudzień 2026", "Prehľad služieb za december 2026". Screens, PDFs and
    messages name a month so; URLs and file names keep ISO "2026-12"."""
    from django.utils.dates import MONTHS
    from django.utils.translation import get_language

    name = str(MONTHS[period.month])
    if (get_language() or "en")[:2] in ("pl", "sk"):
        name = name.lower()
    return f"{name} {period.year}"
