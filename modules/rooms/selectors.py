"""Reads of the rooms module. Client users see their own company's bookings only; the
free/busy of others carries no names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from django.db.models import QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from common.collation import name_ordering
from common.names import NAME_LANGUAGES, office_language
from modules.billing import selectors as billing_selectors
from modules.rooms import rules
from modules.rooms.models import (
    ACTIVE_Q,
    Booking,
    CalendarFeed,
    Closure,
    Extra,
    OpeningHours,
    Room,
    TsTzRange,
)


def room_list(*, active_only: bool = False) -> QuerySet[Room]:
    qs = Room.objects.all()
    return qs.filter(active=True) if active_only else qs


def package_hours(*, client_id: int, day: dt.date) -> billing_selectors.LimitTerms | None:
    """The room hours (`included`, `over_price`) the client's package or terms in force on
    `day` include, or None: then a booking is charged at the room's price. Read by
    services._usage_wanted ("package hours first") and the panel's booking form."""
    return billing_selectors.limit_terms(client_id=client_id, metric="room_hours", day=day)


def booking_package_hours(booking: Booking) -> billing_selectors.LimitTerms | None:
    """The package terms a client's booking is billed under (its hours count against the
    package, priced by its terms), or None: a visitor's booking, or a client whose terms on
    the booking's day include no room hours, is charged at the booking's own price."""
    if booking.client_id is None:
        return None
    return package_hours(client_id=booking.client_id, day=rules.local(booking.starts_at).date())


class PackageUse(NamedTuple):
    """A client's room hours in one month: the package's terms and the hours billing counts
    as used so far (every usage with metric room_hours in the month: bookings, late fees).
    `before`: for each usage ref standing in the month (`booking:7`), the month's hours
    recorded before it (package_use(ordered=True)); the included hours go to the month's
    usage in the order it was recorded, like the live price quoted each booking when made."""

    included: int
    over_price: Decimal | None
    used: Decimal
    before: dict[str, Decimal] | None = None

    def hours_before(self, ref: str) -> Decimal:
        """The month's hours counted before the usage under `ref`; all of them when nothing
        stands under it (a booking not yet recorded comes last, as the live price has it)."""
        if self.before is None or ref not in self.before:
            return self.used
        return self.before[ref]

    @property
    def used_up(self) -> bool:
        """No included hour left: the next hour booked costs `over_price`."""
        return self.used >= self.included

    @property
    def over(self) -> bool:
        """More hours used than included: some of the month's bookings are charged."""
        return self.used > self.included

    def over_of(self, hours: Decimal, *, before: Decimal) -> Decimal:
        """Of `hours` counted after `before` used hours, those over the included ones."""
        return min(hours, max(before + hours - self.included, Decimal(0)))


def package_use(*, client_id: int, day: dt.date, ordered: bool = False) -> PackageUse | None:
    """The client's package terms for room hours on `day` (package_hours) and the hours used
    in `day`'s month as billing counts them (its summary's limit), or None when the terms
    include no room hours (bookings are charged at the room's price). `ordered`: also which
    of them were recorded before each booking's (PackageUse.before, _month_order)."""
    terms = package_hours(client_id=client_id, day=day)
    if terms is None:
        return None
    summary = billing_selectors.summary_get(client_id=client_id, period=day.replace(day=1))
    used = Decimal(0)
    for limit in summary.limits if summary else ():
        if limit.metric == "room_hours":
            used = limit.used
    before = _month_order(client_id=client_id, period=day.replace(day=1)) if ordered else None
    return PackageUse(terms.included, terms.over_price, used, before)


def _month_order(*, client_id: int, period: dt.date) -> dict[str, Decimal]:
    """For each usage ref with room hours standing in the month, the hours of the refs
    first recorded in the month before it. A ref keeps the place of its **first** record
    in the month: a booking moved within the month has its usage reversed and recorded
    anew, and ordering by that newest record sent it behind every booking recorded
    meanwhile, so moving it changed its own breakdown and theirs. A booking takes its
    place when it is first recorded (booked, or approved), the order the live price quoted
    each one in; a booking moved in from another month is first recorded here then, so it
    comes after the month's bookings already recorded."""
    net: dict[str, Decimal] = {}
    order: dict[str, int] = {}
    records = billing_selectors.usage_list(client_id=client_id, period=period)
    for record in records.filter(metric="room_hours"):
        ref = record.source_ref or f"usage:{record.pk}"
        net[ref] = net.get(ref, Decimal(0)) + record.quantity
        if record.quantity > 0:
            order[ref] = min(order.get(ref, record.pk), record.pk)
    before, running = {}, Decimal(0)
    for ref in sorted((r for r in net if net[r] > 0), key=lambda r: order.get(r, 0)):
        before[ref] = running
        running += net[ref]
    return before


def bookings_in_package(bookings) -> dict[int, PackageUse]:
    """Those `bookings` billed as package hours (booking_package_hours), each with its
    month's use of the package (package_use: whether the included hours are used up): one
    reading of the client's terms per client and day, of the hours used per client and
    month, not per booking."""
    terms: dict[tuple[int, dt.date], bool] = {}
    used: dict[tuple[int, dt.date], PackageUse | None] = {}
    found = {}
    for booking in bookings:
        if booking.client_id is None:
            continue
        day = rules.local(booking.starts_at).date()
        key = (booking.client_id, day)
        if key not in terms:
            terms[key] = booking_package_hours(booking) is not None
        if not terms[key]:
            continue
        month = (booking.client_id, day.replace(day=1))
        if month not in used:
            used[month] = package_use(client_id=booking.client_id, day=day, ordered=True)
        if used[month] is not None:
            found[booking.pk] = used[month]
    return found


def extra_list(*, active_only: bool = False, language: str | None = None) -> QuerySet[Extra]:
    """The extras in the order of the names a reader of `language` (default: the active
    one) sees: theirs, else the office's (common.names)."""
    reader = (language or get_language() or "")[:2]
    office = office_language()
    reader = reader if reader in NAME_LANGUAGES else office
    shown = Coalesce(NullIf(f"name_{reader}", Value("")), f"name_{office}")
    qs = Extra.objects.annotate(shown_name=shown)
    qs = qs.order_by(*name_ordering("shown_name", reader), "pk")
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


# The staff calendar's events as one compact JSON text built by PostgreSQL: the month view
# of 20 rooms is ~7,000 events; building FullCalendar's objects in Python (zone conversion
# per row, encoding) took ~0.5 s, and as JSON objects in PostgreSQL ~70 ms and 1.4 MB. So
# each event is an array [id, room id, tentative (0/1), "who · subject", wall start, wall
# end] (times in the office's zone, "YYYY-MM-DD HH:MM:SS"), rooms once as {id: [name,
# colour]}; static/rooms/calendar.js makes FullCalendar's events of them. The WHERE clause
# is the exclusion constraint's own (status, room, the same tstzrange), so it runs on the
# constraint's GiST index.
_CALENDAR_FROM = """
FROM rooms_booking b
LEFT JOIN clients_client c ON c.id = b.client_id
WHERE (b.status = 'tentative' OR b.status = 'confirmed')
  AND TSTZRANGE(b.starts_at, b.blocked_until, '[)') && TSTZRANGE(%(start)s, %(end)s, '[)')
"""
CALENDAR_SQL = (
    """
SELECT '{"rooms":' || coalesce(
    (SELECT json_object_agg(r.id, json_build_array(r.name, r.colour)) FROM rooms_room r)::text,
    '{}') || ',"events":[' || coalesce(string_agg(concat(
    '[', b.id, ',', b.room_id, ',', (b.status = 'tentative')::int, ',',
    to_json(concat_ws(' · ',
        coalesce(nullif(c.name, ''), nullif(b.guest_company, ''), nullif(b.guest_name, '')),
        nullif(b.title, '')))::text,
    ',"', (b.starts_at AT TIME ZONE %(zone)s)::text,
    '","', (b.ends_at AT TIME ZONE %(zone)s)::text, '"]'
), ',' ORDER BY b.starts_at, b.id), '') || ']}'"""
    + _CALENDAR_FROM
)
# What the text above is made of, in one cheap pass over the same rows (no text built): how
# many bookings, and the sum of every row's updated_at (bookings, their clients, all rooms) in
# microseconds. Any write through a model or a service moves updated_at, so a booking
# created, moved in, out or within the range, cancelled or approved, a client renamed or a
# room recoloured changes it; a sum, unlike a max, also changes when a write that started
# earlier commits later. Building the text is 90 % of the request on a month of 20 rooms
# (~7,000 events): the text is kept in the cache under this fingerprint (calendar_events_json).
CALENDAR_FINGERPRINT_SQL = (
    """
SELECT count(*), sum((extract(epoch FROM b.updated_at) * 1000000)::bigint),
  sum((extract(epoch FROM c.updated_at) * 1000000)::bigint),
  (SELECT concat(count(*), ':', sum((extract(epoch FROM r.updated_at) * 1000000)::bigint))
   FROM rooms_room r)"""
    + _CALENDAR_FROM
)
CALENDAR_CACHE_SECONDS = 3600


def calendar_events_json(*, start: dt.datetime, end: dt.datetime, room_id: int | None) -> str:
    """The staff calendar's rooms and events meeting [start, end) (see CALENDAR_SQL), from
    the cache while the rows behind it are unchanged (CALENDAR_FINGERPRINT_SQL)."""
    from django.core.cache import cache
    from django.db import connection

    where = " AND b.room_id = %(room)s" if room_id else ""
    zone = str(rules.office_zone())
    params = {"zone": zone, "start": start, "end": end, "room": room_id}
    with connection.cursor() as cursor:
        cursor.execute(CALENDAR_FINGERPRINT_SQL + where, params)
        fingerprint = ":".join(str(value) for value in cursor.fetchone())
        key = "rooms:calendar:" + ":".join(
            (connection.schema_name, zone, start.isoformat(), end.isoformat(), str(room_id))
        )
        cached = cache.get(key)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        cursor.execute(CALENDAR_SQL + where, params)
        text = cursor.fetchone()[0]
    cache.set(key, (fingerprint, text), CALENDAR_CACHE_SECONDS)
    return text


def busy_list(*, room: Room, start: dt.datetime, end: dt.datetime) -> list[tuple]:
    """Free/busy for anyone: times only, never who."""
    return list(
        rules.overlapping(room.pk, start, end)
        .order_by("starts_at")
        .values_list("starts_at", "blocked_until")
    )


def public_availability(
    *, room: Room, week: dt.date, minutes: int, settings=None
) -> list[tuple[dt.date, list[tuple[str, str]]]]:
    """Free start-end times ("HH:MM", the office's zone) for each day of the week starting
    `week` (office's dates): one query each for the settings, the opening hours, the week's
    closures and its busy times, then per-day rules in Python. Strings, not datetimes: the
    page would otherwise convert ~170 instants to the zone again while rendering."""
    from modules.rooms.services import settings_get

    settings = settings or settings_get()
    hours = opening_hours()
    last = week + dt.timedelta(days=6)
    closed = rules.closure_reasons(room, week, last, settings)
    start = rules.aware(week, dt.time(0))
    end = rules.aware(week + dt.timedelta(days=7), dt.time(0))
    busy = busy_list(room=room, start=start - dt.timedelta(hours=12), end=end)
    zone = rules.office_zone()
    days = []
    for day in (week + dt.timedelta(days=n) for n in range(7)):
        slots = rules.free_slots(
            room,
            day,
            minutes,
            settings=settings,
            hours=hours,
            busy=busy,
            closed=closed.get(day, ""),
        )
        days.append(
            (
                day,
                [
                    (s.astimezone(zone).strftime("%H:%M"), e.astimezone(zone).strftime("%H:%M"))
                    for s, e in slots
                ],
            )
        )
    return days


class PublicWeek(NamedTuple):
    week: dt.date  # its Monday
    days: list[tuple[dt.date, list[tuple[str, str]]]]
    earliest: dt.date  # the Monday of the first week with a time still free


def public_week(
    *, room: Room, asked: dt.date | None, minutes: int, today: dt.date, settings=None
) -> PublicWeek:
    """The week the public room page shows: the one holding `asked` (default today), but
    never before the first week with a time still free - this week, or the next one when
    nothing of this week can be booked any more (on a Sunday evening every day of the week
    is past). The page offers no "previous week" before `earliest`. Weeks from the one
    after next on need no look at this week (the first week is at most next week)."""
    this_week = today - dt.timedelta(days=today.weekday())
    asked = max(asked or today, today)
    week = asked - dt.timedelta(days=asked.weekday())
    if week > this_week + dt.timedelta(days=7):
        days = public_availability(room=room, week=week, minutes=minutes, settings=settings)
        return PublicWeek(week, days, this_week)
    first_days = public_availability(room=room, week=this_week, minutes=minutes, settings=settings)
    if any(slots for _day, slots in first_days):
        earliest = this_week
    else:
        earliest, week = this_week + dt.timedelta(days=7), this_week + dt.timedelta(days=7)
    if week == this_week:
        return PublicWeek(week, first_days, earliest)
    days = public_availability(room=room, week=week, minutes=minutes, settings=settings)
    return PublicWeek(week, days, earliest)


FEED_PAST = dt.timedelta(days=60)
FEED_AHEAD = dt.timedelta(days=400)


def feed_list(*, user, membership) -> QuerySet[CalendarFeed]:
    """The person's working feed URLs in the scope they act in now."""
    qs = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).select_related("room")
    if membership.is_staff_role:
        return qs.filter(staff=True)
    return qs.filter(staff=False, client_id=membership.client_id)


def feed_get(*, token: str) -> CalendarFeed | None:
    """The feed of a secret URL, while it is not revoked and its person may still see it
    (an active membership of this office: staff for a room feed, a user of that company
    for a client feed)."""
    from django.db import connection

    from accounts.models import STAFF_ROLES, Membership, Role

    feed = (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("room")
        .first()
    )
    if feed is None:
        return None
    memberships = Membership.objects.filter(
        user_id=feed.user_id, office_id=connection.tenant.pk, is_active=True
    )
    if feed.staff:
        allowed = memberships.filter(role__in=STAFF_ROLES).exists()
    else:
        allowed = memberships.filter(role=Role.CLIENT, client_id=feed.client_id).exists()
    return feed if allowed else None


def feed_bookings(*, feed: CalendarFeed, now: dt.datetime) -> QuerySet[Booking]:
    """What a feed shows: the scope's bookings from 60 days back to 400 days ahead, active
    ones and those cancelled or released (calendars then drop them)."""
    qs = Booking.objects.select_related("room", "client").filter(
        starts_at__gte=now - FEED_PAST, starts_at__lt=now + FEED_AHEAD
    )
    if not feed.staff:
        qs = qs.filter(client_id=feed.client_id)
    elif feed.room_id:
        qs = qs.filter(room_id=feed.room_id)
    return qs.order_by("starts_at", "pk")
