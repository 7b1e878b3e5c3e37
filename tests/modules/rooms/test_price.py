"""The live price of the booking forms (views/price.py, services.booking_quote): the same
figure the booking is stored and billed at, package hours first."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from accounts.models import Role
from modules.rooms import services
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, on_package
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import book, open_every_day, room_make

DAY = dt.date(2027, 3, 10)  # a Wednesday
NBSP = "\xa0"


@pytest.fixture
def setup(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make(
            price_hour=Decimal("50.00"), price_half_day=Decimal("180.00"), horizon_days=3 * 366
        )
        coffee = services.extra_save(
            actor=None, data={"name_pl": "Kawa", "price": Decimal("6.00"), "per_person": True}
        )
        screen = services.extra_save(
            actor=None, data={"name_pl": "Ekran", "price": Decimal("25.00"), "per_person": False}
        )
    return room, coffee, screen


def _lines(html: str) -> list[str]:
    return [
        re.sub(r"[ \n]+", " ", line).strip()
        for line in re.findall(r'data-testid="price-(?:total|line)">(.*?)<', html)
    ]


def _form(room, coffee, screen, **more):
    return {
        "room": room.pk,
        "day": DAY.isoformat(),
        "start": "10:00",
        "end": "12:00",
        "attendees": "3",
        f"extra_{coffee.pk}": "on",
        f"extra_{screen.pk}": "2",
        **more,
    }


def test_staff_price_for_a_guest_is_the_rooms_price_with_the_extras(office_a, setup):
    room, coffee, screen = setup
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))  # reads Polish
    html = web.get("/rooms/bookings/price/", _form(room, coffee, screen)).content.decode()
    # 2 h x 50,00; coffee for each of 3 people x 6,00; 2 screens x 25,00.
    assert _lines(html) == [
        f"Cena: 168,00{NBSP}zł",
        f"Sala, 2 h: 100,00{NBSP}zł",
        f"Ekran ×2: 50,00{NBSP}zł",
        f"Kawa ×3: 18,00{NBSP}zł",
    ]
    # The half-day price caps 4 hours (the booking's own rule: booking_price).
    html = web.get(
        "/rooms/bookings/price/",
        _form(
            room,
            coffee,
            screen,
            end="14:00",
            **{f"extra_{coffee.pk}": "", f"extra_{screen.pk}": "0"},
        ),
    ).content.decode()
    assert _lines(html) == [f"Cena: 180,00{NBSP}zł", f"Sala, 4 h: 180,00{NBSP}zł"]
    # Nothing to price before the room, the date and the times are given.
    html = web.get("/rooms/bookings/price/", {"room": room.pk}).content.decode()
    assert _lines(html) == []
    assert "Wybierz salę, datę i godziny, aby zobaczyć cenę." in html


def test_the_price_is_what_the_booking_is_then_stored_and_billed_at(office_a, setup):
    room, coffee, screen = setup
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    html = web.get("/rooms/bookings/price/", _form(room, coffee, screen)).content.decode()
    web.post("/rooms/bookings/new/", _form(room, coffee, screen, guest_name="Jan Nowak", title="Q"))
    with in_office(office_a):
        from modules.rooms.models import Booking

        stored = Booking.objects.get(title="Q")
    assert stored.price + stored.extras_price == Decimal("168.00")
    assert f"Cena: 168,00{NBSP}zł" in html


def test_staff_price_for_a_client_with_package_hours_counts_the_months_hours(office_a, setup):
    room, coffee, screen = setup
    with in_office(office_a):
        client = on_package(biznes(limit_room_hours=3, over_room_hours=Decimal("40.00")))
        book(room, DAY + dt.timedelta(days=1), 8, 10, client=client)  # 2 of 3 hours used
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    data = _form(room, coffee, screen, client=client.pk, client_label="x")
    html = web.get("/rooms/bookings/price/", data).content.decode()
    # 1 h still included, 1 h over it at 40,00; the extras at their own price.
    assert _lines(html) == [
        f"Cena: 108,00{NBSP}zł",
        f"Sala: 1 h z godzin pakietu + 1 h ponad godziny pakietu: 40,00{NBSP}zł",
        f"Ekran ×2: 50,00{NBSP}zł",
        f"Kawa ×3: 18,00{NBSP}zł",
    ]


def test_client_panel_price_is_the_companys_own_package(office_a, setup):
    room, coffee, screen = setup
    with in_office(office_a):
        company = on_package(biznes(limit_room_hours=3, over_room_hours=Decimal("40.00")))
        other = ClientFactory(name="Inna firma")
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    user.language = "en"
    user.save(update_fields=["language"])
    web = OfficeClient(office_a, user=user)
    data = _form(room, coffee, screen, **{f"extra_{coffee.pk}": "", f"extra_{screen.pk}": "0"})
    html = web.get("/portal/rooms/book/price/", data).content.decode()
    assert _lines(html) == ["Price: PLN\xa00.00", "Room: 2 h of package hours"]
    with in_office(office_a):
        book(room, DAY + dt.timedelta(days=1), 8, 11, client=company)  # all 3 hours used
    html = web.get("/portal/rooms/book/price/", data).content.decode()
    assert _lines(html) == [
        "Price: PLN\xa080.00",
        "Room: 2 h over the package hours: PLN\xa080.00",
    ]
    # Its own company named is the same; another company is not theirs to price: 404.
    own = web.get("/portal/rooms/book/price/", {**data, "client": company.pk})
    assert own.status_code == 200
    response = web.get("/portal/rooms/book/price/", {**data, "client": other.pk})
    assert response.status_code == 404
    # The staff form's price is not for a client user at all.
    assert web.get("/rooms/bookings/price/", data).status_code == 403


def test_the_forms_ask_for_the_price_as_they_change(office_a, setup):
    with in_office(office_a):
        company = ClientFactory(name="Acme")
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    page = staff.get("/rooms/bookings/new/").content.decode()
    assert 'hx-get="/rooms/bookings/price/" hx-include="closest form"' in page
    assert "change from:closest form, picker:chosen from:closest form" in page
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    page = OfficeClient(office_a, user=user).get("/portal/rooms/book/").content.decode()
    assert 'hx-get="/portal/rooms/book/price/" hx-include="closest form"' in page


def test_price_permissions(office_a, office_b, setup):
    staff_only = {"anonymous": 302, "client": 403, "staff": 200, "admin": 200,
                  "other_office": 403}  # fmt: skip
    check_permission_matrix(office_a, office_b, "get", "/rooms/bookings/price/", expect=staff_only)
    client_only = {"anonymous": 302, "client": 200, "staff": 403, "admin": 403,
                   "other_office": 403}  # fmt: skip
    check_permission_matrix(
        office_a, office_b, "get", "/portal/rooms/book/price/", expect=client_only
    )


def test_the_box_warns_of_more_people_than_the_room_holds_with_the_forms_message(office_a, setup):
    _room, coffee, screen = setup
    with in_office(office_a):
        focus = room_make(name="Sala Focus", capacity=2, horizon_days=3 * 366)
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))  # reads Polish
    data = _form(focus, coffee, screen, attendees="5", guest_name="Jan")
    html = web.get("/rooms/bookings/price/", data).content.decode()
    assert re.findall(r'data-testid="price-warning">([^<]*)<', html) == [
        "Ta sala mieści najwyżej 2 osoby."
    ]
    sent = web.post("/rooms/bookings/new/", data).content.decode()
    assert 'data-testid="refusal">Ta sala mieści najwyżej 2 osoby.<' in sent
    fits = web.get("/rooms/bookings/price/", {**data, "attendees": "2"}).content.decode()
    assert 'data-testid="price-warning"' not in fits


def test_typing_a_quantity_asks_for_the_price_after_a_short_pause(office_a, setup):
    _room, _coffee, screen = setup
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    page = staff.get("/rooms/bookings/new/").content.decode()
    assert "input delay:400ms from:[data-live-price]" in page
    assert re.search(rf'name="extra_{screen.pk}"[^>]*data-live-price', page) or re.search(
        rf'data-live-price[^>]*name="extra_{screen.pk}"', page
    )
    assert re.search(r'name="attendees"[^>]*data-live-price', page) or re.search(
        r'data-live-price[^>]*name="attendees"', page
    )
