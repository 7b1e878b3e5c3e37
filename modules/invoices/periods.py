"""Months as typed in a filter ("2026-03")."""

from __future__ import annotations

import datetime as dt


def month_parse(text: str | None) -> dt.date | None:
    try:
        year, month = (int(p) for p in (text or "").split("-")[:2])
        return dt.date(year, month, 1)
    except ValueError:
        return None
