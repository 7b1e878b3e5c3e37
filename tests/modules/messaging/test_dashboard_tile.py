from accounts.models import Role
from modules.messaging.services import message_send
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.messaging.factories import client_user, staff_user, started
from tests.modules.office.test_dashboard import _tile


def test_staff_tile_counts_conversations_with_unread_client_messages_and_links_the_inbox(
    office_a,
):
    staff = staff_user(office_a)
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las")
        for subject in ("Parcel", "Invoice"):
            conversation = message_send(
                actor=None, client=client, subject=subject, body="x", from_client=True
            ).conversation
        message_send(actor=None, conversation=conversation, body="and more", from_client=True)
        started(actor=staff, client=client, subject="News")
    page = OfficeClient(office_a, user=staff).get("/dashboard/").content.decode()

    tile = _tile(page, "messaging.staff_unread")
    assert 'href="/messages/?unread=1"' in tile and "border-warning" in tile
    assert "Conversations with unread messages" in tile
    assert '<div class="display-6">2</div>' in tile


def test_staff_tile_is_quiet_at_zero_and_a_client_user_never_gets_the_dashboard(office_a):
    staff = staff_user(office_a, Role.ADMIN)
    page = OfficeClient(office_a, user=staff).get("/dashboard/").content.decode()
    tile = _tile(page, "messaging.staff_unread")
    assert '<div class="display-6">0</div>' in tile and "border-warning" not in tile
    with in_office(office_a):
        client = ClientFactory()
    panel = OfficeClient(office_a, user=client_user(office_a, client))
    assert panel.get("/dashboard/").status_code == 403
    assert "messaging.staff_unread" not in panel.get("/portal/").content.decode()


def test_panel_home_says_what_is_unread_instead_of_nothing_new(office_a):
    """The panel's sentence of what waits names the unread messages and links them; it said
    "Nothing new this week." beside the highlighted "Unread messages: 1" tile."""
    staff = staff_user(office_a)
    with in_office(office_a):
        client = ClientFactory(name="Zielona Łąka")
        started(actor=staff, client=client, subject="Welcome")
        started(actor=staff, client=client, subject="Price list")
    panel = OfficeClient(office_a, user=client_user(office_a, client))
    html = panel.get("/portal/").content.decode()
    summary = html[html.index('data-testid="panel-summary"') :].split("</p>")[0]
    assert "Nothing new this week." not in summary
    assert (
        'Waiting for you: <a href="/portal/messages/?unread=1" '
        'data-summary="messaging.unread">2 unread messages</a>.'
    ) in summary
