import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import Role
from modules.rooms import rules, services
from modules.rooms.models import Booking
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import book, open_every_day, room_make

CLIENT_PAGE = {
    "anonymous": 302,
    "client": 200,
    "staff": 403,
    "admin": 403,
    "other_office": 403,
}


@pytest.fixture
def setup(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make()
        company = ClientFactory(name="Acme sp. z o.o.")
        other = ClientFactory(name="Other")
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    user.language = "en"
    user.save(update_fields=["language"])
    return room, company, other, OfficeClient(office_a, user=user)


def test_weekly_series_books_the_free_dates_and_lists_the_conflicts_across_dst(office_a, setup):
    room, company, _other, client = setup
    first = dt.date(2027, 3, 17)  # Wednesdays around the change of 28 March
    with in_office(office_a):
        blocker = book(room, dt.date(2027, 3, 31), 10, 11)
    response = client.post(
        "/portal/rooms/book/",
        {
            "room": room.pk,
            "day": first.isoformat(),
            "start": "10:00",
            "end": "11:00",
            "title": "Weekly",
            "attendees": 3,
            "every_weeks": 1,
            "count": 4,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "These dates were not booked:" in page
    assert "The room is already booked at this time." in page
    assert f"?room={room.pk}&amp;day=2027-03-31" in page
    with in_office(office_a):
        series = Booking.objects.filter(client=company).order_by("starts_at")
        assert [rules.local(b.starts_at).strftime("%Y-%m-%d %H:%M %Z") for b in series] == [
            "2027-03-17 10:00 CET",
            "2027-03-24 10:00 CET",
            "2027-04-07 10:00 CEST",
        ]
        assert len({b.series for b in series}) == 1
        assert all(b.source == "portal" for b in series)
        assert Booking.objects.get(pk=blocker.pk).client_id is None


def test_every_two_weeks_until_a_date():
    assert services.series_dates(
        first=dt.date(2027, 10, 20), every_weeks=2, until=dt.date(2027, 11, 20)
    ) == [dt.date(2027, 10, 20), dt.date(2027, 11, 3), dt.date(2027, 11, 17)]


def test_client_sees_and_cancels_only_own_bookings(office_a, setup):
    room, company, other, client = setup
    with in_office(office_a):
        day = dt.date.today() + dt.timedelta(days=20)
        own = book(room, day, 10, 11, client=company, guest=None)
        theirs = book(room, day, 12, 13, client=other, guest=None)
    page = client.get("/portal/rooms/").content.decode()
    assert f"/portal/rooms/{own.pk}/cancel/" in page
    assert f"/portal/rooms/{theirs.pk}/cancel/" not in page
    assert client.post(f"/portal/rooms/{theirs.pk}/cancel/").status_code == 404
    assert client.post(f"/portal/rooms/{own.pk}/cancel/").status_code == 302
    with in_office(office_a):
        assert Booking.objects.get(pk=theirs.pk).status == "confirmed"
        cancelled = Booking.objects.get(pk=own.pk)
        assert (cancelled.status, cancelled.cancel_fee) == ("cancelled", Decimal("0"))


def test_client_refusal_keeps_the_form(office_a, setup):
    room, _company, _other, client = setup
    response = client.post(
        "/portal/rooms/book/",
        {
            "room": room.pk,
            "day": "2027-05-05",
            "start": "06:00",
            "end": "07:00",
            "title": "Early",
            "attendees": 2,
            "every_weeks": 0,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The rooms are open from 08:00 to 20:00 that day. Free instead: 08:00–09:00" in page
    assert 'value="Early"' in page


def test_portal_permissions(office_a, office_b, setup):
    room, company, _other, _client = setup
    with in_office(office_a):
        booking = book(room, dt.date(2027, 5, 5), 10, 11, client=company, guest=None)
    check_permission_matrix(office_a, office_b, "get", "/portal/rooms/", expect=CLIENT_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/portal/rooms/{booking.pk}/cancel/",
        expect={"anonymous": 302, "client": 404, "staff": 403, "other_office": 403},
        unchanged=lambda: Booking.objects.get(pk=booking.pk).status == "confirmed",
    )
