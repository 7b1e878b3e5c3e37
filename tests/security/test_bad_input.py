import io

import pytest
from openpyxl import load_workbook

from tests.helpers.offices import OfficeClient, in_office

pytestmark = pytest.mark.django_db

API_CASES = [
    "/api/v1/clients/FALSE/",
    "/api/v1/mail/nil/",
    "/api/v1/mail/scans/nil/download/",
    "/api/v1/clients/?q=%00",
    "/api/v1/mail/?status=%00",
    "/api/v1/mail/?q=%00",
    "/api/v1/mail/?cursor=cD0yMDI2",
    "/api/v1/mail/?cursor=%00",
]
PAGE_CASES = [
    "/clients/search/?q=%00",
    "/mail/lookup/clients/?q=%00",
    "/mail/lookup/correspondents/?sender=%00",
    "/mail/hand-over/?q=%00",
    "/clients/?q=%00",
    "/mail/?q=%00",
]


@pytest.mark.parametrize("url", API_CASES)
def test_bad_input_on_the_api_is_a_4xx_in_the_error_shape(office_a, staff_a, url):
    response = OfficeClient(office_a, user=staff_a).get(url)
    assert 400 <= response.status_code < 500, response.status_code
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}


@pytest.mark.parametrize("url", PAGE_CASES)
def test_bad_input_on_pages_is_never_a_500(office_a, staff_a, url):
    response = OfficeClient(office_a, user=staff_a).get(url)
    assert response.status_code in (200, 400), response.status_code


def test_control_characters_are_refused_at_entry_on_the_api(office_a, staff_a):
    from modules.clients.models import Client

    with in_office(office_a):
        before = Client.objects.count()
    response = OfficeClient(office_a, user=staff_a).post(
        "/api/v1/clients/", {"name": "Firma\x01 sp. z o.o."}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"name": ["Remove the control characters from this value."]}
    with in_office(office_a):
        assert Client.objects.count() == before


def test_control_characters_are_refused_in_forms(office_a, staff_a):
    response = OfficeClient(office_a, user=staff_a).post("/clients/new/", {"name": "A\x00B"})
    assert response.status_code == 400


def test_the_clients_export_survives_control_characters_stored_before(office_a, staff_a):
    from modules.clients.models import Client

    with in_office(office_a):
        Client.objects.create(name="Stara\x01 Firma", code="STARA1")
    response = OfficeClient(office_a, user=staff_a).get("/clients/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    names = [row[1] for row in workbook.active.iter_rows(values_only=True)]
    assert "Stara Firma" in names


def test_the_openapi_schema_names_every_query_parameter_the_api_reads(office_a, staff_a):
    schema = OfficeClient(office_a, user=staff_a).get("/api/v1/schema/?format=json").json()

    def names(path):
        return {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}

    assert names("/api/v1/mail/") == {
        "cursor", "status", "client", "direction", "type", "date_from", "date_to", "q",
    }  # fmt: skip
    assert names("/api/v1/clients/") == {"page", "q"}
