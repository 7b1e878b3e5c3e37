"""Billing periods are calendar months in the office's time zone, named by their first day."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_next(period: dt.date) -> dt.date:
    return (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_days(period: dt.date) -> int:
    return calendar.monthrange(period.year, period.month)[1]


def month_last(period: dt.date) -> dt.date:
    return period.replace(day=month_days(period))


def month_bounds(period: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the month as aware datetimes in the office's time zone."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(period, dt.time.min, tzinfo=zone)
    return start, dt.datetime.combine(month_next(period), dt.time.min, tzinfo=zone)


def month_parse(text: str | None, default: dt.date | None = None) -> dt.date:
    """'2026-03' -> 2026-03-01; anything else: `default` (this month)."""
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return default or month_start(timezone.localdate())
