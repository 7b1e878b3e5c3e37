"""{{ line.date|day }}, {{ summary.closed_at|day }}: a summary's dates, kept as ISO text in
its frozen JSON ("2026-12-02", "2026-12-06T10:15:00+00:00"), as the reader's language writes
a date (02.12.2026 in Polish and Slovak, 02/12/2026 in English), never ISO.
{{ line.vat_rate|vat_rate }}: a rate code as every screen reads it ("23%", "23 %" in Slovak,
"zw."; billing.vat.vat_label, common.formats.percent_text).
{{ line|date_shown }}: the date printed beside a line's description, "" when the
description already names that day (a room booking's "Sala Tatry, 02.12.2026 14:00–16:00",
written by rooms in the office's language; ISO in rows written before)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from modules.billing.vat import vat_label

register = template.Library()


def _parse(value) -> dt.date | None:
    """The day `value` names; a moment (closed_at, stored in UTC) is the day it was in the
    office's time zone: a month closed at 00:30 in Warsaw was closed that day, not the
    day before."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, dt.datetime):
        try:
            value = dt.datetime.fromisoformat(str(value))
        except ValueError:
            try:
                return dt.date.fromisoformat(str(value)[:10])
            except ValueError:
                return None
    if timezone.is_aware(value):
        return timezone.localtime(value).date()
    return value.date()


@register.filter
def day(value) -> str:
    parsed = _parse(value) if value else None
    return date_format(parsed, "SHORT_DATE_FORMAT") if parsed else (value or "")


@register.filter
def date_shown(line) -> str:
    """The date to print beside the line's description ("" when the description holds it)."""
    if not line.date or str(line.date)[:10] in line.description:
        return ""  # written by rooms before its descriptions named the day as people do
    shown = day(line.date)
    return "" if shown in line.description else shown


@register.filter
def vat_rate(code) -> str:
    return vat_label(str(code)) if code not in (None, "") else ""


@register.filter
def month(period) -> str:
    """{{ period|month }}: "grudzień 2026", "december 2026", "December 2026" (periods.month_text:
    never ISO on a screen)."""
    from modules.billing.periods import month_text

    return month_text(period) if period else ""


@register.filter
def unit(code) -> str:
    """{{ line.unit|unit }}: a line's unit in the reader's language ("godz.", "mies."), as
    the invoice prints it; the settlement showed a bare quantity ("2" of hours beside "1"
    of a booking). A unit that is not billing's stays as it is."""
    from modules.billing.models import Unit

    if code in Unit.values:
        return str(Unit(code).label)
    return code or ""
