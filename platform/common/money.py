"""Money as a person reads it: the amount with its currency, in the reader's language
("7,50 zł", "1 234,50 €", "€1,234.50"). Babel (CLDR) knows each language's symbol,
separators and where the symbol goes; amounts are Decimals, rounded to two places."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency
from django.utils.translation import get_language

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
    return format_currency(amount, currency or "EUR", locale=_locale(language or get_language()))
