import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role
from modules.billing.models import UsageRecord
from modules.rooms import rules, services
from modules.rooms.models import Booking, Room
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import book, next_weekday, open_every_day, room_make

JSON = {"content_type": "application/json"}


@pytest.fixture
def setup(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make()
        company = ClientFactory(name="Acme sp. z o.o.")
        other = ClientFactory(name="Other")
        coffee = services.extra_save(
            actor=None, data={"name_pl": "Coffee", "price": Decimal("5.00"), "per_person": True}
        )
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    return room, company, other, coffee, OfficeClient(office_a, user=user)


WARSAW = ZoneInfo("Europe/Warsaw")  # office A's zone (these run outside the office)


def _iso(day, hour):
    return rules.aware(day, dt.time(hour), WARSAW).isoformat()


def test_staff_books_lists_moves_and_cancels(office_a, setup, django_assert_max_num_queries):
    room, company, _other, coffee, _client = setup
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    day = next_weekday(weeks=3)
    response = staff.post(
        "/api/v1/rooms/bookings/",
        {
            "room": room.pk,
            "client": company.pk,
            "guest_name": "Anna",
            "starts_at": _iso(day, 10),
            "ends_at": _iso(day, 12),
            "attendees": 2,
            "extras": [{"extra": coffee.pk, "quantity": 1}],
        },
        **JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["source"], body["price"], body["extras_price"]) == (
        "confirmed",
        "api",
        "100.00",
        "10.00",
    )
    booking_id = body["id"]
    with in_office(office_a):
        assert UsageRecord.objects.filter(client=company).count() == 2
    listing = staff.get(
        "/api/v1/rooms/bookings/",
        {"from": f"{day}T00:00:00", "to": f"{day + dt.timedelta(days=1)}T00:00:00"},
    ).json()
    assert [row["id"] for row in listing["results"]] == [booking_id]
    assert listing["results"][0]["extra_lines"] == [
        {"extra": coffee.pk, "quantity": 1, "price": "10.00"}
    ]
    clash = staff.post(
        f"/api/v1/rooms/bookings/{booking_id}/move/",
        {"starts_at": _iso(day, 7), "ends_at": _iso(day, 9)},
        **JSON,
    )
    assert clash.status_code == 400
    assert clash.json()["code"] == "hours"
    moved = staff.post(
        f"/api/v1/rooms/bookings/{booking_id}/move/",
        {"starts_at": _iso(day, 13), "ends_at": _iso(day, 14)},
        **JSON,
    )
    assert moved.status_code == 200
    assert moved.json()["starts_at"] == _iso(day, 13).replace("+00:00", "Z")  # UTC
    cancelled = staff.post(f"/api/v1/rooms/bookings/{booking_id}/cancel/", {}, **JSON)
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    with in_office(office_a):
        for n in range(5):
            book(room, day + dt.timedelta(days=1), 8 + n, 9 + n)
    staff.get("/api/v1/rooms/bookings/")
    with django_assert_max_num_queries(8):
        rows = staff.get("/api/v1/rooms/bookings/").json()["results"]
    assert len(rows) == 6


def test_client_sees_and_books_only_for_its_company(office_a, setup):
    room, company, other, _coffee, client = setup
    day = next_weekday(weeks=3)
    with in_office(office_a):
        theirs = book(room, day, 8, 9, client=other)
    response = client.post(
        "/api/v1/rooms/bookings/",
        {
            "room": room.pk,
            "client": other.pk,  # ignored: a client user books for their own company
            "starts_at": _iso(day, 10),
            "ends_at": _iso(day, 11),
        },
        **JSON,
    )
    assert response.status_code == 201, response.content
    mine = response.json()["id"]
    with in_office(office_a):
        assert Booking.objects.get(pk=mine).client_id == company.pk
    listing = client.get("/api/v1/rooms/bookings/").json()["results"]
    assert [row["id"] for row in listing] == [mine]
    assert client.get(f"/api/v1/rooms/bookings/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/rooms/bookings/{theirs.pk}/cancel/", {}, **JSON).status_code == (
        404
    )
    assert client.post(f"/api/v1/rooms/bookings/{mine}/approve/", {}, **JSON).status_code == 403
    waived = client.post(f"/api/v1/rooms/bookings/{mine}/cancel/", {"waive_fee": True}, **JSON)
    assert waived.status_code == 200
    with in_office(office_a):
        assert Booking.objects.get(pk=theirs.pk).status == "confirmed"
        assert Booking.objects.get(pk=mine).status == "cancelled"


def test_availability_gives_times_only(office_a, setup):
    room, _company, other, _coffee, client = setup
    day = next_weekday(0, weeks=2)
    with in_office(office_a):
        book(room, day, 8, 18, client=other, guest={"name": "Secret Person"})
    response = client.get(f"/api/v1/rooms/{room.pk}/availability/", {"week": day, "minutes": 60})
    assert response.status_code == 200
    body = response.json()
    assert (body["week"], body["minutes"], body["time_zone"]) == (
        day.isoformat(),
        60,
        "Europe/Warsaw",
    )
    assert body["days"][0] == {
        "date": day.isoformat(),
        "slots": [["18:00", "19:00"], ["18:30", "19:30"], ["19:00", "20:00"]],
    }
    assert "Secret" not in response.content.decode()
    assert "Other" not in response.content.decode()


def test_rooms_read_by_members_changed_by_admins(office_a, office_b, setup):
    room, *_rest = setup
    with in_office(office_a):
        hidden = room_make(name="Stara sala", active=False)
    read = {"anonymous": 401, "client": 200, "staff": 200, "admin": 200, "other_office": 403}
    check_permission_matrix(office_a, office_b, "get", "/api/v1/rooms/", expect=read)
    check_permission_matrix(
        office_a,
        office_b,
        "patch",
        f"/api/v1/rooms/{room.pk}/",
        expect={"anonymous": 401, "client": 403, "staff": 403, "other_office": 403, "admin": 200},
        data={"capacity": 12},
        unchanged=lambda: Room.objects.get(pk=room.pk).capacity in {10, 12},
        content_type="application/json",
    )
    with in_office(office_a):
        assert Room.objects.get(pk=room.pk).capacity == 12
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    assert [r["name"] for r in staff.get("/api/v1/rooms/").json()["results"]] == [
        "Sala Wisła",
        "Stara sala",
    ]
    client_user = member(office_a, Role.CLIENT)
    rows = OfficeClient(office_a, user=client_user).get("/api/v1/rooms/").json()["results"]
    assert [r["name"] for r in rows] == ["Sala Wisła"]
    assert "buffer_minutes" not in rows[0] and "public_price_hour" not in rows[0]
    assert (
        OfficeClient(office_a, user=client_user).get(f"/api/v1/rooms/{hidden.pk}/").status_code
        == 404
    )


def test_bookings_permission_matrix_and_other_office(office_a, office_b, setup):
    room, company, *_rest = setup
    with in_office(office_a):
        booking = book(room, next_weekday(weeks=2), 10, 11, client=company)
    read = {"anonymous": 401, "client": 200, "staff": 200, "admin": 200, "other_office": 403}
    check_permission_matrix(office_a, office_b, "get", "/api/v1/rooms/bookings/", expect=read)
    still = lambda: Booking.objects.get(pk=booking.pk).status == "confirmed"  # noqa: E731
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/api/v1/rooms/bookings/{booking.pk}/cancel/",
        expect={"anonymous": 401, "client": 404, "other_office": 403},
        unchanged=still,
    )
    check_cross_office(office_a, office_b, "get", f"/api/v1/rooms/bookings/{booking.pk}/")
    check_cross_office(
        office_a, office_b, "post", f"/api/v1/rooms/bookings/{booking.pk}/cancel/", unchanged=still
    )
    check_cross_office(office_a, office_b, "get", f"/api/v1/rooms/{room.pk}/availability/")
