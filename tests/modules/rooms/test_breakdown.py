"""One price breakdown of a booking (services.booking_breakdown, by booking_quote's rules
for the booking's own month): the live price box, the panel's and the staff list, the staff
detail, the panel's pages and the e-mails state the same figures."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from accounts.models import Role
from modules.notifications.models import Delivery
from modules.rooms import services
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, on_package
from tests.modules.clients.factories import ClientFactory
from tests.modules.notifications.factories import email_recipient
from tests.modules.rooms.factories import at, book, open_every_day, room_make

MARCH = dt.date(2027, 3, 10)  # a Wednesday
APRIL = dt.date(2027, 4, 7)
NB = "\xa0"
AUDITED = (
    f"126,00{NB}zł (sala: 2 h z godzin pakietu + 1 h ponad godziny pakietu: 50,00{NB}zł;"
    f" dodatki: 76,00{NB}zł)"
)


def _extras():
    coffee = services.extra_save(
        actor=None, data={"name_pl": "Kawa i woda", "price": Decimal("12.00"), "per_person": True}
    )
    beamer = services.extra_save(
        actor=None, data={"name_pl": "Projektor", "price": Decimal("40.00"), "per_person": False}
    )
    return coffee, beamer


@pytest.fixture
def polish(office_a):
    """A company with 3 room hours a month (50,00 zł an hour over them), 1 of March's used."""
    with in_office(office_a):
        open_every_day()
        room = room_make(horizon_days=600)
        company = on_package(
            biznes(limit_room_hours=3, over_room_hours=Decimal("50.00")),
            ClientFactory(name="Acme"),
        )
        email_recipient(client_id=company.pk, address="anna@acme.pl", language="pl")
        coffee, beamer = _extras()
        book(room, MARCH, 8, 9, client=company, guest=None)
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    user.language = "pl"
    user.save(update_fields=["language"])
    return room, company, coffee, beamer, OfficeClient(office_a, user=user)


def _price_box(html: str) -> list[str]:
    return re.findall(r'data-testid="price-(?:total|line)">(.*?)<', html)


def test_the_live_box_the_lists_the_detail_and_the_emails_give_one_price(office_a, polish):
    room, company, coffee, beamer, panel = polish
    form = {
        "room": room.pk,
        "day": MARCH.isoformat(),
        "start": "10:00",
        "end": "13:00",
        "attendees": "3",
        f"extra_{coffee.pk}": "on",
        f"extra_{beamer.pk}": "1",
        "every_weeks": "0",
    }
    box = panel.get("/portal/rooms/book/price/", form).content.decode()
    assert _price_box(box) == [
        f"Cena: 126,00{NB}zł",
        f"Sala: 2 h z godzin pakietu + 1 h ponad godziny pakietu: 50,00{NB}zł",
        f"Kawa i woda ×3: 36,00{NB}zł",
        f"Projektor ×1: 40,00{NB}zł",
    ]
    assert panel.post("/portal/rooms/book/", form).status_code == 302
    with in_office(office_a):
        from modules.rooms.models import Booking

        booking = Booking.objects.get(client=company, starts_at=at(MARCH, 10))
        mail = Delivery.objects.filter(
            event="rooms.booking_confirmed", address="anna@acme.pl"
        ).latest("pk")
        # April's hours are April's: a booking there starts from none used.
        book(room, APRIL, 8, 10, client=company, guest=None)
    assert f"\nCena: {AUDITED}\n" in mail.body
    listed = panel.get("/portal/rooms/").content.decode()
    prices = re.findall(r'data-testid="price">([^<]*)<', listed)
    assert prices == [
        f"0,00{NB}zł (sala: 1 h z godzin pakietu)",
        AUDITED,
        f"0,00{NB}zł (sala: 2 h z godzin pakietu)",
    ]
    change = panel.get(f"/portal/rooms/{booking.pk}/change/").content.decode()
    assert f'data-testid="price">Cena: {AUDITED}<' in change
    cancel = panel.get(f"/portal/rooms/{booking.pk}/cancel/").content.decode()
    assert f'data-testid="price">Cena: {AUDITED}<' in cancel
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    detail = staff.get(f"/rooms/bookings/{booking.pk}/").content.decode()
    assert f'data-testid="price">126,00{NB}zł<' in detail
    assert _price_box(detail) == [
        f"Sala: 2 h z godzin pakietu + 1 h ponad godziny pakietu: 50,00{NB}zł",
        f"Kawa i woda ×3: 36,00{NB}zł",
        f"Projektor ×1: 40,00{NB}zł",
    ]
    staff_list = staff.get("/rooms/").content.decode()
    assert re.findall(r'data-testid="price">([^<]*)<', staff_list) == prices
    # Moved within March (its usage recorded again, after the first booking's): the same.
    with in_office(office_a):
        services.booking_move(
            booking=booking,
            starts_at=at(MARCH, 14),
            ends_at=at(MARCH, 17),
            actor=None,
            staff=True,
        )
        changed = Delivery.objects.get(event="rooms.booking_changed", address="anna@acme.pl")
    assert f"\nCena: {AUDITED}\n" in changed.body


def test_the_hours_over_the_package_add_up_to_what_billing_charges(office_a, polish):
    """Two bookings over the included hours: the included ones go in the order the month's
    usage was recorded, so each hour over them is stated once."""
    room, company, _coffee, _beamer, _panel = polish
    with in_office(office_a):
        first = book(room, MARCH, 12, 14, client=company, guest=None)  # 2 h: 1 + 2 = 3
        second = book(room, MARCH, 15, 17, client=company, guest=None)  # 2 h over
        one, two = services.booking_breakdown(first), services.booking_breakdown(second)
    assert (one.within, one.over, one.total) == (Decimal("2.000"), Decimal(0), Decimal("0.00"))
    assert (two.within, two.over, two.total) == (Decimal(0), Decimal("2.000"), Decimal("100.00"))


def test_a_booking_moved_within_its_month_keeps_its_place_in_the_package_hours(office_a, polish):
    """The included hours go to the month's bookings in the order they were first recorded
    in it: moving one within the month (its usage reversed and recorded anew) changes
    neither its breakdown nor a later one's. Before, the move sent it behind the second
    booking: the first then cost 100,00 zł, the second nothing."""
    room, company, _coffee, _beamer, _panel = polish
    with in_office(office_a):
        first = book(room, MARCH, 12, 14, client=company, guest=None)  # 1 + 2 = 3 included
        second = book(room, MARCH, 15, 17, client=company, guest=None)  # 2 h over
        first = services.booking_move(
            booking=first,
            starts_at=at(MARCH + dt.timedelta(days=7), 12),
            ends_at=at(MARCH + dt.timedelta(days=7), 14),
            actor=None,
            staff=True,
        )
        one, two = services.booking_breakdown(first), services.booking_breakdown(second)
        listed = services.bookings_breakdown(
            list(
                company.room_bookings.filter(pk__in=[first.pk, second.pk]).prefetch_related(
                    "extras"
                )
            )
        )
    assert (one.within, one.over, one.total) == (Decimal("2.000"), Decimal(0), Decimal("0.00"))
    assert (two.within, two.over, two.total) == (Decimal(0), Decimal("2.000"), Decimal("100.00"))
    assert (listed[first.pk].total, listed[second.pk].total) == (
        Decimal("0.00"),
        Decimal("100.00"),
    )


def test_a_slovak_email_says_the_extras_are_not_in_the_package(office_b):
    with in_office(office_b):
        open_every_day()
        room = room_make(name="Miestnosť Dunaj", horizon_days=600)
        company = on_package(
            biznes(limit_room_hours=10, over_room_hours=Decimal("12.00")), ClientFactory()
        )
        email_recipient(client_id=company.pk, address="jana@firma.sk", language="sk")
        coffee = services.extra_save(
            actor=None, data={"name_sk": "Káva", "price": Decimal("20.00"), "per_person": True}
        )
        beamer = services.extra_save(
            actor=None, data={"name_sk": "Projektor", "price": Decimal("40")}
        )
        book(
            room,
            MARCH,
            10,
            13,
            client=company,
            guest=None,
            attendees=9,
            extras=[(coffee, 1), (beamer, 1)],
        )
        mail = Delivery.objects.get(event="rooms.booking_confirmed", address="jana@firma.sk")
    assert (
        f"\nCena: 220,00{NB}€ (miestnosť: 3 h z hodín balíka; doplnky: 220,00{NB}€)\n" in mail.body
    )


def test_an_english_visitor_gets_the_rooms_price(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make(horizon_days=600)
        book(room, MARCH, 10, 12, guest={"name": "Tom", "email": "tom@example.com"}, language="en")
        mail = Delivery.objects.get(event="rooms.booking_confirmed", address="tom@example.com")
    assert f"\nPrice: PLN{NB}100.00\n" in mail.body
