"""rooms_calendar_month_p95_ms, rooms_public_availability_p95_ms, rooms_booking_race_ok
(and rooms_request_floor_p95_ms: the same signed-in events request for an empty week, the
fixed cost of a request on the machine in the same run). Each figure is printed beside its
limit measured in the same run: the page's own SQL replayed alone (tests/perf/limits.py).
The month view's text is cached under a fingerprint of its rows (modules/rooms/selectors.py):
`rooms_calendar_month_uncached_p95_ms` is the same view for ranges opened once, the cost of
a month nobody has opened since its bookings changed.

20 rooms and ~200,000 bookings over three years (1095 days x 9 one-hour bookings x 20 rooms
= 197,100, inserted by set-based SQL; rolled back afterwards): the staff month view's events
request for all rooms (200 requests over 12 different months) and the public page's free
slots for a week (200 requests over 20 rooms and 10 weeks). Then the 50-way race through the
public link (committed, in the rooms test office), 1 when it ends with exactly one booking."""

import datetime as dt
import statistics
import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from modules.notifications.models import Delivery
from modules.rooms import rules, services
from modules.rooms.models import Booking, Room
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.rooms.factories import next_weekday, open_every_day, room_make, rooms_office
from tests.modules.rooms.test_race import N, race_public
from tests.perf.conftest import size
from tests.perf.limits import page_statements, sql_timings

ROOMS = size(20, 2)
DAYS = size(1095, 30)
REQUESTS = size(200, 3)  # of the month view, the empty week and the public page
COLD = size(60, 2)  # never-opened ranges of the month view
BOOKINGS_SQL = """
INSERT INTO rooms_booking (created_at, updated_at, room_id, guest_name, guest_company,
  guest_email, guest_phone, title, attendees, starts_at, ends_at, blocked_until, status,
  source, price, extras_price, cancel_fee, notes, language, sequence)
SELECT now(), now(), r.id, 'Bench ' || (d %% 97), '', '', '', '', 2,
  %(base)s + d * interval '1 day' + (8 + s) * interval '1 hour',
  %(base)s + d * interval '1 day' + (9 + s) * interval '1 hour',
  %(base)s + d * interval '1 day' + (9 + s) * interval '1 hour',
  CASE WHEN (d + s) %% 11 = 0 THEN 'cancelled' ELSE 'confirmed' END, 'staff', 50, 0, 0, '',
  '', 0
FROM rooms_room r, generate_series(0, %(days)s - 1) AS d, generate_series(0, 8) AS s
WHERE r.name LIKE 'Bench %%'
"""


def _p95(timings: list[float]) -> float:
    timings = sorted(timings)
    return timings[int(len(timings) * 0.95) - 1]


def _time(web, requests) -> list[float]:
    for url, params in requests[:5]:
        web.get(url, params)
    timings = []
    for url, params in requests:
        start = time.perf_counter()
        response = web.get(url, params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def test_rooms_calendar_and_public_availability(office_a, bench_record):
    with in_office(office_a):
        open_every_day()
        services.settings_update(actor=None, data={"public_booking": True})
        for n in range(ROOMS):
            room_make(name=f"Bench {n:02d}", horizon_days=800)
        today = rules.local(rules.timezone.now()).date()
        base = rules.aware(today - dt.timedelta(days=DAYS // 2), dt.time(0))
        with connection.cursor() as cursor:
            cursor.execute(BOOKINGS_SQL, {"base": base, "days": DAYS})
            cursor.execute("ANALYZE rooms_booking")
        total = Booking.objects.count()
        rooms = list(Room.objects.filter(name__startswith="Bench").values_list("pk", flat=True))
    print(f"\n  {total} bookings, {len(rooms)} rooms")
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    months = []
    for n in range(12):
        first = (today.replace(day=1) + dt.timedelta(days=32 * (n - 6))).replace(day=1)
        months.append(
            (
                "/rooms/calendar/events/",
                {
                    "start": f"{first - dt.timedelta(days=first.weekday())}T00:00:00",
                    "end": f"{first + dt.timedelta(days=42 - first.weekday())}T00:00:00",
                },
            )
        )
    requests = (months * 17)[:REQUESTS]
    timings = _time(staff, requests)
    events = len(staff.get(*months[6]).json()["events"])
    print(
        f"  month view: {events} events, median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms"
    )
    sql = sql_timings(
        page_statements(staff, "/rooms/calendar/events/", [p for _u, p in requests]),
        office_a.schema_name,
    )
    bench_record(
        "rooms_calendar_month_p95_ms",
        _p95(timings),
        "ms",
        limit=_p95(sql),
        limit_name="rooms_calendar_month_sql_p95_ms",
    )

    # The same month view when its text is not in the cache (rows changed, or a range
    # nobody opened since): 60 six-week ranges each opened once, and the SQL of 60 other
    # never-opened ranges replayed alone as its limit.
    def shifted(days):
        first = today.replace(day=1) + dt.timedelta(days=days)
        return {
            "start": f"{first}T00:00:00",
            "end": f"{first + dt.timedelta(days=42)}T00:00:00",
        }

    cold = _time(staff, [("/rooms/calendar/events/", shifted(-300 + n)) for n in range(COLD + 5)])[
        5:
    ]
    cold_sql = sql_timings(
        page_statements(staff, "/rooms/calendar/events/", [shifted(n) for n in range(COLD)]),
        office_a.schema_name,
    )
    print(f"  month view, not cached: median {statistics.median(cold):.1f} ms")
    bench_record(
        "rooms_calendar_month_uncached_p95_ms",
        _p95(cold),
        "ms",
        limit=_p95(cold_sql),
        limit_name="rooms_calendar_month_uncached_sql_p95_ms",
    )
    # The floor of the same request on this machine, measured in the same run: the events
    # of a week with no bookings (sessions, middleware, the query on an empty range).
    empty = (
        "/rooms/calendar/events/",
        {"start": "2040-01-02T00:00:00", "end": "2040-01-09T00:00:00"},
    )
    floor = _time(staff, [empty] * REQUESTS)
    print(f"  empty week (floor): median {statistics.median(floor):.1f} ms")
    bench_record("rooms_request_floor_p95_ms", _p95(floor), "ms")

    visitor = OfficeClient(office_a)
    weeks = [next_weekday(0, weeks=w) for w in range(1, 11)]
    requests = [
        (f"/book/{rooms[i % len(rooms)]}/", {"week": str(weeks[i % 10]), "minutes": 60})
        for i in range(REQUESTS)
    ]
    timings = _time(visitor, requests)
    print(f"  public week: median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms")
    statements = []
    for url, params in requests:
        statements += page_statements(visitor, url, [params])
    sql = sql_timings(statements, office_a.schema_name)
    bench_record(
        "rooms_public_availability_p95_ms",
        _p95(timings),
        "ms",
        limit=_p95(sql),
        limit_name="rooms_public_availability_sql_p95_ms",
    )


def test_rooms_booking_race(session_offices, django_db_blocker, bench_record):
    with django_db_blocker.unblock():
        office = rooms_office()
        with in_office(office):
            open_every_day()
            services.settings_update(actor=None, data={"public_booking": True})
            room = room_make(name=f"Bench race {uuid.uuid4().hex[:6]}", max_minutes=180)
        connection.set_schema_to_public()
        cache.clear()
        started = timezone.now()
        statuses = race_public(office, room, next_weekday(3, weeks=5))
        with in_office(office):
            booked = Booking.objects.filter(room=room).count()
            mails = Delivery.objects.filter(
                event="rooms.booking_confirmed", notification__created_at__gte=started
            ).count()
        connection.set_schema_to_public()
    ok = booked == 1 and statuses.count(302) == 1 and statuses.count(400) == N - 1
    print(f"\n  race: {booked} booking(s), {mails} e-mail(s), {statuses.count(400)} refused")
    bench_record("rooms_booking_race_ok", 1 if ok and mails == 1 else 0, "bool")
