import pytest
from rest_framework.authtoken.models import Token

from accounts.models import Membership, Role
from modules.clients.models import Client
from modules.mail.api import ItemSerializer
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register, status


@pytest.fixture
def two_companies(office_a):
    """A client user of two companies of office A, each with one mail item."""
    with in_office(office_a):
        green = ClientFactory(name="Zielony Las sp. z o.o.", code="ZL-001")
        smith = ClientFactory(name="Kowalski Consulting", code="KC-002")
        green_item = item_register(client=green, sender="ZUS")
        smith_item = item_register(client=smith, sender="KRS")
    person = member(office_a, Role.CLIENT, client_id=green.pk, client_name=green.name)
    Membership.objects.create(
        user=person, office=office_a, role=Role.CLIENT, client_id=smith.pk, client_name=smith.name
    )
    return person, (green, green_item), (smith, smith_item)


def _senders(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["sender"] for row in response.json()["results"]]


def test_a_session_api_call_acts_for_the_company_chosen_in_the_switcher(office_a, two_companies):
    person, (green, green_item), (smith, smith_item) = two_companies
    web = OfficeClient(office_a, user=person)
    # No choice yet: the first profile by name, as on the web pages.
    assert _senders(web.get("/api/v1/mail/")) == ["KRS"]
    chosen = Membership.objects.get(user=person, client_id=green.pk)
    assert web.post(f"/accounts/switch/{chosen.pk}/").status_code == 302
    assert _senders(web.get("/api/v1/mail/")) == ["ZUS"]
    assert web.get(f"/api/v1/mail/{green_item.pk}/").json()["sender"] == "ZUS"
    assert web.get(f"/api/v1/mail/{smith_item.pk}/").status_code == 404
    assert [c["code"] for c in web.get("/api/v1/clients/").json()["results"]] == ["ZL-001"]
    assert web.get(f"/api/v1/clients/{smith.pk}/").status_code == 404
    # The web page agrees with the API.
    html = web.get("/portal/").content.decode()
    assert "ZL-001" in html and "KC-002" not in html


def test_a_token_call_of_a_person_with_two_companies_names_the_company(office_a, two_companies):
    person, (green, _green_item), (smith, smith_item) = two_companies
    token = Token.objects.create(user=person)
    api = OfficeClient(office_a, HTTP_AUTHORIZATION=f"Token {token.key}")
    api.cookies["vireo_language"] = "en"
    response = api.get("/api/v1/mail/")
    assert response.status_code == 403
    assert response.json() == {
        "code": "client_required",
        "detail": "Send the X-Vireo-Client header with the id of the company you act for: "
        f"{smith.pk} (Kowalski Consulting), {green.pk} (Zielony Las sp. z o.o.).",
        "fields": {},
    }
    assert _senders(api.get("/api/v1/mail/", HTTP_X_VIREO_CLIENT=str(green.pk))) == ["ZUS"]
    assert _senders(api.get("/api/v1/mail/", HTTP_X_VIREO_CLIENT=str(smith.pk))) == ["KRS"]
    response = api.get(f"/api/v1/mail/{smith_item.pk}/", HTTP_X_VIREO_CLIENT=str(green.pk))
    assert response.status_code == 404
    with in_office(office_a):
        stranger = ClientFactory(name="Obca Firma")
    response = api.get("/api/v1/mail/", HTTP_X_VIREO_CLIENT=str(stranger.pk))
    assert response.status_code == 403
    assert response.json()["code"] == "client_required"


def test_a_token_call_of_a_person_with_one_company_needs_no_header(office_a, two_companies):
    _person, (green, _green_item), _smith = two_companies
    person = member(office_a, Role.CLIENT, client_id=green.pk, client_name=green.name)
    token = Token.objects.create(user=person)
    api = OfficeClient(office_a, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert _senders(api.get("/api/v1/mail/")) == ["ZUS"]


def test_the_header_also_chooses_for_a_session_call(office_a, two_companies):
    person, (green, _green_item), _smith = two_companies
    web = OfficeClient(office_a, user=person)
    assert _senders(web.get("/api/v1/mail/", HTTP_X_VIREO_CLIENT=str(green.pk))) == ["ZUS"]


def test_staff_act_as_staff_whatever_the_header(office_a, staff_a, two_companies):
    _person, (green, _), _smith = two_companies
    web = OfficeClient(office_a, user=staff_a)
    response = web.get("/api/v1/mail/", HTTP_X_VIREO_CLIENT=str(green.pk))
    assert sorted(_senders(response)) == ["KRS", "ZUS"]


# --- one error shape ------------------------------------------------------------------------


def test_not_found_has_the_error_shape(client_a):
    client_a.cookies["vireo_language"] = "en"
    response = client_a.get("/api/v1/clients/999999/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found.", "fields": {}}
    assert client_a.get("/api/v1/mail/not-a-number/").status_code == 404


def test_not_authenticated_has_the_error_shape_and_the_challenge(office_a):
    anonymous = OfficeClient(office_a)
    anonymous.cookies["vireo_language"] = "en"
    response = anonymous.get("/api/v1/mail/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "fields": {},
    }


def test_permission_denied_has_the_error_shape(office_a, two_companies):
    person = two_companies[0]
    web = OfficeClient(office_a, user=person)
    web.cookies["vireo_language"] = "en"
    response = web.patch(
        f"/api/v1/clients/{two_companies[1][0].pk}/",
        {"status": "suspended"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "detail": "You do not have permission to perform this action.",
        "fields": {},
    }
    with in_office(office_a):
        assert Client.objects.get(pk=two_companies[1][0].pk).status == "active"


def test_an_application_error_of_a_service_has_the_error_shape(client_a, office_a):
    client_a.cookies["vireo_language"] = "en"
    with in_office(office_a):
        item = item_register(status=status("picked_up"))
        waiting = status("to_pick_up").pk
    response = client_a.patch(
        f"/api/v1/mail/{item.pk}/", {"status": waiting}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "confirm_leave_final",
        "detail": "1 item(s) are marked as picked up. Are you sure you want to change their "
        "status to “To pick up”?",
        "fields": {},
    }


def test_a_validation_error_of_a_service_has_the_error_shape(client_a, office_a):
    client_a.cookies["vireo_language"] = "en"
    with in_office(office_a):
        ClientFactory(name="Kowalski Consulting", code="KC-002")
    response = client_a.post(
        "/api/v1/clients/",
        {"name": "Druga firma", "code": "KC-002"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some fields are not valid.",
        "fields": {"code": ["Client with this Client code already exists."]},
    }
    with in_office(office_a):
        assert not Client.objects.filter(name="Druga firma").exists()


# --- staff/client field split ---------------------------------------------------------------


def test_client_users_see_only_the_client_fields(office_a, staff_a, two_companies):
    person, (green, _green_item), _smith = two_companies
    with in_office(office_a):
        Client.objects.filter(pk=green.pk).update(notes="Pays late")
        item_register(client=green, sender="GUS", notes="Torn envelope")
    staff = OfficeClient(office_a, user=staff_a)
    assert staff.get(f"/api/v1/clients/{green.pk}/").json()["notes"] == "Pays late"
    staff_items = staff.get("/api/v1/mail/", {"client": green.pk}).json()["results"]
    assert [row["notes"] for row in staff_items] == ["Torn envelope", ""]
    web = OfficeClient(office_a, user=person)
    chosen = Membership.objects.get(user=person, client_id=green.pk)
    web.post(f"/accounts/switch/{chosen.pk}/")
    company = web.get(f"/api/v1/clients/{green.pk}/").json()
    assert "notes" not in company
    assert company["code"] == "ZL-001"
    rows = web.get("/api/v1/mail/").json()["results"]
    assert [row["sender"] for row in rows] == ["GUS", "ZUS"]
    assert all("notes" not in row for row in rows)
    hidden = {"notes", "confirm_leave_final"}  # write-only
    assert set(rows[0]) == set(ItemSerializer.Meta.fields) - hidden
