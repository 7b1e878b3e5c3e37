import pytest

from accounts.models import Role
from modules.helpdesk.intake import services as intake
from modules.helpdesk.models import Access, InboundEmail, Request
from modules.helpdesk.services import access_set
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.intake_helpers import corpus, made

pytestmark = pytest.mark.django_db
E = InboundEmail.Status
URL = "/api/v1/helpdesk/emails/"


def _received(office):
    with in_office(office):
        triage = intake.email_receive(raw=made(sender="nowy@example.com", message_id="t@1"))
        quarantined = intake.email_receive(raw=corpus("broken_mime.eml"))
    return triage, quarantined


def test_triage_and_quarantine_are_listed_and_decided_through_the_api(office_a, staff_a):
    triage, quarantined = _received(office_a)
    with in_office(office_a):
        client = ClientFactory(name="Wybrana")
    web = OfficeClient(office_a, user=staff_a)
    listed = web.get(URL).json()["results"]
    assert [(row["id"], row["status"], row["sender"]) for row in listed] == [
        (triage.pk, "triage", "nowy@example.com")
    ]
    held = web.get(URL, {"status": "quarantine"}).json()["results"]
    assert [row["id"] for row in held] == [quarantined.pk]
    assert held[0]["reason"].startswith("Broken MIME structure (")
    assigned = web.post(f"{URL}{triage.pk}/assign/", {"client": client.pk}, "application/json")
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["status"] == "raised"
    with in_office(office_a):
        raised = Request.objects.get()
        assert (raised.pk, raised.client_id, raised.source) == (
            assigned.json()["request"],
            client.pk,
            "email",
        )
    again = web.post(f"{URL}{triage.pk}/discard/")
    assert again.status_code == 400
    assert again.json()["code"] == "decided"
    retried = web.post(f"{URL}{quarantined.pk}/retry/")
    assert (retried.status_code, retried.json()["status"]) == (200, "quarantine")
    assert web.post(f"{URL}{quarantined.pk}/discard/").json()["status"] == "discarded"
    assert web.get(URL).json()["results"] == []


def test_intake_api_permission_matrix_read_only_and_isolation(office_a, office_b):
    triage, quarantined = _received(office_a)
    with in_office(office_a):
        client = ClientFactory()
        reader = member(office_a, Role.STAFF)
        access_set(actor=None, user_id=reader.pk, level=Access.Level.READ_ONLY)

    def unchanged():
        statuses = dict(InboundEmail.objects.values_list("pk", "status"))
        return statuses == {triage.pk: E.TRIAGE, quarantined.pk: E.QUARANTINE} and (
            not Request.objects.exists()
        )

    workers = dict.fromkeys(("staff", "admin", "owner"), 200)
    read = workers | {"anonymous": 401, "client": 403, "other_office": 403}
    check_permission_matrix(office_a, office_b, "get", URL, expect=read)
    for path, data in (
        (f"{URL}{triage.pk}/assign/", {"client": client.pk}),
        (f"{URL}{triage.pk}/discard/", {}),
        (f"{URL}{quarantined.pk}/retry/", {}),
    ):
        check_permission_matrix(
            office_a,
            office_b,
            "post",
            path,
            data=data,
            expect={"anonymous": 401, "client": 403, "other_office": 403},
            unchanged=unchanged,
            content_type="application/json",
        )
        check_cross_office(office_a, office_b, "post", path, data=data, unchanged=unchanged)
    read_only = OfficeClient(office_a, user=reader)
    assert read_only.get(URL).status_code == 403
    assert read_only.post(f"{URL}{triage.pk}/discard/").status_code == 403
    check_cross_office(office_a, office_b, "get", f"{URL}{triage.pk}/")
    with in_office(office_a):
        assert unchanged()
