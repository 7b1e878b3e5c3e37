import datetime as dt

from accounts.models import Role
from modules.rooms import services
from modules.rooms.models import Booking
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import at, book, next_weekday, open_every_day, room_make
from tests.modules.rooms.test_views import REFUSED, STAFF_PAGE


def _staff(office):
    user = member(office, Role.STAFF)
    user.language = "en"
    user.save(update_fields=["language"])
    return OfficeClient(office, user=user)


def test_events_in_office_wall_time_with_names_for_staff(office_a, django_assert_num_queries):
    with in_office(office_a):
        open_every_day()
        room = room_make(colour="#123456")
        other = room_make(name="Sala Odra")
        day = dt.date(2027, 3, 28)  # the spring change: 02:00 -> 03:00
        booking = book(
            room, day, 10, 12, guest={"name": "Jan Kowalski", "company": "Acme"}, title="Zarząd"
        )
        book(other, day, 9, 10, tentative=True)
    client = _staff(office_a)
    url = "/rooms/calendar/events/?start=2027-03-22T00:00:00&end=2027-04-05T00:00:00"
    client.get(url)
    with django_assert_num_queries(5):  # what every signed-in page runs, plus one for the events
        response = client.get(url)
    assert response.json() == {
        "rooms": {str(room.pk): ["Sala Wisła", "#123456"], str(other.pk): ["Sala Odra", "#2f6f8f"]},
        "events": [
            [
                booking.pk + 1,
                other.pk,
                1,
                "Jan Kowalski",
                "2027-03-28 09:00:00",
                "2027-03-28 10:00:00",
            ],
            [booking.pk, room.pk, 0, "Acme · Zarząd", "2027-03-28 10:00:00", "2027-03-28 12:00:00"],
        ],
    }
    one_room = client.get(url + f"&room={room.pk}").json()
    assert [event[0] for event in one_room["events"]] == [booking.pk]
    assert client.get("/rooms/calendar/events/?start=2027-01-01&end=2027-06-01").status_code == 400


def test_cached_events_follow_every_change_behind_them(office_a, office_b):
    with in_office(office_a):
        open_every_day()
        room = room_make(colour="#123456")
        company = ClientFactory(name="Acme")
        day = dt.date(2027, 3, 10)
        first = book(room, day, 10, 11, client=company)
        second = book(room, day, 12, 13)
    client = _staff(office_a)
    url = "/rooms/calendar/events/?start=2027-03-08T00:00:00&end=2027-03-15T00:00:00"

    def events():
        return [(e[0], e[3], e[4][11:16]) for e in client.get(url).json()["events"]]

    assert events() == [(first.pk, "Acme", "10:00"), (second.pk, "Jan Kowalski", "12:00")]
    assert events() == [(first.pk, "Acme", "10:00"), (second.pk, "Jan Kowalski", "12:00")]
    with in_office(office_a):
        services.booking_move(
            booking=second, starts_at=at(day, 14), ends_at=at(day, 15), actor=None, staff=True
        )
    assert events() == [(first.pk, "Acme", "10:00"), (second.pk, "Jan Kowalski", "14:00")]
    with in_office(office_a):
        company.name = "Acme Polska"
        company.save()
    assert events()[0] == (first.pk, "Acme Polska", "10:00")
    with in_office(office_a):
        room.colour = "#654321"
        room.save()
        third = book(room, day, 16, 17)
    assert client.get(url).json()["rooms"] == {str(room.pk): ["Sala Wisła", "#654321"]}
    assert [e[0] for e in events()] == [first.pk, second.pk, third.pk]
    with in_office(office_a):
        services.booking_cancel(booking=first, actor=None, staff=True)
    assert [e[0] for e in events()] == [second.pk, third.pk]
    # The same range in another office: its own (empty) calendar, never office A's text.
    other = _staff(office_b)
    assert other.get(url).json() == {"rooms": {}, "events": []}


def test_drag_move_is_decided_by_the_server(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make()
        day = next_weekday()
        first = book(room, day, 10, 11)
        book(room, day, 12, 13)
    client = _staff(office_a)
    refused = client.post(
        f"/rooms/calendar/move/{first.pk}/",
        {"start": f"{day}T12:00:00", "end": f"{day}T13:00:00"},
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "overlap"
    assert refused.json()["detail"].startswith("The room is already booked at this time.")
    closed = client.post(
        f"/rooms/calendar/move/{first.pk}/",
        {"start": f"{day}T19:30:00", "end": f"{day}T20:30:00"},
    )
    assert (closed.status_code, closed.json()["code"]) == (400, "hours")
    with in_office(office_a):
        assert Booking.objects.get(pk=first.pk).starts_at == at(day, 10)
    moved = client.post(
        f"/rooms/calendar/move/{first.pk}/",
        {"start": f"{day}T14:00:00", "end": f"{day}T15:30:00"},
    )
    assert moved.status_code == 200
    assert moved.json()["start"] == f"{day}T14:00"
    with in_office(office_a):
        assert (
            Booking.objects.get(pk=first.pk).starts_at,
            Booking.objects.get(pk=first.pk).ends_at,
        ) == (
            at(day, 14),
            at(day, 15, 30),
        )


def test_calendar_permissions_and_isolation(office_a, office_b):
    with in_office(office_a):
        open_every_day()
        room = room_make()
        day = next_weekday()
        booking = book(room, day, 10, 11)
    check_permission_matrix(office_a, office_b, "get", "/rooms/calendar/", expect=STAFF_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/rooms/calendar/events/?start=2027-01-01&end=2027-01-08",
        expect=STAFF_PAGE,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/rooms/calendar/move/{booking.pk}/",
        expect=REFUSED,
        data={"start": f"{day}T14:00:00", "end": f"{day}T15:00:00"},
        unchanged=lambda: Booking.objects.get(pk=booking.pk).starts_at == at(day, 10),
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/rooms/calendar/move/{booking.pk}/",
        data={"start": f"{day}T14:00:00", "end": f"{day}T15:00:00"},
        unchanged=lambda: Booking.objects.get(pk=booking.pk).starts_at == at(day, 10),
    )


def test_drag_create_opens_the_form_with_the_time(office_a):
    with in_office(office_a):
        room = room_make()
    page = _staff(office_a).get(
        f"/rooms/bookings/new/?room={room.pk}&day=2027-05-05&start=10:00&end=11:30"
    )
    html = page.content.decode()
    assert 'value="2027-05-05"' in html
    assert 'value="10:00"' in html and 'value="11:30"' in html
    assert f'<option value="{room.pk}" selected>' in html


def test_the_calendar_speaks_the_readers_language_with_european_dates_in_english(office_a):
    # FullCalendar's "en" is American (month first, 1pm): English readers get en-gb.
    for language, locale in (("en", "en-gb"), ("pl", "pl"), ("sk", "sk")):
        web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language=language))
        assert f'data-locale="{locale}"' in web.get("/rooms/calendar/").content.decode()


def test_the_calendar_opens_on_the_offices_today_not_the_browsers(office_b, monkeypatch):
    """Monday 00:30 in Bratislava is still Sunday in UTC (FullCalendar's "today" without a
    zone plugin): the page hands the calendar the office's date and wall time."""
    from django.utils import timezone

    client = _staff(office_b)
    monday_after_midnight = dt.datetime(2027, 3, 7, 23, 30, tzinfo=dt.UTC)  # 8 March 00:30
    monkeypatch.setattr(timezone, "now", lambda: monday_after_midnight)
    page = client.get("/rooms/calendar/").content.decode()
    assert 'data-initial-date="2027-03-08"' in page
    assert 'data-now="2027-03-08T00:30:00"' in page
    asked = client.get("/rooms/calendar/?date=2027-04-01").content.decode()
    assert 'data-initial-date="2027-04-01"' in asked  # a date asked for stays
