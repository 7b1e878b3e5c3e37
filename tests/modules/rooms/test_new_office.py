"""A new office's rooms can be booked at once: opening hours Monday to Friday 08:00-18:00
and the country's public holidays (rooms' office setup, tenants.setup); the first room of
an office without hours opens them; the settings page warns while no hours are set; the
live price quotes nothing for a time the rooms are closed."""

import datetime as dt
import re

import pytest

from accounts.models import Role
from modules.audit.models import AuditEntry
from modules.rooms import services
from modules.rooms.models import OpeningHours, RoomSettings
from tenants.services import office_pool_add, office_pool_claim, office_provision
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.rooms.factories import at, room_make

WEEKDAYS = [(day, dt.time(8), dt.time(18)) for day in range(5)]


def _hours():
    return [(h.weekday, h.opens, h.closes) for h in OpeningHours.objects.order_by("weekday")]


@pytest.mark.django_db
@pytest.mark.parametrize(("country", "holidays"), [("PL", "PL"), ("SK", "SK"), ("CZ", "")])
def test_a_new_office_opens_on_weekdays_and_closes_on_its_countrys_holidays(country, holidays):
    office = office_provision(
        name="Biuro Nowe", slug=f"rooms-new-{country.lower()}", country=country
    )
    with in_office(office):
        assert _hours() == WEEKDAYS
        assert RoomSettings.objects.get().public_holidays == holidays
        room = room_make()
        wednesday = dt.date(2027, 3, 10)
        booking = services.booking_create(
            room=room,
            starts_at=at(wednesday, 10),
            ends_at=at(wednesday, 12),
            guest={"name": "Jan"},
            staff=True,
        )
        assert booking.pk is not None


@pytest.mark.django_db
def test_an_office_claimed_from_the_pool_gets_its_countrys_defaults():
    office_pool_add()
    office = office_pool_claim(name="Kancelária", slug="rooms-claimed", country="SK")
    with in_office(office):
        assert _hours() == WEEKDAYS
        assert RoomSettings.objects.get().public_holidays == "SK"


@pytest.mark.django_db
def test_the_first_room_of_an_office_without_hours_opens_them_on_weekdays(office_a):
    with in_office(office_a):
        OpeningHours.objects.all().delete()
        room_make()
        assert _hours() == WEEKDAYS
        entry = AuditEntry.objects.filter(action="rooms.hours_changed").get()
        assert entry.changes["0"] == [None, ["08:00:00", "18:00:00"]]
        # Hours an administrator set are never replaced by another room.
        services.opening_hours_set(actor=None, hours={0: None, 5: (dt.time(9), dt.time(13))})
        room_make(name="Sala Druga")
        assert _hours() == [*WEEKDAYS[1:], (5, dt.time(9), dt.time(13))]


@pytest.mark.django_db
def test_the_settings_page_warns_while_no_opening_hours_are_set(office_a):
    web = OfficeClient(office_a, user=member(office_a, Role.ADMIN))  # reads Polish
    html = web.get("/administration/rooms/").content.decode()
    assert 'data-testid="no-hours"' not in html
    with in_office(office_a):
        OpeningHours.objects.all().delete()
    html = web.get("/administration/rooms/").content.decode()
    assert re.findall(r'data-testid="no-hours">([^<]*)<', html) == [
        "Nie ustawiono godzin otwarcia: każdy dzień jest zamknięty i żadnej sali nie można "
        "zarezerwować. Ustaw godziny w karcie Godziny otwarcia."
    ]


@pytest.mark.django_db
def test_the_live_price_quotes_nothing_when_the_rooms_are_closed(office_a):
    with in_office(office_a):
        services.opening_hours_set(
            actor=None, hours={day: (dt.time(8), dt.time(18)) for day in range(5)}
        )
        room = room_make(horizon_days=3 * 366)
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))  # reads Polish
    form = {"room": room.pk, "start": "10:00", "end": "12:00", "attendees": "1"}

    def box(day: str) -> tuple[list[str], list[str]]:
        html = web.get("/rooms/bookings/price/", {**form, "day": day}).content.decode()
        return (
            re.findall(r'data-testid="price-total">([^<]*)<', html),
            re.findall(r'data-testid="price-warning">([^<]*)<', html),
        )

    assert box("2027-03-10") == (["Cena: 100,00\xa0zł"], [])  # a Wednesday
    # A Saturday: closed all day, no price and the refusal the booking would get.
    assert box("2027-03-13") == (
        [],
        ["Sale są o tej porze zamknięte. Tego dnia nic o tej długości nie jest wolne."],
    )
    # Past the closing time on a Wednesday.
    html = web.get(
        "/rooms/bookings/price/", {**form, "day": "2027-03-10", "start": "17:00", "end": "19:00"}
    ).content.decode()
    assert 'data-testid="price-total"' not in html
    assert "Tego dnia sale są otwarte od 08:00 do 18:00." in html
    # A public holiday (3 May 2027, a Monday) once the office closes on them.
    with in_office(office_a):
        services.settings_update(actor=None, data={"public_holidays": "PL"})
    total, warning = box("2027-05-03")
    assert total == []
    assert warning[0].startswith("Tego dnia sale są zamknięte (Święto Narodowe Trzeciego Maja).")
