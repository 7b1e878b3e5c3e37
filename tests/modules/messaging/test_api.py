from modules.messaging.models import Conversation, Message
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.messaging.factories import client_user, staff_user, started

API = "/api/v1/messages/conversations/"


def test_staff_start_read_and_write_notes_through_the_api(office_a):
    with in_office(office_a):
        client = ClientFactory()
    web = OfficeClient(office_a, user=staff_user(office_a))
    created = web.post(
        API,
        {"client": client.pk, "subject": "Hello", "body": "First"},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert (created.json()["client"], created.json()["client_unread"]) == (client.pk, 1)
    note = web.post(
        f"{API}{pk}/messages/",
        {"body": "internal", "internal": True},
        content_type="application/json",
    )
    assert note.status_code == 201 and note.json()["internal"] is True
    thread = web.get(f"{API}{pk}/messages/").json()
    assert [m["body"] for m in thread] == ["First", "internal"]
    missing = web.post(API, {"subject": "x", "body": "y"}, content_type="application/json")
    assert missing.status_code == 400 and missing.json()["fields"]["client"]


def test_a_client_user_writes_for_their_company_only_and_never_sees_notes(office_a):
    with in_office(office_a):
        mine, other = ClientFactory(), ClientFactory()
        own = started(client=mine, subject="Ours")
        theirs = started(client=other, subject="Theirs")
        Message.objects.create(conversation=own, body="secret note", internal=True)
    panel = OfficeClient(office_a, user=client_user(office_a, mine))
    listing = panel.get(API).json()["results"]
    assert [row["id"] for row in listing] == [own.pk]
    assert "staff_unread" not in listing[0]
    thread = panel.get(f"{API}{own.pk}/messages/").json()
    assert [m["body"] for m in thread] == ["Hello"] and "internal" not in thread[0]
    created = panel.post(
        API,
        {"client": other.pk, "subject": "Question", "body": "Hi"},
        content_type="application/json",
    )
    assert created.status_code == 201
    with in_office(office_a):
        row = Conversation.objects.get(pk=created.json()["id"])
        assert (row.client_id, row.started_by_client, row.staff_unread) == (mine.pk, True, 1)
    refused = panel.post(
        f"{API}{own.pk}/messages/", {"body": "x", "internal": True}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert panel.get(f"{API}{theirs.pk}/messages/").status_code == 404
    assert (
        panel.post(
            f"{API}{theirs.pk}/messages/", {"body": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    with in_office(office_a):
        assert Message.objects.filter(conversation=theirs).count() == 1
    assert panel.post(f"{API}{own.pk}/read/").json() == {"marked": 1}
    assert OfficeClient(office_a).get(API).status_code in (401, 403)
