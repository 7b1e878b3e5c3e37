"""Extras: a per-person extra is served to every person of the booking (ordered yes or no,
never its quantity x the people again); a per-item extra is billed its quantity."""

import re
from decimal import Decimal

import pytest

from accounts.models import Role
from modules.billing.models import UsageRecord
from modules.rooms import services
from modules.rooms.models import Booking
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import book, next_weekday, open_every_day, room_make


def _extras():
    coffee = services.extra_save(
        actor=None,
        data={"name_pl": "Kawa i woda", "price": Decimal("12.00"), "per_person": True},
    )
    beamer = services.extra_save(
        actor=None, data={"name_pl": "Projektor", "price": Decimal("40.00"), "per_person": False}
    )
    return coffee, beamer


@pytest.mark.usefixtures("in_office_a")
def test_a_per_person_extra_is_billed_once_per_person_whatever_quantity_is_sent():
    open_every_day()
    room = room_make()
    coffee, beamer = _extras()
    client = ClientFactory()
    # The API and old forms may still send a quantity: 4 people and "4" mean 4 coffees.
    booking = book(
        room, next_weekday(), 10, 12, client=client, attendees=4, extras=[(coffee, 4), (beamer, 2)]
    )
    assert booking.extras_price == Decimal("128.00")  # 4 x 12.00 + 2 x 40.00
    assert booking.total == Decimal("228.00")
    lines = {line.extra_id: (line.quantity, line.price) for line in booking.extras.all()}
    assert lines == {coffee.pk: (1, Decimal("48.00")), beamer.pk: (2, Decimal("80.00"))}
    usage = {
        r.source_ref: (r.quantity, r.unit_price)
        for r in UsageRecord.objects.filter(client=client, source_ref__contains=":extra:")
    }
    assert usage == {
        f"booking:{booking.pk}:extra:{coffee.pk}": (Decimal("4.000"), Decimal("12.00")),
        f"booking:{booking.pk}:extra:{beamer.pk}": (Decimal("2.000"), Decimal("40.00")),
    }
    assert services.extra_count(coffee, 1, 4) == 4
    assert services.extra_count(beamer, 2, 4) == 2


def _staff_data(room, coffee, beamer, client_id):
    return {
        "room": room.pk,
        "day": next_weekday().isoformat(),
        "start": "10:00",
        "end": "11:00",
        "client": client_id,
        "attendees": 4,
        f"extra_{coffee.pk}": "on",
        f"extra_{beamer.pk}": "1",
    }


def test_staff_form_asks_no_quantity_for_a_per_person_extra_and_bills_it_per_person(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make()
        coffee, beamer = _extras()
        company = ClientFactory(name="Acme")
    user = member(office_a, Role.STAFF)
    user.language = "en"
    user.save(update_fields=["language"])
    staff = OfficeClient(office_a, user=user)
    page = staff.get("/rooms/bookings/new/").content.decode()
    assert f'type="checkbox" name="extra_{coffee.pk}"' in page
    assert f'type="number" name="extra_{beamer.pk}"' in page
    assert "Charged for each person of the booking." in page
    response = staff.post(
        "/rooms/bookings/new/",
        _staff_data(room, coffee, beamer, company.pk) | {"client_label": "x"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with in_office(office_a):
        booking = Booking.objects.get(client=company)
        assert (booking.price, booking.extras_price) == (Decimal("50.00"), Decimal("88.00"))
    detail = staff.get(f"/rooms/bookings/{booking.pk}/").content.decode()
    assert "Kawa i woda ×4" in detail
    assert "Projektor ×1" in detail


def test_an_extras_number_field_says_it_is_a_quantity_and_the_price_is_each_ones(office_a):
    """ "Projektor (40,00 zł)" over a number field did not say what the number counts."""
    with in_office(office_a):
        open_every_day()
        room_make()
        _coffee, beamer = _extras()
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))  # reads Polish
    page = staff.get("/rooms/bookings/new/").content.decode()
    label = re.search(rf'for="id_extra_{beamer.pk}" class="form-label">\s*([^<]+?)\s*<', page)
    assert label[1] == "Projektor: liczba sztuk (40,00\xa0zł za sztukę)"


def test_panel_bills_a_per_person_extra_per_person_and_lists_how_many(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make()
        coffee, beamer = _extras()
        company = ClientFactory(name="Acme")
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    user.language = "en"
    user.save(update_fields=["language"])
    panel = OfficeClient(office_a, user=user)
    data = {
        "room": room.pk,
        "day": next_weekday().isoformat(),
        "start": "10:00",
        "end": "11:00",
        "attendees": 2,
        f"extra_{coffee.pk}": "on",
        f"extra_{beamer.pk}": "0",
        "every_weeks": 0,
    }
    response = panel.post("/portal/rooms/book/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with in_office(office_a):
        booking = Booking.objects.get(client=company)
        assert booking.extras_price == Decimal("24.00")  # 2 people x 12.00, not 2 x 2 x 12.00
    page = panel.get("/portal/rooms/").content.decode()
    assert (
        '2 people · Kawa i woda ×2 · <span data-testid="price">PLN\xa074.00'
        " (room: PLN\xa050.00; extras: PLN\xa024.00)</span>" in page
    )
