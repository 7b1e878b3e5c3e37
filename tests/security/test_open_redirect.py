import pytest

from tests.helpers.offices import in_office
from tests.modules.mail.factories import item_register, status

pytestmark = pytest.mark.django_db

FOREIGN = [
    "//evil.example/x",
    "https://evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("back", FOREIGN)
def test_the_bulk_status_change_never_leads_off_the_office(office_a, client_a, back):
    with in_office(office_a):
        item = item_register()
        scanned = status("scanned").pk
    data = {"items": [item.pk], "status": scanned, "back": back}
    done = client_a.post("/mail/bulk-status/", data)
    assert (done.status_code, done["Location"]) == (302, "/mail/")
    refused = client_a.post("/mail/bulk-status/", {"items": [], "back": back})
    assert (refused.status_code, refused["Location"]) == (302, "/mail/")


def test_the_bulk_status_change_returns_to_this_offices_page(office_a, client_a):
    refused = client_a.post("/mail/bulk-status/", {"items": [], "back": "/mail/?status=open"})
    assert refused["Location"] == "/mail/?status=open"
