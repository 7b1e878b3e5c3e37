"""Reads of the rooms module. Client users see their own company's bookings only; the
free/busy of others carries no names."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from modules.rooms import rules
from modules.rooms.models import ACTIVE_Q, Booking, Closure, Extra, OpeningHours, Room, TsTzRange


def room_list(*, active_only: bool = False) -> QuerySet[Room]:
    qs = Room.objects.all()
    return qs.filter(active=True) if active_only else qs


def extra_list(*, active_only: bool = False) -> QuerySet[Extra]:
    qs = Extra.objects.all()
    return qs.filter(active=True) if active_only else qs


def closure_list(*, since: dt.date | None = None) -> QuerySet[Closure]:
    qs = Closure.objects.select_related("room")
    return qs.filter(date_to__gte=since) if since else qs


def opening_hours() -> dict[int, OpeningHours]:
    return {row.weekday: row for row in OpeningHours.objects.all()}


def booking_list(*, membership=None) -> QuerySet[Booking]:
    """Bookings a person may see: staff all, a client user their company's."""
    qs = Booking.objects.select_related("room", "client")
    if membership is not None and not membership.is_staff_role:
        qs = qs.filter(client_id=membership.client_id)
    return qs


def booking_span_list(
    *, start: dt.datetime, end: dt.datetime, room_id: int | None = None, membership=None
) -> QuerySet[Booking]:
    """Active bookings meeting [start, end): the exclusion constraint's own filter (status,
    tstzrange overlap), so the calendar's query runs on its GiST index."""
    qs = (
        booking_list(membership=membership)
        .filter(ACTIVE_Q)
        .annotate(span=TsTzRange("starts_at", "blocked_until"))
        .filter(span__overlap=(start, end))
    )
    return qs.filter(room_id=room_id) if room_id else qs


def busy_list(*, room: Room, start: dt.datetime, end: dt.datetime) -> list[tuple]:
    """Free/busy for anyone: times only, never who."""
    return list(
        rules.overlapping(room.pk, start, end)
        .order_by("starts_at")
        .values_list("starts_at", "blocked_until")
    )


def public_availability(*, room: Room, week: dt.date, minutes: int) -> list[tuple[dt.date, list]]:
    """Free start-end pairs for each day of the week starting `week` (office's dates): one
    query for the week's busy times, one for the opening hours, then per-day rules."""
    from modules.rooms.services import settings_get

    settings = settings_get()
    hours = opening_hours()
    start = rules.aware(week, dt.time(0))
    end = rules.aware(week + dt.timedelta(days=7), dt.time(0))
    busy = busy_list(room=room, start=start - dt.timedelta(hours=12), end=end)
    return [
        (day, rules.free_slots(room, day, minutes, settings=settings, hours=hours, busy=busy))
        for day in (week + dt.timedelta(days=n) for n in range(7))
    ]
