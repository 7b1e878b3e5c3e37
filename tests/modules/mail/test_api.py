from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from modules.mail.models import MailItem
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register, letter, status


def test_staff_registers_lists_and_changes_items(office_a):
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    with in_office(office_a):
        client = ClientFactory()
        mail_type, picked, waiting = letter(), status("picked_up"), status("to_pick_up")
    response = web.post(
        "/api/v1/mail/",
        {
            "client": client.pk,
            "sender": "ZUS",
            "mail_type": mail_type.pk,
            "received_at": "2026-03-02T09:30:00+01:00",
            "pieces": 2,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status_code"] == "to_pick_up" and body["pieces"] == 2
    assert body["number"].count("/") == 1
    item_id = body["id"]
    response = web.patch(
        f"/api/v1/mail/{item_id}/", {"status": picked.pk}, content_type="application/json"
    )
    assert response.status_code == 200
    response = web.patch(
        f"/api/v1/mail/{item_id}/", {"status": waiting.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "confirm_leave_final"
    response = web.patch(
        f"/api/v1/mail/{item_id}/",
        {"status": waiting.pk, "confirm_leave_final": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    listing = web.get("/api/v1/mail/", {"client": client.pk}).json()
    assert [row["id"] for row in listing["results"]] == [item_id]


def test_api_needs_a_membership_and_client_users_cannot_write(office_a, office_b):
    with in_office(office_a):
        client = ClientFactory()
        item = item_register(client=client)
        mail_type = letter()
    assert OfficeClient(office_a).get("/api/v1/mail/").status_code == 401
    outsider = OfficeClient(office_a, user=member(office_b, Role.ADMIN))
    assert outsider.get("/api/v1/mail/").status_code == 403
    client_user = OfficeClient(office_a, user=member(office_a, Role.CLIENT, client_id=client.pk))
    response = client_user.post(
        "/api/v1/mail/",
        {
            "client": client.pk,
            "sender": "x",
            "mail_type": mail_type.pk,
            "received_at": "2026-03-02T09:30:00Z",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    response = client_user.patch(
        f"/api/v1/mail/{item.pk}/", {"pieces": 7}, content_type="application/json"
    )
    assert response.status_code == 403
    with in_office(office_a):
        assert MailItem.objects.filter(client=client).count() == 1
        assert MailItem.objects.get(pk=item.pk).pieces == 1


def test_the_item_list_pages_by_cursor_without_counting(office_a, staff_a, monkeypatch):
    from modules.mail.api import NewestFirst

    monkeypatch.setattr(NewestFirst, "page_size", 2)
    with in_office(office_a):
        client = ClientFactory()
        numbers = [item_register(client=client).number for _ in range(5)]
    web = OfficeClient(office_a, user=staff_a)
    seen, url, params = [], "/api/v1/mail/", {"client": client.pk}
    with CaptureQueriesContext(connection) as queries:
        while url:
            body = web.get(url, params).json()
            seen += [row["number"] for row in body["results"]]
            url, params = body["next"], None
    assert seen == numbers[::-1]
    assert "count" not in body
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]


def test_an_item_registered_without_a_time_arrived_now(office_a):
    from django.utils import timezone

    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    with in_office(office_a):
        client, mail_type = ClientFactory(), letter()
    before = timezone.now()
    response = web.post(
        "/api/v1/mail/",
        {"client": client.pk, "sender": "ZUS", "mail_type": mail_type.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    with in_office(office_a):
        item = MailItem.objects.get(pk=response.json()["id"])
    assert before <= item.received_at <= timezone.now()
