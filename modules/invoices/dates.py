"""Dates of an invoice written for people, in a language's own format (platform/config/
formats): never ISO. One place for the service period's "from – to"."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.formats import date_format


def period_text(start: dt.date, end: dt.date, *, language: str) -> str:
    """ "01.03.2026 – 31.03.2026" in Polish and Slovak, "01/03/2026 – 31/03/2026" in English:
    the language's short date, as the PDF prints the service period."""
    with translation.override(language):
        return (
            f"{date_format(start, 'SHORT_DATE_FORMAT')} – {date_format(end, 'SHORT_DATE_FORMAT')}"
        )
