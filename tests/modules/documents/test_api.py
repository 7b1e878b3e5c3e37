from modules.documents.models import Document
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.documents.factories import document_made, template_made
from tests.modules.documents.test_views import client_user


def test_api_permission_matrix(office_a, office_b):
    with in_office(office_a):
        client = ClientFactory()
        template = template_made()
        document = document_made(client=client, template=template)
        before = Document.objects.count()
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/api/v1/documents/",
        expect={
            "anonymous": 401,
            "client": 200,
            "staff": 200,
            "admin": 200,
            "owner": 200,
            "other_office": 403,
        },
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/api/v1/documents/",
        data={"client": client.pk, "template": template.pk},
        content_type="application/json",
        expect={"anonymous": 401, "client": 403, "other_office": 403},
        unchanged=lambda: Document.objects.count() == before,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/api/v1/documents/{document.pk}/share/",
        data={"shared": True},
        content_type="application/json",
        expect={"anonymous": 401, "client": 403, "other_office": 403},
        unchanged=lambda: Document.objects.get(pk=document.pk).shared_at is None,
    )


def test_staff_generate_share_and_list_through_the_api(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory(name="Delta sp. z o.o.")
        template = template_made()
    api = OfficeClient(office_a, user=staff_a)
    response = api.post(
        "/api/v1/documents/",
        {"client": client.pk, "template": template.pk, "fields": {"place": "Gdańsk"}},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["version"], body["shared"], body["source"]) == (
        "Umowa",
        1,
        False,
        "generated",
    )
    response = api.post(
        f"/api/v1/documents/{body['id']}/share/", {"shared": True}, content_type="application/json"
    )
    assert response.json()["shared"] is True
    listed = api.get(f"/api/v1/documents/?client={client.pk}").json()["results"]
    assert [row["number"] for row in listed] == [body["number"]]
    download = api.get(f"/api/v1/documents/{body['id']}/download/")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    missing = api.post(
        "/api/v1/documents/",
        {"client": client.pk, "template": 999999},
        content_type="application/json",
    )
    assert missing.status_code == 404


def test_client_user_sees_only_the_client_fields(office_a):
    with in_office(office_a):
        client = ClientFactory()
        document = document_made(client=client, share=True)
    api = OfficeClient(office_a, user=client_user(office_a, client))
    row = api.get(f"/api/v1/documents/{document.pk}/").json()
    assert set(row) == {"id", "number", "title", "client", "version", "created_at", "download_url"}
