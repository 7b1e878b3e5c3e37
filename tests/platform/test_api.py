from rest_framework.authtoken.models import Token

from accounts.models import Role
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, member


def test_me_with_session(office_a, staff_a):
    response = OfficeClient(office_a, user=staff_a).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json() == {
        "email": staff_a.email,
        "full_name": staff_a.full_name,
        "role": "staff",
        "office": "office-a",
    }


def test_me_with_token_is_checked_against_this_office(office_a, office_b, staff_a):
    token = Token.objects.create(user=staff_a)
    header = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert OfficeClient(office_a).get("/api/v1/me/", **header).status_code == 200
    # A valid token of a person without membership in office B opens nothing there.
    assert OfficeClient(office_b).get("/api/v1/me/", **header).status_code == 403
    assert (
        OfficeClient(office_a).get("/api/v1/me/", HTTP_AUTHORIZATION="Token nope").status_code
        == 401
    )


def test_api_permission_matrix(office_a, office_b):
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/api/v1/me/",
        expect={"anonymous": 401, "client": 200, "staff": 200, "other_office": 403},
    )


def test_openapi_schema_and_swagger_are_served_offline(office_a):
    client = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
