import datetime as dt

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.exceptions import ApplicationError
from modules.rooms import rules, services
from modules.rooms.models import Booking
from tests.helpers.offices import in_office
from tests.modules.rooms.factories import room_make

# Around both changes of 2027 (28 March: 02:00 -> 03:00; 31 October: 03:00 -> 02:00) and a
# plain day between, so random bookings land on 23-, 24- and 25-hour days.
DAYS = [
    dt.date(2027, 3, 27),
    dt.date(2027, 3, 28),
    dt.date(2027, 3, 29),
    dt.date(2027, 6, 1),
    dt.date(2027, 10, 30),
    dt.date(2027, 10, 31),
    dt.date(2027, 11, 1),
]
REQUEST = st.tuples(
    st.sampled_from(DAYS),
    st.integers(min_value=0, max_value=40),  # start: half-hours after midnight, wall clock
    st.integers(min_value=1, max_value=6),  # length: half-hours of wall clock
    st.sampled_from([0, 30]),  # the room's buffer for this run
)


def _wall(day: dt.date, half_hours: int) -> dt.time:
    return dt.time(half_hours // 2, 30 * (half_hours % 2))


def _oracle_instant(day: dt.date, time: dt.time, zone) -> dt.datetime:
    """Independent conversion: a wall time skipped in spring means the instant one hour
    later than the same wall time read before the change (fold=0, then normalised)."""
    guess = dt.datetime.combine(day, time, tzinfo=zone)
    return dt.datetime.fromtimestamp(guess.timestamp(), tz=dt.UTC)


def _run(office, requests, buffer):
    zone = rules.office_zone()
    room = room_make(buffer_minutes=buffer, horizon_days=800)
    services.opening_hours_set(
        actor=None, hours={d: (dt.time(0), dt.time(23, 30)) for d in range(7)}
    )
    accepted: list[tuple[dt.datetime, dt.datetime]] = []
    pad = dt.timedelta(minutes=buffer)
    for day, start, length, _unused in requests:
        s = _oracle_instant(day, _wall(day, start), zone)
        e = _oracle_instant(day, _wall(day, start + length), zone)
        minutes = (e - s).total_seconds() / 60
        free = all(not (a < e + pad and s < b + pad) for a, b in accepted)
        expect = free and 30 <= minutes <= 600
        try:
            booking = services.booking_create(
                room=room,
                starts_at=rules.aware(day, _wall(day, start)),
                ends_at=rules.aware(day, _wall(day, start + length)),
                guest={"name": "Hypothesis"},
            )
        except ApplicationError as exc:
            assert not expect, (day, start, length, exc.message)
            continue
        assert expect, (day, start, length)
        assert (booking.starts_at, booking.ends_at) == (s, e)
        accepted.append((s, e))
        # What is shown is the wall time asked for, when that wall time exists that day.
        shown = rules.local(booking.starts_at)
        if _oracle_instant(day, _wall(day, start), zone).astimezone(zone).time() == _wall(
            day, start
        ):
            assert (shown.date(), shown.time()) == (day, _wall(day, start))
    stored = sorted(
        Booking.objects.filter(room=room, status="confirmed").values_list("starts_at", "ends_at")
    )
    assert stored == sorted(accepted)


@pytest.mark.parametrize(
    ("office_fixture", "zone"), [("office_a", "Europe/Warsaw"), ("office_b", "Europe/Bratislava")]
)
def test_random_bookings_match_interval_oracle_across_dst(request, office_fixture, zone):
    office = request.getfixturevalue(office_fixture)
    assert office.time_zone == zone

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(REQUEST, min_size=1, max_size=12))
    def check(requests):
        with in_office(office), transaction.atomic():
            _run(office, requests, requests[0][3])
            transaction.set_rollback(True)

    check()
    connection.set_schema_to_public()
