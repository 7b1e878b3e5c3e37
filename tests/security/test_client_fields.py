import pytest

from accounts.access import MEMBER
from accounts.models import Role
from common.api import OfficeApi
from tests.helpers.offices import OfficeClient, in_office, member
from tests.helpers.urls import office_routes
from tests.modules.clients.factories import AddressFactory, ClientFactory, ContactFactory
from tests.modules.mail.factories import item_register

pytestmark = pytest.mark.django_db

# What a client user of a company sees of each API that lets them in, field by field. A field
# added to one of these serializers fails the walk below until it is decided here.
DECIDED = {
    "MeApi": {"visible": {"email", "full_name", "role", "office"}, "hidden": set()},
    "ClientViewSet": {
        "visible": {
            "id", "name", "legal_form", "code", "country", "nip", "regon", "krs", "ico",
            "dic", "ic_dph", "vat_number", "email", "phone", "language", "status", "addresses",
            "contacts",
            "contract_start", "contract_end", "created_at", "updated_at",
        },
        "hidden": {"notes"},  # the office's internal notes about the company
    },
    "MailItemViewSet": {"visible": None, "hidden": {"notes"}},  # None: everything else
    "MailScanViewSet": {"visible": None, "hidden": set()},
    # P3: the company's own month "as the office sees it", when the office switched it on.
    "SummaryApi": {"visible": None, "hidden": set()},
    # The same for a quarter or range: its months as the summaries above (tests/modules/billing).
    "SpanApi": {"visible": None, "hidden": set()},
    # Replies without internal notes, quotes without the internal cost: tests/modules/helpdesk.
    "RequestViewSet": {"visible": None, "hidden": {"assignee", "team"}},
    # Shared documents only (tests/modules/documents); how and by whom they were made stays
    # with the office.
    "DocumentViewSet": {
        "visible": {"id", "number", "title", "client", "version", "created_at", "download_url"},
        "hidden": {"source", "template", "shared", "shared_at", "updated_at"},
    },
    # The company's issued invoices as printed; KSeF's working state stays with the office.
    "InvoiceViewSet": {"visible": None, "hidden": {"client", "ksef_status", "ksef_error"}},
    # Rooms: the office's own settings of a room (inactive flag, buffer, visitors' price) stay
    # hidden; a client user's bookings are their company's own (tests/modules/rooms).
    "RoomViewSet": {"visible": None, "hidden": {"active", "buffer_minutes", "public_price_hour"}},
    "BookingViewSet": {"visible": None, "hidden": set()},
    # Messages without internal notes (tests/modules/messaging); the office's own counters.
    "ConversationViewSet": {
        "visible": None, "hidden": {"started_by_client", "announcement", "staff_unread"},
    },
}  # fmt: skip


def _api_views():
    for route, callback in office_routes():
        view = getattr(callback, "cls", None)
        if route.startswith("api/v1/") and view is not None and issubclass(view, OfficeApi):
            yield view


def test_every_field_a_client_user_may_read_was_decided():
    member_views = {view for view in _api_views() if view.office_access == MEMBER}
    assert {view.__name__ for view in member_views} == set(DECIDED)
    for view in member_views:
        fields = set(view.serializer_class().fields)
        decision = DECIDED[view.__name__]
        visible = decision["visible"]
        if visible is None:
            visible = fields - decision["hidden"]
        assert visible | decision["hidden"] == fields, view.__name__
        assert set(view.client_fields) == visible, view.__name__


def _keys(data) -> set[str]:
    return set(data) if isinstance(data, dict) else set()


def test_a_client_user_reads_exactly_the_decided_fields(office_a):
    with in_office(office_a):
        company = ClientFactory(notes="Zalega z fakturami - tajne")
        AddressFactory(client=company)
        ContactFactory(client=company)
        item = item_register(client=company, notes="Wewnętrzna uwaga", scans=["a.pdf"])
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    web = OfficeClient(office_a, user=user)
    client_visible = DECIDED["ClientViewSet"]["visible"]
    listed = web.get("/api/v1/clients/").json()["results"]
    assert [_keys(row) for row in listed] == [client_visible]
    assert _keys(web.get(f"/api/v1/clients/{company.pk}/").json()) == client_visible
    items = web.get("/api/v1/mail/").json()["results"]
    assert [row["id"] for row in items] == [item.pk]
    assert "notes" not in items[0]
    assert "notes" not in web.get(f"/api/v1/mail/{item.pk}/").json()
    body = web.get("/api/v1/clients/").content.decode() + web.get("/api/v1/mail/").content.decode()
    assert "tajne" not in body and "Wewnętrzna" not in body


def test_a_client_users_search_does_not_match_the_office_notes(office_a):
    with in_office(office_a):
        company = ClientFactory(name="Jasna Firma", notes="dłużnik windykacja")
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    web = OfficeClient(office_a, user=user)
    assert web.get("/api/v1/clients/", {"q": "windykacja"}).json()["results"] == []
    assert [r["id"] for r in web.get("/api/v1/clients/", {"q": "jasna"}).json()["results"]] == [
        company.pk
    ]
