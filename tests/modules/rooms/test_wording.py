"""The panel's and the staff pages' formats and wording: times with two-digit hours on both
sides, natural Slovak, the price box's line without the hours twice, distinct status
badges and the message after booking in the reader's plural."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from accounts.models import Role
from modules.rooms import services
from modules.rooms.models import Room
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, on_package
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import book, open_every_day, room_make

DAY = dt.date(2027, 3, 18)  # a Thursday
NB = "\xa0"


def _panel(office, company, language):
    user = member(office, Role.CLIENT, client_id=company.pk, client_name=company.name)
    user.language = language
    user.save(update_fields=["language"])
    return OfficeClient(office, user=user)


@pytest.fixture
def slovak(office_b):
    with in_office(office_b):
        open_every_day()
        room = room_make(name="Miestnosť Dunaj", horizon_days=600)
        company = on_package(
            biznes(limit_room_hours=10, over_room_hours=Decimal("12.00")), ClientFactory()
        )
        kept = book(room, DAY, 8, 9, client=company, guest=None)
        dropped = book(room, DAY, 10, 11, client=company, guest=None)
        services.booking_cancel(booking=dropped, actor=None, staff=True)
    return room, company, kept, dropped, _panel(office_b, company, "sk")


def test_the_slovak_panel_writes_both_times_alike_and_colours_each_status(slovak):
    _room, _company, kept, _dropped, panel = slovak
    page = panel.get("/portal/rooms/").content.decode()
    assert 'data-testid="booking-link">18.03.2027 08:00–09:00</a>' in page
    assert 'data-testid="booking-link">18.03.2027 10:00–11:00</a>' in page
    badges = dict(
        re.findall(r'class="badge (text-bg-\w+)" data-testid="status" data-status="(\w+)"', page)
    )
    assert badges == {"text-bg-success": "confirmed", "text-bg-danger": "cancelled"}
    change = panel.get(f"/portal/rooms/{kept.pk}/change/").content.decode()
    assert "18.03.2027 08:00–09:00" in change


def test_slovak_package_words_and_the_price_box_line(slovak):
    room, _company, _kept, _dropped, panel = slovak
    form = panel.get("/portal/rooms/book/").content.decode()
    assert f"Každá hodina nad rámec zahrnutých stojí 12,00{NB}€." in form
    data = {"room": room.pk, "day": DAY.isoformat(), "start": "12:00", "end": "14:30"}
    box = panel.get("/portal/rooms/book/price/", {**data, "attendees": "1"}).content.decode()
    assert re.findall(r'data-testid="price-line">(.*?)<', box) == [
        "Miestnosť: 2,5 h z hodín balíka"
    ]


def test_the_staff_list_and_detail_colour_the_status(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make()
        waiting = book(room, DAY, 8, 9, tentative=True)
        confirmed = book(room, DAY, 10, 11)
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    listed = staff.get("/rooms/").content.decode()
    assert 'class="badge text-bg-warning" data-testid="status" data-status="tentative"' in listed
    assert 'class="badge text-bg-success" data-testid="status" data-status="confirmed"' in listed
    assert "18.03.2027 08:00–09:00" in listed
    with in_office(office_a):
        services.booking_cancel(booking=confirmed, actor=None, staff=True)
    detail = staff.get(f"/rooms/bookings/{confirmed.pk}/").content.decode()
    assert 'class="badge text-bg-danger" data-testid="status" data-status="cancelled"' in detail
    assert waiting.pk != confirmed.pk


def test_the_message_after_booking_is_a_sentence_in_the_readers_plural(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make(horizon_days=600)
        company = ClientFactory()
    panel = _panel(office_a, company, "pl")
    data = {
        "room": room.pk,
        "day": DAY.isoformat(),
        "start": "10:00",
        "end": "11:00",
        "attendees": "1",
        "every_weeks": "0",
    }
    once = panel.post("/portal/rooms/book/", data, follow=True).content.decode()
    assert "Sala jest zarezerwowana." in once
    weekly = {**data, "start": "12:00", "end": "13:00", "every_weeks": "1", "count": "3"}
    three = panel.post("/portal/rooms/book/", weekly, follow=True).content.decode()
    assert "Zarezerwowano 3 terminy." in three
    five = {**data, "start": "14:00", "end": "15:00", "every_weeks": "1", "count": "5"}
    assert "Zarezerwowano 5 terminów." in (
        panel.post("/portal/rooms/book/", five, follow=True).content.decode()
    )


def test_the_booking_pages_name_the_offices_local_time_not_a_zone_id(office_a, slovak):
    # "Godziny w strefie Europe/Warsaw." said the zone's identifier; now the office's local
    # time with its city, in the reader's language.
    _room, _company, kept, _dropped, panel = slovak
    form = panel.get("/portal/rooms/book/").content.decode()
    assert "Časy sú uvedené v miestnom čase kancelárie (Bratislava)." in form
    assert "Europe/" not in form
    detail = panel.get(f"/portal/rooms/{kept.pk}/").content.decode()
    assert "(miestny čas kancelárie)" in detail and "Europe/" not in detail
    with in_office(office_a):
        open_every_day()
        room_make()
        company = ClientFactory()
    form = _panel(office_a, company, "pl").get("/portal/rooms/book/").content.decode()
    assert "Godziny według czasu lokalnego biura (Warszawa)." in form
    assert "Europe/" not in form
    form = _panel(office_a, company, "en").get("/portal/rooms/book/").content.decode()
    assert "Times are the office's local time (Warsaw)." in form


def test_adding_a_room_or_an_extra_says_it_was_added(office_a):
    admin = member(office_a, Role.ADMIN)
    admin.language = "pl"
    admin.save(update_fields=["language"])
    web = OfficeClient(office_a, user=admin)
    room = {
        "name": "Sala Tatry",
        "capacity": 6,
        "active": "on",
        "colour": "#112233",
        "slot_minutes": 30,
        "min_minutes": 60,
        "max_minutes": 240,
        "buffer_minutes": 15,
        "notice_minutes": 60,
        "horizon_days": 90,
        "price_hour": "40.00",
        "free_cancel_hours": 24,
        "cancel_fee_percent": 100,
    }
    page = web.post("/administration/rooms/new/", room, follow=True).content.decode()
    assert "Sala dodana." in page and "Zmiany zapisane." not in page
    with in_office(office_a):
        pk = Room.objects.get(name="Sala Tatry").pk
    page = web.post(f"/administration/rooms/{pk}/", {**room, "capacity": 8}, follow=True)
    assert "Zmiany zapisane." in page.content.decode()
    extra = {"name_pl": "Kawa", "price": "5.00", "active": "on"}
    page = web.post("/administration/rooms/extras/new/", extra, follow=True).content.decode()
    assert "Dodatek dodany." in page
