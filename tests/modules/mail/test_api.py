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
