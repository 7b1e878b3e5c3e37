import pytest

from accounts.models import Role
from modules.clients.models import Client
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import AddressFactory, ClientFactory, refresh

API_READ = {"anonymous": 401, "client": 200, "staff": 200, "admin": 200, "other_office": 403}


@pytest.fixture
def two_clients(office_a):
    with in_office(office_a):
        first = ClientFactory(name="Zielony Las sp. z o.o.", code="ZL-001")
        AddressFactory(client=first)
        second = ClientFactory(name="Kowalski Consulting", code="KC-002")
    return first, second


def test_api_list_matrix(office_a, office_b, two_clients):
    check_permission_matrix(office_a, office_b, "get", "/api/v1/clients/", expect=API_READ)


def test_api_create_matrix(office_a, office_b):
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/api/v1/clients/",
        data={"name": "API Firma", "nip": "5260250274"},
        content_type="application/json",
        expect={"anonymous": 401, "client": 403, "other_office": 403, "staff": 201},
        unchanged=lambda: not Client.objects.filter(name="API Firma").exists(),
    )
    with in_office(office_a):
        assert list(Client.objects.values_list("name", "code", "nip")) == [
            ("API Firma", "API-001", "5260250274")
        ]


def test_api_update_matrix(office_a, office_b, two_clients):
    pk = two_clients[0].pk
    check_permission_matrix(
        office_a,
        office_b,
        "patch",
        f"/api/v1/clients/{pk}/",
        data={"status": "suspended"},
        content_type="application/json",
        expect={"anonymous": 401, "client": 403, "other_office": 403, "staff": 200},
        unchanged=lambda: Client.objects.get(pk=pk).status == "active",
    )


def test_api_client_user_sees_only_own_company(office_a, two_clients):
    first, second = two_clients
    person = member(office_a, Role.CLIENT, client_id=first.pk, client_name=first.name)
    web = OfficeClient(office_a, user=person)
    body = web.get("/api/v1/clients/").json()
    assert [c["name"] for c in body["results"]] == ["Zielony Las sp. z o.o."]
    assert body["results"][0]["addresses"][0]["city"] == "Warszawa"
    assert web.get(f"/api/v1/clients/{second.pk}/").status_code == 404
    assert web.get(f"/api/v1/clients/{first.pk}/").json()["code"] == "ZL-001"


def test_api_client_user_search_stays_within_own_company(office_a, two_clients):
    first = two_clients[0]
    with in_office(office_a):
        refresh(first)  # its address, added after it
    person = member(office_a, Role.CLIENT, client_id=first.pk, client_name=first.name)
    web = OfficeClient(office_a, user=person)

    def codes(query):
        response = web.get("/api/v1/clients/", {"q": query})
        assert response.status_code == 200
        return [c["code"] for c in response.json()["results"]]

    assert codes("Zielony") == ["ZL-001"]
    assert codes("warszawa") == ["ZL-001"]  # its address
    assert codes("Kowalski") == []  # the other company of the office
    assert codes("Consulting") == []
    assert codes("Kowalsky") == []  # not even through the typo pass


def test_api_staff_search(client_a, two_clients):
    body = client_a.get("/api/v1/clients/?q=kowalski").json()
    assert [c["code"] for c in body["results"]] == ["KC-002"]


def test_api_rejects_invalid_numbers(client_a, office_a):
    client_a.cookies["vireo_language"] = "en"
    response = client_a.post(
        "/api/v1/clients/", {"name": "X", "nip": "1234567890"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some fields are not valid.",
        "fields": {"nip": ["This NIP is not valid (wrong check digit)."]},
    }
    with in_office(office_a):
        assert Client.objects.count() == 0


def test_api_client_of_another_office_answers_404(office_a, office_b, two_clients):
    pk = two_clients[0].pk
    check_cross_office(office_a, office_b, "get", f"/api/v1/clients/{pk}/")
    check_cross_office(
        office_a,
        office_b,
        "patch",
        f"/api/v1/clients/{pk}/",
        data={"name": "x"},
        unchanged=lambda: Client.objects.get(pk=pk).name == "Zielony Las sp. z o.o.",
    )
