"""The client panel home shows the company the client user acts for (P4)."""

from accounts.models import Membership, Role
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import AddressFactory, ClientFactory, ContactFactory


def test_client_panel_home_shows_own_company_and_switches(office_a):
    with in_office(office_a):
        first = ClientFactory(name="Zielony Las sp. z o.o.", code="ZL-001", nip="5260250274")
        AddressFactory(client=first, street="ul. Leśna 12")
        ContactFactory(
            client=first, first_name="Marek", last_name="Zieliński", authorised_to_pick_up_mail=True
        )
        second = ClientFactory(name="Kowalski Consulting", code="KC-002")
    person = member(office_a, Role.CLIENT, client_id=first.pk, client_name=first.name)
    Membership.objects.create(
        user=person, office=office_a, role=Role.CLIENT, client_id=second.pk, client_name=second.name
    )
    chosen = Membership.objects.get(user=person, client_id=first.pk)
    web = OfficeClient(office_a, user=person)
    html = web.get("/portal/").content.decode()  # the first profile by name
    assert 'data-testid="company-profile"' in html
    assert "KC-002" in html and "ZL-001" not in html
    response = web.post(f"/accounts/switch/{chosen.pk}/")
    assert response.status_code == 302
    html = web.get("/portal/").content.decode()
    assert "ZL-001" in html and "5260250274" in html and "ul. Leśna 12" in html
    assert "Marek Zieliński" in html
    assert "KC-002" not in html


def test_renaming_a_client_renames_it_in_the_switcher(office_a, office_b, staff_a):
    from modules.clients.services.clients import client_update

    with in_office(office_a):
        company = ClientFactory(name="Stara Nazwa")
    person = member(office_a, Role.CLIENT, client_id=company.pk, client_name="Stara Nazwa")
    # The same client id in another office is another company: it keeps its name.
    member(office_b, Role.CLIENT, client_id=company.pk, client_name="Inna Firma")
    with in_office(office_a):
        client_update(client=company, actor=staff_a, data={"name": "Nowa Nazwa"})
    assert Membership.objects.get(user=person).client_name == "Nowa Nazwa"
    assert list(
        Membership.objects.filter(office=office_b, role="client").values_list(
            "client_name", flat=True
        )
    ) == ["Inna Firma"]


def test_client_user_of_a_missing_company_sees_no_profile(office_a):
    person = member(office_a, Role.CLIENT, client_id=999_999, client_name="Gone")
    html = OfficeClient(office_a, user=person).get("/portal/").content.decode()
    assert 'data-testid="company-profile"' not in html
    assert "Gone" in html
