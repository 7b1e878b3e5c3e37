"""The staff inbox shows an announcement as one row while nobody answers its copies; its
page says who read it and who answered (README: Announcements)."""

import datetime as dt
import re

from django.utils import timezone

from modules.messaging import selectors
from modules.messaging.models import Announcement, Conversation
from modules.messaging.services import announcement_send, conversation_read, message_send
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.messaging.factories import client_user, staff_user
from tests.modules.messaging.test_views import STAFF_PAGE


def _sent(office, staff, clients, subject="Closed on Monday"):
    with in_office(office):
        return announcement_send(
            actor=staff,
            subject=subject,
            body="The office is closed on 11 November.",
            audience="selection",
            client_ids=[c.pk for c in clients],
        )


def _rows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'data-testid="(conversation-row|announcement-row)" data-id="(\d+)"', html)


def test_an_announcement_is_one_inbox_row_until_a_copy_is_answered(office_a):
    staff = staff_user(office_a)
    with in_office(office_a):
        clients = [ClientFactory(name=f"Firma {n}") for n in "ABCD"]
        own = message_send(actor=staff, client=clients[0], subject="Your invoice", body="x")
    announcement = _sent(office_a, staff, clients)
    web = OfficeClient(office_a, user=staff)
    html = web.get("/messages/").content.decode()
    # Four copies, one row: the announcement first (newest), then the conversation.
    assert _rows(html) == [
        ("announcement-row", str(announcement.pk)),
        ("conversation-row", str(own.conversation_id)),
    ]
    assert "Closed on Monday" in html
    assert "Sent to 4 clients · read: 0 · answered: 0" in html

    # Firma B opens it, Firma C answers: C's copy is a conversation of its own again.
    with in_office(office_a):
        copies = {c.client_id: c for c in announcement.conversations.all()}
        conversation_read(conversation=copies[clients[1].pk], by_client=True)
        customer = client_user(office_a, clients[2])
        conversation_read(conversation=copies[clients[2].pk], by_client=True)
        message_send(
            actor=customer, conversation=copies[clients[2].pk], body="Thanks", from_client=True
        )
    html = web.get("/messages/").content.decode()
    assert _rows(html) == [
        ("conversation-row", str(copies[clients[2].pk].pk)),
        ("announcement-row", str(announcement.pk)),
        ("conversation-row", str(own.conversation_id)),
    ]
    assert "Sent to 4 clients · read: 2 · answered: 1" in html

    # One client's list, a search and the unread filter list conversations, not the row.
    html = web.get("/messages/", {"client": clients[3].pk}).content.decode()
    assert _rows(html) == [("conversation-row", str(copies[clients[3].pk].pk))]
    html = web.get("/messages/", {"q": "Monday"}).content.decode()
    assert len(_rows(html)) == 4 and ("announcement-row", str(announcement.pk)) not in _rows(html)
    html = web.get("/messages/", {"unread": "1"}).content.decode()
    assert _rows(html) == [("conversation-row", str(copies[clients[2].pk].pk))]


def test_an_announcement_sits_on_the_page_of_its_time(office_a, monkeypatch):
    """Between the page's last conversation and the previous page's: on exactly one page."""
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    staff = staff_user(office_a)
    with in_office(office_a):
        client = ClientFactory()
        conversations = [
            message_send(actor=staff, client=client, subject=f"S{n}", body="x").conversation
            for n in range(4)
        ]
    announcement = _sent(office_a, staff, [client])
    now = timezone.now()
    with in_office(office_a):
        # newest first: S3, S2 | announcement | S1, S0 (pages of two)
        for n, conversation in enumerate(conversations):
            Conversation.objects.filter(pk=conversation.pk).update(
                last_message_at=now - dt.timedelta(hours=10 - n * 2 if n < 2 else 4 - n)
            )
        Announcement.objects.filter(pk=announcement.pk).update(
            created_at=now - dt.timedelta(hours=5)
        )
    web = OfficeClient(office_a, user=staff)
    first = _rows(web.get("/messages/").content.decode())
    second = _rows(web.get("/messages/", {"page": 2}).content.decode())
    ids = [str(c.pk) for c in conversations]
    assert first == [("conversation-row", ids[3]), ("conversation-row", ids[2])]
    assert second == [
        ("announcement-row", str(announcement.pk)),
        ("conversation-row", ids[1]),
        ("conversation-row", ids[0]),
    ]


def test_the_announcement_page_names_who_read_and_who_answered(office_a):
    staff = staff_user(office_a)
    with in_office(office_a):
        zeta, alfa = ClientFactory(name="Zeta"), ClientFactory(name="Alfa")
    announcement = _sent(office_a, staff, [zeta, alfa])
    with in_office(office_a):
        copy = announcement.conversations.get(client=alfa)
        message_send(
            actor=client_user(office_a, alfa), conversation=copy, body="Noted", from_client=True
        )
    web = OfficeClient(office_a, user=staff)
    html = web.get(f"/messages/announcements/{announcement.pk}/").content.decode()
    assert "The office is closed on 11 November." in html
    assert "Sent to 2 clients · read: 1 · answered: 1" in html
    rows = re.findall(r'data-testid="recipient" data-client="(\d+)"', html)
    assert rows == [str(alfa.pk), str(zeta.pk)]  # alphabetical
    assert html.count('data-testid="answered"') == 1
    # the copy links back to its announcement
    page = web.get(f"/messages/{copy.pk}/").content.decode()
    assert f'href="/messages/announcements/{announcement.pk}/"' in page


def test_announcement_page_permission_matrix_and_other_office(office_a, office_b):
    staff = staff_user(office_a)
    with in_office(office_a):
        client = ClientFactory()
    announcement = _sent(office_a, staff, [client])
    url = f"/messages/announcements/{announcement.pk}/"
    check_permission_matrix(office_a, office_b, "get", url, expect=STAFF_PAGE)
    # Office B's staff get 404 for office A's announcement id (not theirs).
    check_cross_office(office_a, office_b, "get", url)


def test_a_copy_is_listed_once_it_holds_an_answer_not_a_note(office_a):
    """Conversation.listed, kept by the services; migration 0003 set it for copies sent
    before from their messages."""
    import importlib

    from django.db import connection

    staff = staff_user(office_a)
    with in_office(office_a):
        clients = [ClientFactory() for _ in range(3)]
    announcement = _sent(office_a, staff, clients)
    with in_office(office_a):
        noted, followed, quiet = (
            announcement.conversations.get(client=client) for client in clients
        )
        assert not {c.listed for c in (noted, followed, quiet)} - {False}
        message_send(actor=staff, conversation=noted, body="Called them", internal=True)
        message_send(actor=staff, conversation=followed, body="Also: parking is closed.")
        listed = dict(announcement.conversations.values_list("client_id", "listed"))
        assert listed == {clients[0].pk: False, clients[1].pk: True, clients[2].pk: False}
        # The migration's backfill gives the same from the messages alone.
        Conversation.objects.update(listed=True)
        backfill = importlib.import_module(
            "modules.messaging.migrations.0003_conversation_listed"
        ).UNLIST_QUIET_COPIES
        with connection.cursor() as cursor:
            cursor.execute(backfill)
        assert dict(announcement.conversations.values_list("client_id", "listed")) == listed
