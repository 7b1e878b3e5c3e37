"""Money as a person reads it: the amount with its currency, in the reader's language
("7,50 zł", "1 234,50 €", "€1,234.50", "PLN 12.00"). Babel (CLDR) knows each language's symbol,
separators and where the symbol goes; amounts are Decimals, rounded to two places."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency, format_decimal, get_currency_symbol
from django.utils.translation import get_language

# CLDR's currency spacing, which Babel does not apply: a currency written as letters (a code
# such as "PLN" where the language has no symbol for it) is kept apart from the digits by a
# no-break space ("PLN 334.11", not "PLN334.11"); symbols ("€334.11") stay as they are.
_LETTER_DIGIT = re.compile(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")

# Our languages to the CLDR locale whose conventions a reader expects.
_LOCALES = {"pl": "pl_PL", "sk": "sk_SK", "en": "en_GB"}


@lru_cache(maxsize=64)
def _locale(language: str) -> str:
    return _LOCALES.get((language or "en").split("-")[0], "en_GB")


def money(amount, currency: str, *, language: str | None = None) -> str:
    """The amount with its currency in the active (or given) language; "" for None/""."""
    if amount is None or amount == "":
        return ""
    if not isinstance(amount, Decimal):
        amount = Decimal(str(amount))
    text = format_currency(amount, currency or "EUR", locale=_locale(language or get_language()))
    return _LETTER_DIGIT.sub("\u00a0", text)


def amount_text(amount, *, language: str | None = None) -> str:
    """The amount without its currency, grouped as `money` groups it ("1 054,11" in Polish
    and Slovak with a no-break space, "1,054.11" in English), two decimals; "" for None/"".
    For a document's columns beside a "1 054,11 zł" total: one grouping everywhere (Django's
    floatformat:2 printed "1054,11")."""
    if amount is None or amount == "":
        return ""
    if not isinstance(amount, Decimal):
        amount = Decimal(str(amount))
    return format_decimal(amount, format="#,##0.00", locale=_locale(language or get_language()))


def currency_symbol(currency: str, *, language: str | None = None) -> str:
    """The currency as money() writes it beside an amount in the active (or given) language:
    "zł" for PLN in Polish, "€" for EUR; a form field's unit ("Additional cost [zł]")."""
    if not currency:
        return ""
    return get_currency_symbol(currency, locale=_locale(language or get_language()))
