import datetime as dt

from django.utils import timezone

from accounts.models import Role, User
from modules.rooms import rules
from modules.rooms.models import Booking
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.office.test_dashboard import _tile
from tests.modules.rooms.factories import book, next_weekday, open_every_day, room_make


def _place(booking, starts_at, ends_at):
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=starts_at, ends_at=ends_at, blocked_until=ends_at
    )


def test_today_tile_counts_the_day_s_bookings_and_names_the_next_with_a_link_to_the_day(
    office_a,
):
    staff = member(office_a, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language="en")
    with in_office(office_a):
        open_every_day()
        room = room_make()
        other_room = room_make(name="Sala Odra")
        client = ClientFactory(name="Zielony Las sp. z o.o.")
        later_client = ClientFactory(name="Biały Kruk")
        day = next_weekday(weeks=2)
        now = timezone.now()
        today = rules.local(now).date()
        start = rules.aware(today, dt.time(0))
        end = rules.aware(today + dt.timedelta(days=1), dt.time(0))
        left = (end - now) / 3
        done = book(room, day, 8, 9)
        _place(done, start, now - dt.timedelta(seconds=1))
        upcoming = book(room, day, 9, 10, client=client)
        _place(upcoming, now + left, now + 2 * left)
        later = book(other_room, day, 10, 11, client=later_client)
        _place(later, now + 2 * left, end - dt.timedelta(seconds=1))
        cancelled = book(other_room, day, 11, 12)
        _place(cancelled, now + left, now + 2 * left)
        Booking.objects.filter(pk=cancelled.pk).update(status=Booking.Status.CANCELLED)
        tomorrow = book(other_room, day, 12, 13)
        _place(tomorrow, end, end + dt.timedelta(hours=1))
        next_at = rules.local(now + left).strftime("%H:%M")
    page = OfficeClient(office_a, user=staff).get("/dashboard/").content.decode()

    tile = _tile(page, "rooms.today")
    assert f'href="/rooms/calendar/?date={today.isoformat()}&amp;view=day"' in tile
    assert "Room bookings today" in tile
    assert '<div class="display-6">3</div>' in tile
    assert f"the next at {next_at}: Zielony Las sp. z o.o." in tile


def test_today_tile_shows_zero_without_bookings_and_the_calendar_opens_the_day(office_a):
    staff = member(office_a, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language="en")
    web = OfficeClient(office_a, user=staff)
    tile = _tile(web.get("/dashboard/").content.decode(), "rooms.today")
    assert '<div class="display-6">0</div>' in tile and "the next" not in tile
    calendar = web.get("/rooms/calendar/?date=2026-12-07&view=day").content.decode()
    assert 'data-initial-date="2026-12-07"' in calendar
    assert 'data-initial-view="day"' in calendar
    assert 'data-initial-view=""' in web.get("/rooms/calendar/").content.decode()
