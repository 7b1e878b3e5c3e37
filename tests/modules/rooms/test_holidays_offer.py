"""Offices made before new offices got their country's public holidays kept "none": their
rooms stayed bookable on public holidays and nothing said so. The rooms settings page now
offers the coming year's public holidays of the office's country (the `holidays` calendars,
the same rule as provisioning: services.public_holidays_country), asks first, and adds them
from 1 January of that year, once."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.rooms import rules, services
from modules.rooms.models import RoomSettings
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.rooms.factories import open_every_day, room_make

URL = "/administration/rooms/"
ADD = "/administration/rooms/holidays/"
DECLINE = "/administration/rooms/holidays/decline/"


def _without_holidays(office):
    """An office made before 2026-12-07: its rooms close on no public holidays."""
    with in_office(office):
        RoomSettings.objects.update(public_holidays="", public_holidays_from=None)


def _offer(html: str) -> str:
    found = re.findall(r'data-testid="holidays-offer".*?<button[^>]*>([^<]*)</button>', html, re.S)
    return found[0] if found else ""


@pytest.mark.django_db
def test_a_polish_office_without_holidays_is_offered_the_coming_years_and_adds_them_once(
    office_a,
):
    _without_holidays(office_a)
    year = timezone.localdate().year + 1
    web = OfficeClient(office_a, user=member(office_a, Role.ADMIN, language="pl"))
    html = web.get(URL).content.decode()
    assert _offer(html) == f"Dodaj polskie święta państwowe na rok {year}"
    assert f"<li>01.01.{year} Nowy Rok</li>" in html
    assert f"<li>25.12.{year} Boże Narodzenie (pierwszy dzień)</li>" in html
    assert (
        f'data-confirm="Zamknąć sale w te dni od 1 stycznia {year}, także w kolejnych latach? '
        'Rezerwacje już przyjęte pozostaną."' in html
    )
    response = web.post(ADD, follow=True)
    page = response.content.decode()
    assert f"Od 1 stycznia {year} sale są zamknięte w polskie święta państwowe." in page
    assert _offer(page) == ""
    assert f"Święta państwowe zamykają sale od 01.01.{year}." in page
    with in_office(office_a):
        row = RoomSettings.objects.get()
        assert (row.public_holidays, row.public_holidays_from) == ("PL", dt.date(year, 1, 1))
        entry = AuditEntry.objects.get(action="rooms.settings_changed")
        assert entry.changes == {
            "public_holidays": ["", "PL"],
            "public_holidays_from": [None, f"{year}-01-01"],
        }
        # from that day on, every year; this year's remaining holidays stay open
        open_every_day()
        room = room_make()
        this_christmas = dt.date(year - 1, 12, 25)
        assert rules.closure_reasons(room, this_christmas, this_christmas, row) == {}
        closed = rules.closure_reasons(room, dt.date(year, 1, 1), dt.date(year + 1, 1, 1), row)
        assert closed[dt.date(year, 1, 1)] == "New Year's Day"
        assert dt.date(year + 1, 1, 1) in closed
    # sent again (a second tab, a double click): nothing changes
    page = web.post(ADD, follow=True).content.decode()
    assert "Sale są już zamknięte w święta państwowe." in page
    with in_office(office_a):
        assert AuditEntry.objects.filter(action="rooms.settings_changed").count() == 1
        assert RoomSettings.objects.get().public_holidays_from == dt.date(year, 1, 1)


@pytest.mark.django_db
def test_a_slovak_office_is_offered_slovak_holidays(office_b):
    _without_holidays(office_b)
    year = timezone.localdate().year + 1
    web = OfficeClient(office_b, user=member(office_b, Role.ADMIN, language="sk"))
    html = web.get(URL).content.decode()
    assert _offer(html) == f"Pridať slovenské štátne sviatky na rok {year}"
    assert f"<li>01.01.{year} Deň vzniku Slovenskej republiky</li>" in html
    web.post(ADD)
    with in_office(office_b):
        row = RoomSettings.objects.get()
        assert (row.public_holidays, row.public_holidays_from) == ("SK", dt.date(year, 1, 1))


@pytest.mark.django_db
def test_no_offer_while_the_rooms_close_on_holidays_and_choosing_them_in_the_form_means_every_day(
    office_a,
):
    web = OfficeClient(office_a, user=member(office_a, Role.ADMIN, language="pl"))
    with in_office(office_a):  # as provisioning gives a new office (the test offices: none)
        RoomSettings.objects.update(public_holidays="PL")
    assert _offer(web.get(URL).content.decode()) == ""
    _without_holidays(office_a)
    year = timezone.localdate().year + 1
    with in_office(office_a):
        assert services.public_holidays_add(actor=None, office=office_a, year=year) is True
        assert services.public_holidays_add(actor=None, office=office_a, year=year) is False
        # an administrator choosing holidays in the form: they close every day, as shown
        services.settings_update(actor=None, data={"public_holidays": ""})
        services.settings_update(actor=None, data={"public_holidays": "PL"})
        assert RoomSettings.objects.get().public_holidays_from is None


@pytest.mark.django_db
def test_an_office_of_another_country_is_offered_nothing(office_a):
    _without_holidays(office_a)
    czech = SimpleNamespace(country="CZ")  # the session's office objects stay as they are
    assert services.public_holidays_country("CZ") == ""
    with in_office(office_a):
        assert services.public_holidays_offer(office=czech) is None
        with pytest.raises(ApplicationError) as refused:
            services.public_holidays_add(actor=None, office=czech, year=2027)
        assert refused.value.code == "no_holidays"
        assert RoomSettings.objects.get().public_holidays == ""


@pytest.mark.django_db
def test_only_an_administrator_adds_them(office_a, office_b):
    _without_holidays(office_a)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        ADD,
        expect={"anonymous": 302, "client": 403, "staff": 403, "other_office": 403},
        unchanged=lambda: RoomSettings.objects.get().public_holidays == "",
    )


@pytest.mark.django_db
def test_dont_offer_again_hides_the_offer_for_good_and_is_audited(office_a, office_b):
    """An office that wants its rooms open on public holidays kept being offered them; its
    "Don't offer again" hides the offer (one audit row)."""
    _without_holidays(office_a)
    _without_holidays(office_b)
    year = timezone.localdate().year + 1
    web = OfficeClient(office_a, user=member(office_a, Role.ADMIN, language="pl"))
    html = web.get(URL).content.decode()
    assert _offer(html) == f"Dodaj polskie święta państwowe na rok {year}"
    assert (
        'formaction="/administration/rooms/holidays/decline/" data-testid="holidays-decline"'
        ' data-confirm="Zostawić sale czynne w święta państwowe i więcej ich nie proponować?'
        ' Nadal można je wybrać w ustawieniach poniżej.">Nie proponuj ponownie</button>'
    ) in html
    page = web.post(DECLINE, follow=True).content.decode()
    assert (
        "Święta państwowe nie będą już proponowane. Aby zamknąć w nie sale, wybierz kraj"
        " poniżej." in page
    )
    assert 'data-testid="holidays-offer"' not in page
    web.post(DECLINE)  # sent twice: nothing more recorded
    with in_office(office_a):
        row = RoomSettings.objects.get()
        assert (row.public_holidays_declined, row.public_holidays) == (True, "")
        entry = AuditEntry.objects.get(action="rooms.settings_changed")
        assert entry.changes == {"public_holidays_declined": [False, True]}
        assert services.public_holidays_offer(office=office_a) is None
    # the other office is still offered them
    other = OfficeClient(office_b, user=member(office_b, Role.ADMIN, language="sk"))
    assert (
        _offer(other.get(URL).content.decode()) == f"Pridať slovenské štátne sviatky na rok {year}"
    )


@pytest.mark.django_db
def test_only_an_administrator_declines_the_offer(office_a, office_b):
    _without_holidays(office_a)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        DECLINE,
        expect={
            "anonymous": 302,
            "client": 403,
            "staff": 403,
            "other_office": 403,
        },
        unchanged=lambda: not RoomSettings.objects.get().public_holidays_declined,
    )
