"""The booking rules of a room, in the office's time zone: opening hours, closures (the
office's own days and the public holidays of Poland or Slovakia), duration, notice, how far
ahead, and what is free instead. Pure reads; the writes are in services.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from modules.rooms.models import (
    ACTIVE_Q,
    Booking,
    Closure,
    OpeningHours,
    Room,
    RoomSettings,
    TsTzRange,
)
from tenants.selectors import office_zone


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(office_zone())


def aware(day: dt.date, time: dt.time, zone: ZoneInfo | None = None) -> dt.datetime:
    """The instant of a wall-clock time on a day in the office's zone. A time that does not
    exist (the hour skipped in spring) moves forward; an ambiguous one (autumn) is the first."""
    zone = zone or office_zone()
    naive = dt.datetime.combine(day, time)
    moment = naive.replace(tzinfo=zone)
    # Round-trip through UTC: a skipped wall time normalises to the real instant after it.
    return moment.astimezone(dt.UTC).astimezone(zone).astimezone(dt.UTC)


@lru_cache(maxsize=64)
def _public_holidays(country: str, year: int, language: str) -> dict[dt.date, str]:
    calendar = holidays.country_holidays(country, years=year)
    # Named in the reader's language where the package has it (pl, sk, en_US).
    wanted = "en_US" if language == "en" else language
    if wanted in calendar.supported_languages:
        calendar = holidays.country_holidays(country, years=year, language=wanted)
    return dict(calendar)


def public_holiday(day: dt.date, country: str) -> str:
    if not country:
        return ""
    return _public_holidays(country, day.year, (get_language() or "en")[:2]).get(day, "")


def public_holidays_of(country: str, year: int) -> list[tuple[dt.date, str]]:
    """A year's public holidays of `country` in date order, named in the reader's language."""
    if not country:
        return []
    return sorted(_public_holidays(country, year, (get_language() or "en")[:2]).items())


def office_holiday(day: dt.date, settings: RoomSettings) -> str:
    """The public holiday that closes the rooms on `day` by the office's settings: one of its
    chosen country's, from `public_holidays_from` on (empty: every day)."""
    since = settings.public_holidays_from
    if since is not None and day < since:
        return ""
    return public_holiday(day, settings.public_holidays)


@dataclass(frozen=True)
class Refusal:
    rule: str  # stable code: duration, slot, notice, horizon, hours, closed, overlap, inactive
    message: str


def capacity_refusal(room: Room, attendees: int) -> Refusal | None:
    """More people than the room holds: booking_create refuses it with this message, and
    the live price box of the booking forms shows the same one while the form is filled in."""
    if attendees <= room.capacity:
        return None
    message = ngettext(
        "This room holds at most %(capacity)s person.",
        "This room holds at most %(capacity)s people.",
        room.capacity,
    ) % {"capacity": room.capacity}
    return Refusal("capacity", message)


def overlapping(room_id: int, start: dt.datetime, end: dt.datetime) -> QuerySet[Booking]:
    """Active bookings of the room whose blocked time meets [start, end): the same filter as
    the exclusion constraint (status, room, tstzrange), so PostgreSQL uses its GiST index."""
    return (
        Booking.objects.filter(ACTIVE_Q, room_id=room_id)
        .annotate(span=TsTzRange("starts_at", "blocked_until"))
        .filter(span__overlap=(start, end))
    )


def _closures(room: Room, first: dt.date, last: dt.date) -> QuerySet[Closure]:
    return (
        Closure.objects.filter(date_from__lte=last, date_to__gte=first)
        .filter(Q(room__isnull=True) | Q(room=room))
        .order_by("date_from", "pk")
    )


def _closure_reason(room: Room, day: dt.date, settings: RoomSettings) -> str:
    holiday = office_holiday(day, settings)
    if holiday:
        return holiday
    closure = _closures(room, day, day).first()
    return closure.reason if closure else ""


def closure_reasons(
    room: Room, first: dt.date, last: dt.date, settings: RoomSettings
) -> dict[dt.date, str]:
    """Why the room is closed on each day of [first, last] that it is (one query)."""
    reasons: dict[dt.date, str] = {}
    for closure in _closures(room, first, last):
        day = max(closure.date_from, first)
        while day <= min(closure.date_to, last):
            reasons.setdefault(day, closure.reason)
            day += dt.timedelta(days=1)
    day = first
    while day <= last:
        holiday = office_holiday(day, settings)
        if holiday:
            reasons[day] = holiday
        day += dt.timedelta(days=1)
    return reasons


def _fmt_time(moment: dt.datetime) -> str:
    return formats.time_format(local(moment), "H:i")


def _fmt_span(start: dt.datetime, end: dt.datetime) -> str:
    return f"{_fmt_time(start)}–{_fmt_time(end)}"


def opening_for(day: dt.date) -> OpeningHours | None:
    return OpeningHours.objects.filter(weekday=day.weekday()).first()


def free_slots(
    room: Room,
    day: dt.date,
    minutes: int,
    *,
    settings: RoomSettings,
    exclude_booking: int | None = None,
    now: dt.datetime | None = None,
    hours: dict[int, OpeningHours] | None = None,
    busy: list[tuple[dt.datetime, dt.datetime]] | None = None,
    closed: str | None = None,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Start-end pairs of `minutes` on the office's local `day` that every rule allows.
    `hours`, `busy` and `closed` (the day's closure reason) spare the queries when a caller
    asks for many days at once."""
    opening = hours.get(day.weekday()) if hours is not None else opening_for(day)
    if closed is None:
        closed = _closure_reason(room, day, settings) if opening is not None else ""
    if opening is None or closed:
        return []
    now = now or timezone.now()
    zone = office_zone()
    open_at, close_at = aware(day, opening.opens, zone), aware(day, opening.closes, zone)
    if busy is None:
        qs = overlapping(room.pk, open_at - dt.timedelta(days=1), close_at)
        if exclude_booking:
            qs = qs.exclude(pk=exclude_booking)
        busy = list(qs.values_list("starts_at", "blocked_until"))
    step = dt.timedelta(minutes=room.slot_minutes)
    length = dt.timedelta(minutes=minutes)
    buffer = dt.timedelta(minutes=room.buffer_minutes)
    earliest = now + dt.timedelta(minutes=room.notice_minutes)
    latest = now + dt.timedelta(days=room.horizon_days)
    # Only what meets the day can refuse one of its slots: a week's bookings are ~60, a
    # day's slots ~30, and the public week page asks for seven days.
    busy = [
        (b_start, b_end)
        for b_start, b_end in busy
        if b_start < close_at + buffer and open_at < b_end
    ]
    slots, start = [], open_at
    while start + length <= close_at:
        end = start + length
        if (
            start >= earliest
            and start <= latest
            and not any(b_start < end + buffer and start < b_end for b_start, b_end in busy)
        ):
            slots.append((start, end))
        start += step
    return slots


def suggestion(room: Room, day: dt.date, minutes: int, *, settings, exclude_booking=None) -> str:
    slots = free_slots(room, day, minutes, settings=settings, exclude_booking=exclude_booking)
    if not slots:
        return _("Nothing of this length is free that day.")
    shown = ", ".join(_fmt_span(s, e) for s, e in slots[:4])
    return _("Free instead: %(slots)s.") % {"slots": shown}


def booking_refusal(
    room: Room,
    start: dt.datetime,
    end: dt.datetime,
    *,
    settings: RoomSettings,
    exclude_booking: int | None = None,
    staff: bool = False,
    now: dt.datetime | None = None,
) -> Refusal | None:
    """The first rule that refuses [start, end) in `room`, with what is free instead; None
    when every rule allows it. Staff may book past the notice period (a walk-in)."""
    now = now or timezone.now()
    day = local(start).date()
    minutes = int((end - start).total_seconds() // 60)

    def refuse(rule: str, text: str) -> Refusal:
        if rule in {"inactive", "order"}:
            return Refusal(rule, text)
        length = min(max(minutes, room.min_minutes), room.max_minutes)
        hint = suggestion(room, day, length, settings=settings, exclude_booking=exclude_booking)
        return Refusal(rule, f"{text} {hint}")

    if not room.active:
        return refuse("inactive", _("This room cannot be booked now."))
    if end <= start:
        return refuse("order", _("The booking must end after it starts."))
    if minutes < room.min_minutes or minutes > room.max_minutes:
        return refuse(
            "duration",
            _("A booking of this room lasts from %(min)s to %(max)s minutes.")
            % {"min": room.min_minutes, "max": room.max_minutes},
        )
    opening = opening_for(day)
    if local(start).date() != local(end - dt.timedelta(microseconds=1)).date() or opening is None:
        return refuse("hours", _("The rooms are closed at this time."))
    zone = office_zone()
    if start < aware(day, opening.opens, zone) or end > aware(day, opening.closes, zone):
        return refuse(
            "hours",
            _("The rooms are open from %(opens)s to %(closes)s that day.")
            % {
                "opens": opening.opens.strftime("%H:%M"),
                "closes": opening.closes.strftime("%H:%M"),
            },
        )
    reason = _closure_reason(room, day, settings)
    if reason:
        return refuse(
            "closed", _("The rooms are closed that day (%(reason)s).") % {"reason": reason}
        )
    open_at = aware(day, opening.opens, zone)
    if (start - open_at).total_seconds() % (room.slot_minutes * 60) or minutes % room.slot_minutes:
        return refuse(
            "slot",
            _("Bookings start and end on the %(slot)s-minute grid.") % {"slot": room.slot_minutes},
        )
    if not staff and start < now + dt.timedelta(minutes=room.notice_minutes):
        return refuse(
            "notice",
            _("Book at least %(minutes)s minutes ahead.") % {"minutes": room.notice_minutes},
        )
    if start > now + dt.timedelta(days=room.horizon_days):
        return Refusal(
            "horizon",
            _("This room can be booked at most %(days)s days ahead.") % {"days": room.horizon_days},
        )
    buffer = dt.timedelta(minutes=room.buffer_minutes)
    clash = overlapping(room.pk, start, end + buffer)
    if exclude_booking:
        clash = clash.exclude(pk=exclude_booking)
    if clash.exists():
        return refuse("overlap", _("The room is already booked at this time."))
    return None


def closed_refusal(
    room: Room, start: dt.datetime, end: dt.datetime, *, settings: RoomSettings
) -> Refusal | None:
    """booking_refusal's answer when it refuses [start, end) because the rooms are closed
    then (outside the opening hours, a closure, a public holiday), else None. The live
    price of the booking forms quotes no price for such a time: it cannot be booked."""
    refusal = booking_refusal(room, start, end, settings=settings, staff=True)
    return refusal if refusal is not None and refusal.rule in {"hours", "closed"} else None
