"""Weekly series of bookings (R2)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from modules.rooms import rules
from modules.rooms.events import CONFIRMED
from modules.rooms.messages import booking_notify
from modules.rooms.models import Booking, Room
from modules.rooms.services.bookings import booking_create

# --- recurring series (R2) ----------------------------------------------------------------

MAX_OCCURRENCES = 104


def series_dates(
    *, first: dt.date, every_weeks: int, until: dt.date | None = None, count: int | None = None
) -> list[dt.date]:
    """The local dates of a weekly series (every N weeks), until a date or N times."""
    if every_weeks < 1 or (until is None and not count):
        raise ApplicationError(_("Give an end date or a number of times."), code="invalid")
    dates, day = [], first
    while len(dates) < min(count or MAX_OCCURRENCES, MAX_OCCURRENCES):
        if until is not None and day > until:
            break
        dates.append(day)
        day += dt.timedelta(weeks=every_weeks)
    return dates


def booking_series_create(
    *,
    room: Room,
    dates: list[dt.date],
    start: dt.time,
    end: dt.time,
    **kwargs,
) -> tuple[list[Booking], list[tuple[dt.date, str]]]:
    """Book the same wall-clock time on each local date (10:00 stays 10:00 across DST: each
    occurrence is converted on its own day). Dates that a rule refuses are returned with the
    reason and the rest are booked; each occurrence stands alone (cancel or add one later)."""
    import uuid

    series = uuid.uuid4()
    booked, skipped = [], []
    for day in dates:
        try:
            booked.append(
                booking_create(
                    room=room,
                    starts_at=rules.aware(day, start),
                    ends_at=rules.aware(day, end),
                    series=series,
                    quiet=True,
                    **kwargs,
                )
            )
        except ApplicationError as exc:
            skipped.append((day, exc.message))
    if booked:
        # One message for the series: the first date in the text, every date in the .ics.
        with transaction.atomic():
            booking_notify(
                event=CONFIRMED, booking=booked[0], actor=kwargs.get("actor"), series=booked
            )
    return booked, skipped
