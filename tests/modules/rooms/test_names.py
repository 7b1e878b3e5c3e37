"""An extra's name per language (common.names): the office's required, the others falling
back to it; each reader sees theirs - the panel, the staff pages, the e-mails (the
recipient's language)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from modules.notifications.models import Delivery
from modules.rooms import services
from modules.rooms.forms import ExtraForm
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.notifications.factories import email_recipient
from tests.modules.rooms.factories import book, open_every_day, room_make

DAY = dt.date(2027, 3, 10)


def _person(office, language: str, role=Role.CLIENT, **kwargs):
    user = member(office, role, **kwargs)
    user.language = language
    user.save(update_fields=["language"])
    return OfficeClient(office, user=user)


@pytest.fixture
def polish_office(office_a):
    """A Polish office: coffee named in Polish and Slovak (no English), the projector in
    Polish and English (no Slovak)."""
    with in_office(office_a):
        open_every_day()
        room = room_make(horizon_days=600)
        company = ClientFactory(name="Acme")
        coffee = services.extra_save(
            actor=None,
            data={
                "name_pl": "Kawa i woda",
                "name_sk": "Káva a voda",
                "price": Decimal("12.00"),
                "per_person": True,
            },
        )
        beamer = services.extra_save(
            actor=None,
            data={"name_pl": "Projektor", "name_en": "Projector", "price": Decimal("40.00")},
        )
        email_recipient(client_id=company.pk, address="jana@acme.sk", language="sk")
        email_recipient(client_id=company.pk, address="john@acme.com", language="en")
        booking = book(
            room,
            DAY,
            10,
            12,
            client=company,
            guest=None,
            attendees=3,
            extras=[(coffee, 1), (beamer, 1)],
        )
    return room, company, coffee, beamer, booking


def test_a_slovak_client_sees_the_slovak_names_and_a_missing_one_falls_back(
    office_a, polish_office
):
    _room, company, _coffee, _beamer, booking = polish_office
    panel = _person(office_a, "sk", client_id=company.pk, client_name=company.name)
    listed = panel.get("/portal/rooms/").content.decode()
    # Slovak where there is one; the projector has none: the office's (Polish) name.
    assert "Káva a voda ×3, Projektor ×1" in listed
    detail = panel.get(f"/portal/rooms/{booking.pk}/").content.decode()
    assert 'data-testid="extras">Káva a voda ×3, Projektor ×1<' in detail
    assert 'data-testid="price-line">Káva a voda ×3: 36,00\xa0PLN<' in detail
    form = panel.get("/portal/rooms/book/").content.decode()
    assert "Káva a voda (12,00\xa0PLN za osobu)" in form
    english = _person(office_a, "en", client_id=company.pk, client_name=company.name)
    listed = english.get("/portal/rooms/").content.decode()
    assert "Kawa i woda ×3, Projector ×1" in listed


def test_the_emails_name_the_extras_in_each_recipients_language(office_a, polish_office):
    with in_office(office_a):
        slovak = Delivery.objects.get(event="rooms.booking_confirmed", address="jana@acme.sk")
        english = Delivery.objects.get(event="rooms.booking_confirmed", address="john@acme.com")
    assert "\n- Káva a voda ×3: 36,00\xa0PLN\n- Projektor ×1: 40,00\xa0PLN\n" in slovak.body
    assert "\n- Kawa i woda ×3: PLN\xa036.00\n- Projector ×1: PLN\xa040.00\n" in english.body


def test_staff_see_the_names_in_their_language(office_a, polish_office):
    _room, _company, _coffee, _beamer, booking = polish_office
    staff = _person(office_a, "en", role=Role.STAFF)
    detail = staff.get(f"/rooms/bookings/{booking.pk}/").content.decode()
    assert 'data-testid="price-line">Projector ×1: PLN\xa040.00<' in detail
    assert 'data-testid="price-line">Kawa i woda ×3: PLN\xa036.00<' in detail


def test_the_name_in_the_offices_language_is_required(office_a, office_b):
    with in_office(office_a):
        with pytest.raises(ValidationError) as refused:
            services.extra_save(actor=None, data={"name_sk": "Káva", "price": Decimal("1")})
        assert list(refused.value.message_dict) == ["name_pl"]
        form = ExtraForm()
        assert list(form.fields)[:3] == ["name_pl", "name_sk", "name_en"]
        assert [form.fields[f"name_{c}"].required for c in ("pl", "sk", "en")] == [
            True,
            False,
            False,
        ]
    with in_office(office_b):  # a Slovak office: the Slovak name first and required
        form = ExtraForm()
        assert list(form.fields)[:1] == ["name_sk"]
        assert [form.fields[f"name_{c}"].required for c in ("pl", "sk", "en")] == [
            False,
            True,
            False,
        ]
        extra = services.extra_save(actor=None, data={"name_sk": "Káva", "price": Decimal("1")})
        assert (extra.name("pl"), extra.name("en"), str(extra)) == ("Káva", "Káva", "Káva")
