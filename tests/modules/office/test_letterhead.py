from django.db import connection

from accounts.models import Role
from modules.office.selectors import office_letterhead_get
from modules.office.services import office_details_update
from tests.factories import MembershipFactory, UserFactory
from tests.helpers.offices import OfficeClient

DETAILS = {
    "legal_name": "Biuro A sp. z o.o.",
    "street": "ul. Marszałkowska 84/92",
    "postal_code": "00-514",
    "city": "Warszawa",
    "nip": "5260250274",
    "email": "biuro@example.com",
    "phone": "+48221002030",
}


def test_the_letterhead_is_the_office_details_in_print_order(in_office_a):
    office_details_update(office=in_office_a, actor=None, data=DETAILS)

    letterhead = office_letterhead_get(office=connection.tenant)

    assert letterhead.name == "Biuro A"
    assert letterhead.lines == (
        "Biuro A sp. z o.o.",
        "ul. Marszałkowska 84/92, 00-514 Warszawa",
        "NIP: 5260250274",
        "biuro@example.com · +48 22 100 20 30",
    )
    assert letterhead.logo_uri == ""


def test_an_empty_office_prints_its_name_only(in_office_a):
    assert office_letterhead_get(office=in_office_a).lines == ()


def test_the_hand_over_section_shows_the_letterhead_and_keeps_the_footer(office_a):
    user = UserFactory(language="en")
    MembershipFactory(office=office_a, role=Role.ADMIN, user=user)
    web = OfficeClient(office_a, user=user)
    web.post(
        "/administration/general/",
        {**DETAILS, "name": "Biuro A", "country": "PL", "language": "pl", "currency": "PLN"}
        | {"time_zone": "Europe/Warsaw"},
    )

    assert web.post("/administration/hand-over/", {"footer": "Dziękujemy"}).status_code == 302

    page = web.get("/administration/hand-over/").content.decode()
    assert "ul. Marszałkowska 84/92, 00-514 Warszawa" in page
    assert "NIP: 5260250274" in page
    assert 'value="Dziękujemy"' in page
