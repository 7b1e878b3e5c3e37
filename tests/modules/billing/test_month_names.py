"""Months and quarters as people write them ("grudzień 2026", "IV kwartał 2026"), never ISO
("2026-12", "2026-Q4"), in titles and messages of billing, in Polish, Slovak and English.
URLs and file names keep ISO."""

import datetime as dt

import pytest
from django.utils import translation

from accounts.models import Role
from modules.billing.periods import Span, month_text, quarter_choices, quarter_text
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, on_package

DECEMBER = dt.date(2026, 12, 1)
Q4 = Span(dt.date(2026, 10, 1), DECEMBER, "quarter")


@pytest.mark.parametrize(
    ("language", "month", "quarter", "range_"),
    [
        ("pl", "grudzień 2026", "IV kwartał 2026", "październik 2026 – grudzień 2026"),
        ("sk", "december 2026", "4. štvrťrok 2026", "október 2026 – december 2026"),
        ("en", "December 2026", "Q4 2026", "October 2026 – December 2026"),
    ],
)
def test_months_and_quarters_as_people_write_them(language, month, quarter, range_):
    with translation.override(language):
        assert month_text(DECEMBER) == month
        assert quarter_text(DECEMBER) == quarter
        assert Span(DECEMBER, DECEMBER).label == month
        assert Q4.label == quarter
        assert Span(dt.date(2026, 10, 1), DECEMBER, "range").label == range_
        assert ("2026-Q4", quarter) in quarter_choices(count=40)
    assert (Q4.code, Q4.query, Q4.slug) == ("2026-Q4", "quarter=2026-Q4", "2026-Q4")


def test_titles_and_messages_name_the_month_in_words(office_a, office_b):
    with in_office(office_b):
        on_package(biznes())
    sk = OfficeClient(office_b, user=member(office_b, Role.STAFF, language="sk"))
    html = sk.get("/settlements/?month=2026-12").content.decode()
    assert 'Súhrn vyúčtovania: <span class="text-nowrap">december 2026</span>' in html
    assert "2026-12</span>" not in html
    html = sk.get("/settlements/?quarter=2026-Q4").content.decode()
    assert '<option value="2026-Q4" selected>4. štvrťrok 2026</option>' in html
    with in_office(office_a):
        client = on_package(biznes(), starts_on=dt.date(2026, 1, 1))
    pl = OfficeClient(office_a, user=member(office_a, Role.OWNER, language="pl"))
    url = f"/settlements/clients/{client.pk}/close/"
    response = pl.post(url, {"month": "2026-11"}, follow=True)
    html = response.content.decode()
    assert "Rozliczenie za listopad 2026 zamknięte, klient: Firma" in html
    response = pl.post(url, {"month": "2026-11"}, follow=True)
    assert "Rozliczenie za listopad 2026 jest już zamknięte dla tego klienta." in (
        response.content.decode()
    )
    response = pl.post(
        f"/settlements/clients/{client.pk}/reopen/", {"month": "2026-11"}, follow=True
    )
    assert "Rozliczenie za listopad 2026 ponownie otwarte, klient: Firma" in (
        response.content.decode()
    )


def test_confirmation_pages_and_a_quarters_months_name_the_month_in_words(office_b):
    with in_office(office_b):
        client = on_package(biznes(), starts_on=dt.date(2026, 1, 1))
    sk = OfficeClient(office_b, user=member(office_b, Role.OWNER, language="sk"))
    html = sk.get(f"/settlements/clients/{client.pk}/close/?month=2026-11").content.decode()
    assert f"· {client.name} · november 2026</h1>" in html
    html = sk.get("/settlements/close/?month=2026-11").content.decode()
    assert "· november 2026</h1>" in html
    html = sk.get(f"/settlements/clients/{client.pk}/?quarter=2026-Q4").content.decode()
    assert ">október 2026</a>" in html and ">2026-10</a>" not in html
