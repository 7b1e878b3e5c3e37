"""The client panel's booking detail (/portal/rooms/<id>/): what, when, the price as
billed, the status and the actions the rules allow; linked from the list and the e-mails;
another company's booking is 404."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from accounts.models import Role
from modules.notifications.models import Delivery
from modules.rooms import rules, services
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, on_package
from tests.modules.clients.factories import ClientFactory
from tests.modules.notifications.factories import email_recipient
from tests.modules.rooms.factories import book, open_every_day, room_make

NB = "\xa0"


def _in_days(days: int) -> dt.date:
    return rules.local(rules.timezone.now()).date() + dt.timedelta(days=days)


@pytest.fixture
def setup(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make(horizon_days=600)
        company = ClientFactory(name="Acme")
        other = ClientFactory(name="Other")
        coffee = services.extra_save(
            actor=None,
            data={"name_pl": "Kawa i woda", "price": Decimal("12.00"), "per_person": True},
        )
        beamer = services.extra_save(
            actor=None, data={"name_pl": "Projektor", "price": Decimal("40.00")}
        )
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    user.language = "pl"
    user.save(update_fields=["language"])
    return room, company, other, coffee, beamer, OfficeClient(office_a, user=user)


def _texts(html: str, testid: str) -> list[str]:
    return [
        re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", "", text)).strip()
        for text in re.findall(rf'data-testid="{testid}"[^>]*>(.*?)</(?:dd|p|li|span)>', html)
    ]


def test_the_detail_gives_the_booking_its_price_breakdown_and_the_actions(office_a, setup):
    room, company, _other, coffee, beamer, panel = setup
    day = _in_days(10)
    with in_office(office_a):
        on_package(biznes(limit_room_hours=2, over_room_hours=Decimal("50.00")), company)
        booking = book(
            room,
            day,
            10,
            13,
            client=company,
            guest=None,
            title="Zarząd",
            attendees=3,
            extras=[(coffee, 1), (beamer, 1)],
        )
        local = rules.local(booking.starts_at).strftime("%d.%m.%Y")
    listed = panel.get("/portal/rooms/").content.decode()
    assert f'href="/portal/rooms/{booking.pk}/" data-testid="booking-link"' in listed
    response = panel.get(f"/portal/rooms/{booking.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert _texts(page, "when") == [f"{local} 10:00–13:00 (czas lokalny biura)"]
    assert _texts(page, "room") == ["Sala Wisła"]
    assert _texts(page, "subject") == ["Zarząd"]
    assert _texts(page, "attendees") == ["3"]
    assert _texts(page, "extras") == ["Kawa i woda ×3, Projektor ×1"]
    assert 'data-status="confirmed">Potwierdzona<' in page
    # The breakdown every screen gives (services.booking_breakdown): 2 h of the package,
    # 1 h over it, the extras at their price.
    assert f'data-testid="price">126,00{NB}zł<' in page
    assert _texts(page, "price-line") == [
        f"Sala: 2 h z godzin pakietu + 1 h ponad godziny pakietu: 50,00{NB}zł",
        f"Kawa i woda ×3: 36,00{NB}zł",
        f"Projektor ×1: 40,00{NB}zł",
    ]
    assert _texts(page, "package-terms") == [
        "Twój pakiet obejmuje 2 godziny sal w miesiącu: Twoje rezerwacje się do nich"
        f" wliczają. Każda godzina ponad wliczone kosztuje 50,00{NB}zł."
    ]
    assert _texts(page, "cancel-fee") == ["Odwołanie teraz jest bezpłatne."]
    assert f'href="/portal/rooms/{booking.pk}/change/" data-testid="change"' in page
    assert f'href="/portal/rooms/{booking.pk}/cancel/" data-testid="cancel"' in page
    assert 'data-testid="change-refusal"' not in page


def test_inside_the_change_window_only_cancelling_is_offered_with_its_fee(office_a, setup):
    room, company, _other, _coffee, _beamer, panel = setup
    day = _in_days(1)
    with in_office(office_a):
        room = services.room_save(actor=None, room=room, data={"free_cancel_hours": 72})
        booking = book(room, day, 19, 20, client=company, guest=None)
    page = panel.get(f"/portal/rooms/{booking.pk}/").content.decode()
    assert 'data-testid="change"' not in page
    assert _texts(page, "change-refusal") == [
        "Rezerwację można zmienić najpóźniej 72 godz. przed jej początkiem; nadal można ją"
        " odwołać zgodnie z zasadami odwołań."
    ]
    assert _texts(page, "cancel-fee") == [f"Odwołanie teraz kosztuje 25,00{NB}zł."]
    assert f'href="/portal/rooms/{booking.pk}/cancel/" data-testid="cancel"' in page


def test_a_cancelled_booking_shows_its_fee_and_no_actions(office_a, setup):
    room, company, _other, _coffee, _beamer, panel = setup
    with in_office(office_a):
        booking = book(room, _in_days(10), 10, 12, client=company, guest=None)
        services.booking_cancel(booking=booking, actor=None, staff=True)
    page = panel.get(f"/portal/rooms/{booking.pk}/").content.decode()
    assert 'data-status="cancelled"' in page
    assert _texts(page, "price") == [f"0,00{NB}zł"]
    assert 'data-testid="actions"' not in page


def test_the_booking_emails_link_to_the_detail_for_the_company(office_a, setup):
    room, company, _other, _coffee, _beamer, _panel = setup
    with in_office(office_a):
        email_recipient(client_id=company.pk, address="anna@acme.pl", language="pl")
        booking = book(room, _in_days(10), 10, 12, client=company, guest=None)
        mail = Delivery.objects.get(event="rooms.booking_confirmed", address="anna@acme.pl")
    link = f"/portal/rooms/{booking.pk}/?client={company.pk}"
    assert f"Zobacz, zmień lub odwołaj rezerwację: http://{office_a.domains.get().domain}" in (
        mail.body
    )
    assert link in mail.body


def test_another_companys_booking_is_404(office_a, office_b, setup):
    room, company, other, _coffee, _beamer, panel = setup
    with in_office(office_a):
        theirs = book(room, _in_days(10), 10, 11, client=other, guest=None)
        ours = book(room, _in_days(10), 12, 13, client=company, guest=None)
    assert panel.get(f"/portal/rooms/{theirs.pk}/").status_code == 404
    assert panel.get(f"/portal/rooms/{ours.pk}/").status_code == 200
    assert panel.get(f"/portal/rooms/{theirs.pk + ours.pk + 100}/").status_code == 404
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        f"/portal/rooms/{theirs.pk}/",
        expect={"anonymous": 302, "client": 404, "staff": 403, "admin": 403, "other_office": 403},
    )
    outsider = member(office_b, Role.CLIENT, client_id=other.pk, client_name="Other")
    response = OfficeClient(office_b, user=outsider).get(f"/portal/rooms/{theirs.pk}/")
    assert response.status_code == 404  # office B has no such booking, whatever the ids say
