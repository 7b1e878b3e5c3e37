from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership, Role
from common.storage import office_save
from modules.messaging.models import Attachment, Conversation, Message
from modules.messaging.services import StoredFile, message_send
from tests.factories import UserFactory
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import pdf_bytes
from tests.modules.messaging.factories import client_user, staff_user, started

STAFF_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
REFUSED = {k: v for k, v in STAFF_PAGE.items() if v != 200}
PANEL_PAGE = {
    "anonymous": 302,
    "client": 200,
    "staff": 403,
    "admin": 403,
    "owner": 403,
    "other_office": 403,
}


def _messages(office, conversation_id) -> int:
    with in_office(office):
        return Message.objects.filter(conversation_id=conversation_id).count()


def _with_file(office, client=None):
    with in_office(office):
        client = client or ClientFactory()
        name = office_save("documents/x.pdf", pdf_bytes())
        message = message_send(
            actor=None,
            client=client,
            subject="Agreement",
            body="Attached",
            attachments=[StoredFile(name=name, original_name="agreement.pdf")],
        )
        return message.conversation, message.attachments.get()


def test_staff_screens_permission_matrix(office_a, office_b):
    conversation, file = _with_file(office_a)
    for url in (
        "/messages/",
        "/messages/new/",
        "/messages/announce/",
        f"/messages/{conversation.pk}/",
        f"/messages/files/{file.pk}/",
    ):
        check_permission_matrix(office_a, office_b, "get", url, expect=STAFF_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/messages/{conversation.pk}/reply/",
        data={"body": "hi", "internal": "on"},
        expect=REFUSED,
        unchanged=lambda: Message.objects.filter(conversation=conversation).count() == 1,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/messages/announce/",
        data={"audience": "all", "subject": "x", "body": "y"},
        expect=REFUSED,
        unchanged=lambda: Conversation.objects.count() == 1,
    )


def test_panel_screens_permission_matrix(office_a, office_b):
    with in_office(office_a):
        ClientFactory(pk=1, name="Client One")
    for url in ("/portal/messages/", "/portal/messages/new/"):
        check_permission_matrix(office_a, office_b, "get", url, expect=PANEL_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/portal/messages/new/",
        data={"subject": "x", "body": "y"},
        expect={k: v for k, v in PANEL_PAGE.items() if k != "client"},
        unchanged=lambda: not Conversation.objects.exists(),
    )


def test_cross_office_answers_404_and_changes_nothing(office_a, office_b):
    conversation, file = _with_file(office_a)
    for url in (f"/messages/{conversation.pk}/", f"/messages/files/{file.pk}/"):
        check_cross_office(office_a, office_b, "get", url)
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/messages/{conversation.pk}/reply/",
        data={"body": "hi"},
        unchanged=lambda: Message.objects.filter(conversation=conversation).count() == 1,
    )
    check_cross_office(
        office_a,
        office_b,
        "get",
        f"/api/v1/messages/conversations/{conversation.pk}/messages/",
    )


def test_a_client_never_reaches_another_company_by_id_list_search_or_file(office_a):
    with in_office(office_a):
        mine, theirs = ClientFactory(name="Mine"), ClientFactory(name="Theirs")
    own, own_file = _with_file(office_a, mine)
    other, other_file = _with_file(office_a, theirs)
    with in_office(office_a):
        Conversation.objects.filter(pk=other.pk).update(subject="Zebra secret plan")
        message_send(actor=None, conversation=own, body="quokka in a note", internal=True)
        note_file = Attachment.objects.create(
            message=Message.objects.get(internal=True),
            conversation=own,
            name=own_file.name,
            original_name="note.pdf",
            content_type="application/pdf",
        )
    panel = OfficeClient(office_a, user=client_user(office_a, mine))
    assert panel.get(f"/portal/messages/{other.pk}/").status_code == 404
    assert panel.post(f"/portal/messages/{other.pk}/reply/", {"body": "x"}).status_code == 404
    assert _messages(office_a, other.pk) == 1
    assert panel.get(f"/portal/messages/files/{other_file.pk}/").status_code == 404
    assert panel.get(f"/portal/messages/files/{note_file.pk}/").status_code == 404
    assert panel.get(f"/portal/messages/files/{own_file.pk}/").status_code == 200
    listing = panel.get("/portal/messages/").content.decode()
    assert f'data-id="{own.pk}"' in listing and f'data-id="{other.pk}"' not in listing
    assert (
        'data-testid="conversation-row"'
        not in panel.get("/portal/messages/", {"q": "zebra"}).content.decode()
    )
    assert (
        'data-testid="conversation-row"'
        not in panel.get("/portal/messages/", {"q": "quokka"}).content.decode()
    )
    staff = OfficeClient(office_a, user=staff_user(office_a))
    assert f'data-id="{own.pk}"' in staff.get("/messages/", {"q": "quokka"}).content.decode()
    assert f'data-id="{other.pk}"' in staff.get("/messages/", {"q": "zebra"}).content.decode()
    assert panel.get("/api/v1/messages/conversations/", {"q": "zebra"}).json()["results"] == []
    assert panel.get(f"/api/v1/messages/conversations/{other.pk}/").status_code == 404


def test_the_company_switcher_decides_which_company_s_messages_the_panel_shows(office_a):
    with in_office(office_a):
        first, second = ClientFactory(name="Alfa"), ClientFactory(name="Beta")
        a = started(client=first, subject="For Alfa")
        b = started(client=second, subject="For Beta")
    user = UserFactory(language="en")
    Membership.objects.create(
        user=user, office=office_a, role=Role.CLIENT, client_id=first.pk, client_name="Alfa"
    )
    to_beta = Membership.objects.create(
        user=user, office=office_a, role=Role.CLIENT, client_id=second.pk, client_name="Beta"
    )
    panel = OfficeClient(office_a, user=user)
    page = panel.get("/portal/messages/").content.decode()
    assert "For Alfa" in page and "For Beta" not in page
    assert panel.post(f"/portal/messages/{b.pk}/reply/", {"body": "x"}).status_code == 404
    panel.post(f"/accounts/switch/{to_beta.pk}/", follow=True)
    page = panel.get("/portal/messages/").content.decode()
    assert "For Beta" in page and "For Alfa" not in page
    assert panel.post(f"/portal/messages/{a.pk}/reply/", {"body": "x"}).status_code == 404
    api = panel.get("/api/v1/messages/conversations/", HTTP_X_VIREO_CLIENT=str(first.pk)).json()
    assert [row["id"] for row in api["results"]] == [a.pk]
    # The e-mailed link of the other company asks before switching; the switch goes on to it.
    asking = panel.get(f"/portal/messages/{a.pk}/")
    assert asking.status_code == 200 and "For Alfa" not in asking.content.decode()
    assert 'data-testid="switch-offer"' in asking.content.decode()
    assert "For Beta" in panel.get("/portal/messages/").content.decode()  # nothing switched
    to_alfa = Membership.objects.get(user=user, client_id=first.pk)
    response = panel.post(
        f"/accounts/switch/{to_alfa.pk}/", {"next": f"/portal/messages/{a.pk}/"}, follow=True
    )
    assert response.redirect_chain == [(f"/portal/messages/{a.pk}/", 302)]
    assert "For Alfa" in response.content.decode()
    with in_office(office_a):
        stranger = started(client=ClientFactory(name="Gamma"), subject="For Gamma")
    assert panel.get(f"/portal/messages/{stranger.pk}/").status_code == 404


def test_inbox_search_unread_and_client_filter(office_a, django_assert_num_queries):
    with in_office(office_a):
        one, two = ClientFactory(name="One"), ClientFactory(name="Two")
        first = started(client=one, subject="Rent for March", body="hello")
        second = message_send(
            actor=None, client=two, subject="Parcel", body="Where is my parcel", from_client=True
        ).conversation
    web = OfficeClient(office_a, user=staff_user(office_a))
    web.get("/messages/")
    # ... and the announcements sent within the page's time (one row each: README)
    with django_assert_num_queries(6):
        page = web.get("/messages/").content.decode()
    assert page.index(f'data-id="{second.pk}"') < page.index(f'data-id="{first.pk}"')
    unread = web.get("/messages/", {"unread": "1"}).content.decode()
    assert f'data-id="{second.pk}"' in unread and f'data-id="{first.pk}"' not in unread
    by_client = web.get("/messages/", {"client": one.pk}).content.decode()
    assert f'data-id="{first.pk}"' in by_client and f'data-id="{second.pk}"' not in by_client
    found = web.get("/messages/", {"q": "MY PARCEL"}).content.decode()
    assert f'data-id="{second.pk}"' in found and f'data-id="{first.pk}"' not in found
    assert f'data-id="{first.pk}"' in web.get("/messages/", {"q": "march"}).content.decode()
    assert 'data-testid="search-too-short"' not in found
    short = web.get("/messages/", {"q": "my"}).content.decode()
    assert f'data-id="{first.pk}"' in short and f'data-id="{second.pk}"' in short
    assert 'data-testid="search-too-short"' in short


def test_panel_list_costs_a_fixed_number_of_queries(office_a, django_assert_num_queries):
    with in_office(office_a):
        client = ClientFactory()
        for n in range(5):
            started(client=client, subject=f"Subject {n}")
    panel = OfficeClient(office_a, user=client_user(office_a, client))
    panel.get("/portal/messages/")
    # Routing, the session's person, the conversations, and the menu's read of billing's
    # "summaries for clients" switch (its entry's visibility); none grows with rows.
    with django_assert_num_queries(6):
        page = panel.get("/portal/messages/").content.decode()
    assert page.count('data-testid="conversation-row"') == 5


def test_client_card_tab_home_tile_and_menu_counts(office_a):
    staff = staff_user(office_a)
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las")
        message_send(actor=None, client=client, subject="Hi", body="x", from_client=True)
        started(actor=staff, client=client, subject="News")
    web = OfficeClient(office_a, user=staff)
    tab = web.get(f"/clients/{client.pk}/messages/").content.decode()
    assert "1 unread message from the client" in tab
    assert "will appear here" not in tab
    assert web.get("/navigation/counts/").json()["messaging.unread"] == 1
    panel = OfficeClient(office_a, user=client_user(office_a, client))
    home = panel.get("/portal/").content.decode()
    assert "Unread messages" in home
    menu = panel.get("/portal/messages/").content.decode()
    assert 'data-nav-count="messaging.client_unread"' in menu
    assert panel.get("/navigation/counts/").json() == {"messaging.client_unread": 1}


def test_staff_start_a_conversation_and_send_an_announcement_from_the_screens(office_a):
    with in_office(office_a):
        client = ClientFactory(name="Alfa")
        ClientFactory(name="Beta")
    web = OfficeClient(office_a, user=staff_user(office_a))
    pdf = SimpleUploadedFile("a.pdf", pdf_bytes(), content_type="application/pdf")
    response = web.post(
        "/messages/new/",
        {"client": client.pk, "subject": "Hello", "body": "First", "attachments": [pdf]},
    )
    with in_office(office_a):
        conversation = Conversation.objects.get()
        assert conversation.attachments.get().original_name == "a.pdf"
    assert response["Location"] == f"/messages/{conversation.pk}/"
    response = web.post(
        "/messages/announce/", {"audience": "all", "subject": "Closed", "body": "On Monday"}
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert Conversation.objects.filter(subject="Closed").count() == 2
    refused = web.post("/messages/announce/", {"audience": "package", "subject": "x", "body": "y"})
    assert refused.status_code == 400
    assert "Choose a package." in refused.content.decode()


def test_a_new_conversation_picks_its_client_and_keeps_its_file(office_a):
    """The client by name, code or tax ID (the picker); a client the person may not write
    to (inactive) refused at the field; a form shown again with errors keeps the file sent
    (ticked under the file field, test_kept_files.py)."""
    with in_office(office_a):
        client = ClientFactory(name="Lipa Služby s.r.o.", code="LS-1")
        gone = ClientFactory(name="Lipa Služby s.r.o.", code="LS-2", status="suspended")
    web = OfficeClient(office_a, user=staff_user(office_a))
    page = web.get(f"/messages/new/?client={client.pk}").content.decode()
    assert 'name="client_label"' in page and "LS-1 · Lipa Služby s.r.o." in page
    pdf = SimpleUploadedFile("a.pdf", pdf_bytes(), content_type="application/pdf")
    again = web.post(
        "/messages/new/",
        {"client": client.pk, "subject": "", "body": "Hello", "attachments": [pdf]},
    )
    assert again.status_code == 400
    page = again.content.decode()
    assert "choose it again" not in page
    assert "Files kept from your previous attempt" in page
    assert "Hello" in page
    refused = web.post("/messages/new/", {"client": gone.pk, "subject": "Hi", "body": "x"})
    assert refused.status_code == 400
    assert "No such client; choose one from the list." in refused.content.decode()
    with in_office(office_a):
        assert not Conversation.objects.exists()


def test_the_announcements_client_list_follows_the_offices_alphabet(office_b):
    import re

    with in_office(office_b):
        for name in ("Zeman s.r.o.", "Šimko s.r.o.", "Adam s.r.o.", "Sova s.r.o."):
            ClientFactory(name=name)
    page = OfficeClient(office_b, user=staff_user(office_b)).get("/messages/announce/")
    names = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", page.content.decode())
    assert [n for n in names if n.endswith("s.r.o.")] == [
        "Adam s.r.o.",
        "Sova s.r.o.",
        "Šimko s.r.o.",
        "Zeman s.r.o.",
    ]


def test_an_announcement_asks_before_it_goes_to_every_chosen_client(office_a):
    """The announcement went to every client on one click, with nothing asked; the form
    now asks first (static/js/vireo.js: data-confirm)."""
    user = staff_user(office_a)
    user.language = "pl"
    user.save(update_fields=["language"])
    page = OfficeClient(office_a, user=user).get("/messages/announce/").content.decode()
    form = page[page.index('data-testid="announcement-form"') :].split(">")[0]
    assert (
        'data-confirm="Wysłać to ogłoszenie do wszystkich wybranych klientów? '
        'Nie da się go cofnąć."'
    ) in form
