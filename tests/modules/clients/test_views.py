"""Permission matrix of every staff screen, and their behaviour."""

import datetime as dt

import pytest

from accounts.models import Invitation, Membership, Role
from modules.clients.models import Client, ClientAddress, ContactPerson, CustomField
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import AddressFactory, ClientFactory, ContactFactory

READ = {"anonymous": 302, "client": 403, "staff": 200, "admin": 200, "other_office": 403}
ADMIN_READ = {"anonymous": 302, "client": 403, "staff": 403, "admin": 200, "other_office": 403}
REFUSED = {"anonymous": 302, "client": 403, "other_office": 403}


@pytest.fixture
def card(office_a):
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las sp. z o.o.", code="ZL-001")
        address = AddressFactory(client=client)
        contact = ContactFactory(client=client, emails=["marek@zielonylas.pl"])
    return {"client": client, "address": address, "contact": contact}


def _name_is(office, pk, name):
    with in_office(office):
        return Client.objects.get(pk=pk).name == name


TABS = [
    "profile",
    "contacts",
    "addresses",
    "users",
    "history",
    "mail",
    "invoices",
    "documents",
    "messages",
]


@pytest.mark.parametrize("suffix", ["", *[f"{t}/" for t in TABS], "edit/"])
def test_client_card_screens_are_for_staff(office_a, office_b, card, suffix):
    check_permission_matrix(
        office_a, office_b, "get", f"/clients/{card['client'].pk}/{suffix}", expect=READ
    )


@pytest.mark.parametrize(
    "url",
    ["/clients/", "/clients/search/?q=zielony", "/clients/new/", "/clients/export.xlsx"],
)
def test_list_search_create_export_screens_are_for_staff(office_a, office_b, card, url):
    check_permission_matrix(office_a, office_b, "get", url, expect=READ)


@pytest.mark.parametrize("url", ["/clients/import/", "/clients/fields/"])
def test_import_and_custom_field_screens_are_for_admins(office_a, office_b, url):
    check_permission_matrix(office_a, office_b, "get", url, expect=ADMIN_READ)


def test_create_client_matrix(office_a, office_b):
    def count():
        return Client.objects.filter(name="Nowa Firma").count()

    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/clients/new/",
        data={
            "name": "Nowa Firma",
            "country": "PL",
            "status": "active",
            "language": "pl",
            "nip": "526-025-02-74",
        },
        expect={**REFUSED, "staff": 302, "admin": 302},
        unchanged=lambda: count() == 0,
    )
    with in_office(office_a):
        assert count() == 2
        assert sorted(Client.objects.filter(name="Nowa Firma").values_list("code", "nip")) == [
            ("NOW-001", "5260250274"),
            ("NOW-002", "5260250274"),
        ]


def test_edit_client_matrix(office_a, office_b, card):
    pk = card["client"].pk
    data = {
        "name": "Zielony Las S.A.",
        "code": "ZL-001",
        "country": "PL",
        "status": "active",
        "language": "pl",
    }
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/clients/{pk}/edit/",
        data=data,
        expect={**REFUSED, "staff": 302},
        unchanged=lambda: _name_is(office_a, pk, "Zielony Las sp. z o.o."),
    )
    assert _name_is(office_a, pk, "Zielony Las S.A.")


def test_address_and_contact_writes_matrix(office_a, office_b, card):
    pk = card["client"].pk
    address_data = {
        "kind": "forwarding",
        "street": "ul. Nowa 5",
        "postal_code": "00-002",
        "city": "Warszawa",
        "country": "PL",
    }
    contact_data = {"last_name": "Nowak", "emails": "a@b.pl", "phones": "+48 600 000 000"}

    def counts(addresses, contacts):
        def check():
            return (
                ClientAddress.objects.filter(client_id=pk).count() == addresses
                and ContactPerson.objects.filter(client_id=pk).count() == contacts
            )

        return check

    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/clients/{pk}/addresses/new/",
        data=address_data,
        expect={**REFUSED, "staff": 302},
        unchanged=counts(1, 1),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/clients/{pk}/contacts/new/",
        data=contact_data,
        expect={**REFUSED, "staff": 302},
        unchanged=counts(2, 1),
    )
    address, contact = card["address"].pk, card["contact"].pk
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/clients/{pk}/addresses/{address}/",
        data=address_data,
        expect={**REFUSED, "staff": 302},
        unchanged=counts(2, 2),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/clients/{pk}/addresses/{address}/delete/",
        expect={**REFUSED, "staff": 302},
        unchanged=counts(2, 2),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/clients/{pk}/contacts/{contact}/delete/",
        expect={**REFUSED, "staff": 302},
        unchanged=counts(1, 2),
    )
    with in_office(office_a):
        assert list(ClientAddress.objects.filter(client_id=pk).values_list("city", flat=True)) == [
            "Warszawa"
        ]
        assert list(
            ContactPerson.objects.filter(client_id=pk).values_list("last_name", "emails")
        ) == [("Nowak", ["a@b.pl"])]


def test_invite_client_user_matrix(
    office_a, office_b, card, django_capture_on_commit_callbacks, mailoutbox
):
    pk = card["client"].pk

    def invited():
        return Invitation.objects.filter(office=office_a, email="marek@zielonylas.pl").count()

    with django_capture_on_commit_callbacks(execute=True):
        check_permission_matrix(
            office_a,
            office_b,
            "post",
            f"/clients/{pk}/users/invite/",
            data={"email": "marek@zielonylas.pl"},
            expect={**REFUSED, "staff": 302},
            unchanged=lambda: invited() == 0,
        )
    invitation = Invitation.objects.get(office=office_a, email="marek@zielonylas.pl")
    assert (invitation.role, invitation.client_id, invitation.client_name) == (
        "client",
        pk,
        "Zielony Las sp. z o.o.",
    )
    assert [m.to for m in mailoutbox] == [["marek@zielonylas.pl"]]


def test_remove_client_user_matrix(office_a, office_b, card):
    pk = card["client"].pk
    person = member(office_a, Role.CLIENT, client_id=pk, client_name="Zielony Las sp. z o.o.")
    membership = Membership.objects.get(user=person, office=office_a)

    def active():
        membership.refresh_from_db()
        return membership.is_active

    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/clients/{pk}/users/{membership.pk}/remove/",
        expect={**REFUSED, "staff": 302},
        unchanged=active,
    )
    assert active() is False


def test_custom_field_create_matrix(office_a, office_b):
    def count():
        return CustomField.objects.filter(name="Pakiet").count()

    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/clients/fields/",
        data={"name": "Pakiet", "kind": "text", "order": 1, "is_active": "on"},
        expect={**REFUSED, "staff": 403, "admin": 302},
        unchanged=lambda: count() == 0,
    )
    with in_office(office_a):
        assert count() == 1


@pytest.mark.parametrize("suffix", ["", "history/", "edit/", "addresses/new/", "contacts/new/"])
def test_client_of_another_office_answers_404(office_a, office_b, card, suffix):
    check_cross_office(office_a, office_b, "get", f"/clients/{card['client'].pk}/{suffix}")


def test_edit_of_another_offices_client_changes_nothing(office_a, office_b, card):
    pk = card["client"].pk
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/clients/{pk}/edit/",
        data={"name": "Przejęta", "country": "PL", "status": "active", "language": "pl"},
        unchanged=lambda: Client.objects.get(pk=pk).name == "Zielony Las sp. z o.o.",
    )


def test_unknown_tab_answers_404(client_a, card):
    assert client_a.get(f"/clients/{card['client'].pk}/nonsense/").status_code == 404


def test_placeholder_tab_says_what_will_come(client_a, card, monkeypatch):
    # Every tab of the card is filled by its module now; a module that is not installed
    # leaves its placeholder, which says what will appear.
    from modules.clients import hooks

    monkeypatch.setitem(
        hooks._tabs,
        "invoices",
        hooks.ClientTab("invoices", "Invoices", 30, placeholder_text="Invoices will appear here."),
    )
    response = client_a.get(f"/clients/{card['client'].pk}/invoices/", HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "clients/partials/tab.html"
    assert "Invoices will appear here." in response.content.decode()


def test_create_form_shows_input_and_errors_again(client_a, office_a):
    client_a.cookies["vireo_language"] = "en"
    response = client_a.post(
        "/clients/new/",
        {
            "name": "Firma Z Błędem",
            "nip": "1234567890",
            "country": "PL",
            "status": "active",
            "language": "pl",
            "contract_start": "2025-05-01",
            "contract_end": "2025-01-01",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Firma Z Błędem"' in html
    assert 'value="1234567890"' in html
    assert "This NIP is not valid (wrong check digit)." in html
    assert "The contract cannot end before it starts." in html
    with in_office(office_a):
        assert Client.objects.count() == 0


def test_edit_shows_service_errors_and_keeps_the_old_name(client_a, card, office_a):
    client_a.cookies["vireo_language"] = "en"
    pk = card["client"].pk
    with in_office(office_a):
        other = ClientFactory(code="TAKEN-1")
    response = client_a.post(
        f"/clients/{pk}/edit/",
        {
            "name": "Nowa nazwa",
            "code": other.code,
            "country": "PL",
            "status": "active",
            "language": "pl",
        },
    )
    assert response.status_code == 400
    assert "Client with this Client code already exists." in response.content.decode()
    assert _name_is(office_a, pk, "Zielony Las sp. z o.o.")


def test_list_view_query_count_does_not_grow(client_a, in_office_a, django_assert_max_num_queries):
    for _i in range(30):
        ClientFactory()
    with django_assert_max_num_queries(14):
        response = client_a.get("/clients/")
    assert response.content.decode().count("/clients/") >= 30


def test_history_tab_lists_changes(client_a, card, staff_a, in_office_a):
    from modules.clients.services.clients import client_update

    client_update(client=card["client"], actor=staff_a, data={"phone": "+48 22 111 22 33"})
    html = client_a.get(f"/clients/{card['client'].pk}/history/").content.decode()
    # In words, as the audit log reads it (common.audit.audit_entry_words), not codes.
    assert "Zmieniono dane klienta" in html and "client.updated" not in html
    assert "Telefon firmy" in html and "— → +48 22 111 22 33" in html
    assert staff_a.email in html


def test_export_neutralises_formula_cells(client_a, in_office_a):
    import io

    from openpyxl import load_workbook

    ClientFactory(name='=HYPERLINK("http://x")', code="EVIL-1", notes="@SUM(1)")
    response = client_a.get("/clients/export.xlsx")
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][21] == "'@SUM(1)"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_other_staff_views_render(office_a, staff_a, card):
    web = OfficeClient(office_a, user=staff_a)
    pk = card["client"].pk
    assert web.get(f"/clients/{pk}/addresses/{card['address'].pk}/").status_code == 200
    assert web.get(f"/clients/{pk}/contacts/{card['contact'].pk}/").status_code == 200


def test_history_tab_reads_quantities_money_and_people_alike(client_a, card, staff_a, in_office_a):
    """Quantities as people write them ("1", not "1,000" beside "2"), amounts with the
    office's currency ("0,00 zł", not "0,00"), who by name (the e-mail as its title)."""
    import datetime as dt
    from decimal import Decimal

    from modules.billing.services import usage_record

    staff_a.full_name = "Anna Biurowa"
    staff_a.save(update_fields=["full_name"])
    day = dt.date.today()
    for quantity in (Decimal("1.000"), Decimal("2")):
        usage_record(
            client=card["client"],
            date=day,
            quantity=quantity,
            actor=staff_a,
            description="Skan dodatkowy",
            unit_price=Decimal("0.00"),
        )
    html = client_a.get(f"/clients/{card['client'].pk}/history/").content.decode()
    import re

    quantities = re.findall(r">Ilość</dt><dd[^>]*>([^<]*)</dd>", html)
    assert sorted(quantities) == ["1", "2"]
    assert "0,00\xa0zł" in html or "0,00 zł" in html
    assert "1,000" not in html
    assert (
        f'<strong title="{staff_a.email}" data-testid="history-actor">Anna Biurowa</strong>' in html
    )


@pytest.mark.parametrize(
    ("office_index", "added", "saved", "phone"),
    [
        (0, "Osoba kontaktowa dodana.", "Zmiany zapisane.", "+48 601 222 333"),
        (1, "Kontaktná osoba bola pridaná.", "Zmeny boli uložené.", "+421 905 123 456"),
    ],
)
def test_a_new_contact_says_it_was_added_and_phones_read_as_everywhere(
    session_offices, db, office_index, added, saved, phone
):
    from common.phones import phone_format

    office = session_offices[office_index]
    with in_office(office):
        client = ClientFactory()
    web = OfficeClient(office, user=member(office, Role.STAFF))
    typed = phone.replace(" ", "")
    response = web.post(
        f"/clients/{client.pk}/contacts/new/",
        {"last_name": "Nowak", "emails": "a@b.pl", "phones": typed},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [added]
    html = response.content.decode()
    # Stored as E.164, shown as the hand-over panel shows it (common.phones.phone_format).
    assert phone_format(typed) == phone  # what the hand-over panel shows
    assert f">{phone}</td>" in html and f">{typed}</td>" not in html
    with in_office(office):
        contact = ContactPerson.objects.get(client=client)
    response = web.post(
        f"/clients/{client.pk}/contacts/{contact.pk}/",
        {"last_name": "Nowak", "emails": "a@b.pl", "phones": typed},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [saved]


def test_a_new_clients_profile_says_nobody_picks_up_mail_and_no_contract_dates(office_a, staff_a):
    """A new client's card showed the heading "Upoważnieni do odbioru poczty" over nothing,
    and "Umowa … – …" without dates (the panel's company profile too)."""
    with in_office(office_a):
        client = ClientFactory(name="Zielona Łąka")
        ContactFactory(client=client, authorised_to_pick_up_mail=False)
    web = OfficeClient(office_a, user=staff_a)
    html = web.get(f"/clients/{client.pk}/profile/").content.decode()
    people = html[html.index('data-testid="pickup-people"') :].split("</ul>")[0]
    assert (
        "Jeszcze nikt. Zaznacz „Upoważniony do odbioru poczty” przy osobie kontaktowej." in people
    )
    assert "… – …" not in html
    with in_office(office_a):
        ContactFactory(
            client=client,
            first_name="Jan",
            last_name="Kowalski",
            role="Prezes",
            authorised_to_pick_up_mail=True,
        )
        Client.objects.filter(pk=client.pk).update(contract_start=dt.date(2026, 12, 7))
    html = web.get(f"/clients/{client.pk}/profile/").content.decode()
    people = html[html.index('data-testid="pickup-people"') :].split("</ul>")[0]
    assert "Jan Kowalski" in people and "Jeszcze nikt" not in people
    assert "07.12.2026 – …" in html
    panel = OfficeClient(
        office_a, user=member(office_a, Role.CLIENT, client_id=client.pk, client_name=client.name)
    )
    assert "07.12.2026 – …" in panel.get("/portal/profile/").content.decode()
    with in_office(office_a):
        Client.objects.filter(pk=client.pk).update(contract_start=None)
    assert "… – …" not in panel.get("/portal/profile/").content.decode()
