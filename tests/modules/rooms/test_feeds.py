import icalendar
import pytest

from accounts.models import Membership, Role
from modules.audit.models import AuditEntry
from modules.rooms import services
from modules.rooms.models import CalendarFeed
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import book, next_weekday, open_every_day, room_make

PAGE = {"anonymous": 302, "client": 200, "staff": 403, "admin": 403, "other_office": 403}
STAFF_PAGE = {"anonymous": 302, "client": 403, "staff": 200, "admin": 200, "other_office": 403}


@pytest.fixture
def setup(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make()
        other_room = room_make(name="Sala Odra")
        company = ClientFactory(name="Acme sp. z o.o.")
        other = ClientFactory(name="Other")
        day = next_weekday(weeks=2)
        ours = book(room, day, 10, 11, client=company, title="Zarząd")
        book(room, day, 12, 13, client=other, title="Secret")
        cancelled = book(other_room, day, 14, 15, client=company)
        services.booking_cancel(booking=cancelled, actor=None, staff=True)
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    return room, company, other, ours, cancelled, user


def _events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return [
        (str(e["summary"]), str(e["status"]), str(e["uid"]).split("@")[0])
        for e in calendar.walk("VEVENT")
    ]


def test_client_feed_holds_only_the_companys_bookings_and_is_revocable(office_a, setup):
    _room, company, _other, ours, cancelled, user = setup
    web = OfficeClient(office_a, user=user)
    assert web.post("/portal/rooms/feed/").status_code == 302
    page = web.get("/portal/rooms/feed/").content.decode()
    with in_office(office_a):
        feed = CalendarFeed.objects.get()
        assert (feed.client_id, feed.staff, feed.user_id) == (company.pk, False, user.pk)
    assert f"/rooms/feed/{feed.token}/" in page
    anonymous = OfficeClient(office_a)
    events = _events(anonymous.get(f"/rooms/feed/{feed.token}/"))
    assert events == [
        ("Zarząd", "CONFIRMED", f"rooms-booking-{ours.pk}"),
        ("Sala Odra", "CANCELLED", f"rooms-booking-{cancelled.pk}"),
    ]
    # A new address replaces the old one at once.
    web.post("/portal/rooms/feed/")
    with in_office(office_a):
        renewed = CalendarFeed.objects.get(revoked_at__isnull=True)
    assert anonymous.get(f"/rooms/feed/{feed.token}/").status_code == 404
    assert anonymous.get(f"/rooms/feed/{renewed.token}/").status_code == 200
    assert web.post(f"/portal/rooms/feed/{renewed.pk}/revoke/").status_code == 302
    assert anonymous.get(f"/rooms/feed/{renewed.token}/").status_code == 404
    with in_office(office_a):
        assert list(
            AuditEntry.objects.filter(action__startswith="rooms.feed")
            .order_by("pk")
            .values_list("action", flat=True)
        ) == ["rooms.feed_created", "rooms.feed_created", "rooms.feed_revoked"]


def test_feed_stops_when_the_membership_ends_and_in_another_office(office_a, office_b, setup):
    *_rest, user = setup
    web = OfficeClient(office_a, user=user)
    web.post("/portal/rooms/feed/")
    with in_office(office_a):
        token = CalendarFeed.objects.get().token
    assert OfficeClient(office_b).get(f"/rooms/feed/{token}/").status_code == 404
    assert OfficeClient(office_a).get(f"/rooms/feed/{token}x/").status_code == 404
    Membership.objects.filter(user=user).update(is_active=False)
    assert OfficeClient(office_a).get(f"/rooms/feed/{token}/").status_code == 404


def test_staff_room_feed_shows_who_booked(office_a, setup):
    room, *_rest = setup
    staff = member(office_a, Role.STAFF)
    web = OfficeClient(office_a, user=staff)
    assert web.post("/rooms/feeds/", {"room": room.pk}).status_code == 302
    with in_office(office_a):
        feed = CalendarFeed.objects.get(user=staff)
    summaries = [e[0] for e in _events(OfficeClient(office_a).get(f"/rooms/feed/{feed.token}/"))]
    assert summaries == [
        "Sala Wisła · Acme sp. z o.o. · Zarząd",
        "Sala Wisła · Other · Secret",
    ]
    Membership.objects.filter(user=staff).update(role=Role.CLIENT, client_id=1)
    assert OfficeClient(office_a).get(f"/rooms/feed/{feed.token}/").status_code == 404


def test_feed_pages_permission_matrix_and_others_feeds(office_a, office_b, setup):
    *_rest, user = setup
    check_permission_matrix(office_a, office_b, "get", "/portal/rooms/feed/", expect=PAGE)
    check_permission_matrix(office_a, office_b, "get", "/rooms/feeds/", expect=STAFF_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/rooms/feeds/",
        expect={k: v for k, v in STAFF_PAGE.items() if v != 200},
        unchanged=lambda: not CalendarFeed.objects.exists(),
    )
    OfficeClient(office_a, user=user).post("/portal/rooms/feed/")
    with in_office(office_a):
        feed = CalendarFeed.objects.get()

    def alive():
        return CalendarFeed.objects.get(pk=feed.pk).revoked_at is None

    # Someone else's feed cannot be revoked, not even by a colleague of the same company.
    colleague = member(office_a, Role.CLIENT, client_id=feed.client_id)
    response = OfficeClient(office_a, user=colleague).post(f"/portal/rooms/feed/{feed.pk}/revoke/")
    assert response.status_code == 404
    with in_office(office_a):
        assert alive()
    check_cross_office(
        office_a, office_b, "post", f"/rooms/feeds/{feed.pk}/revoke/", unchanged=alive
    )
