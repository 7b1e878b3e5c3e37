from django.conf import settings

from modules.helpdesk.models import Change, Reply, Request
from modules.helpdesk.services import request_transition
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised
from tests.modules.notifications.factories import email_recipient


def _web(office, user) -> OfficeClient:
    web = OfficeClient(office, user=user)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return web


def _waiting(office, staff):
    """A request of the requester's, waiting for approval; `approver` (a requester-level
    user too) receives the company's approval e-mail, `plain` does not."""
    with in_office(office):
        client = ClientFactory(name="Tatra Sídlo")
    approver = client_user(office, client)
    plain = client_user(office, client)
    with in_office(office):
        email_recipient(
            client_id=client.pk,
            address=approver.email.upper(),  # the address as typed on the card
            language="en",
            events=["helpdesk.approval_needed"],
        )
        mine = raised(client=client, actor=approver, subject="Seat confirmation")
        theirs = raised(client=client, actor=plain, subject="Seat confirmation 2")
        for row in (mine, theirs):
            request_transition(request=row, action="submit_for_approval", actor=staff)
    return client, approver, plain, mine, theirs


def _status(office, pk) -> str:
    with in_office(office):
        return Request.objects.get(pk=pk).status


def test_an_approval_email_recipient_approves_in_the_panel(office_a, staff_a):
    _client, approver, _plain, mine, _theirs = _waiting(office_a, staff_a)
    web = _web(office_a, approver)
    page = web.get(f"/portal/helpdesk/{mine.pk}/").content.decode()
    assert 'data-testid="approval-box"' in page
    response = web.post(
        f"/portal/helpdesk/{mine.pk}/status/", {"action": "approve", "comment": "Áno, prosím"}
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert Request.objects.get(pk=mine.pk).status == "approved"
        change = Change.objects.filter(request_id=mine.pk, field="status").latest("pk")
        assert (change.old, change.new, change.actor_id) == (
            "waiting_approval",
            "approved",
            approver.pk,
        )
        assert Reply.objects.get(request_id=mine.pk).body == "Áno, prosím"
    after = web.get(f"/portal/helpdesk/{mine.pk}/").content.decode()
    assert 'data-testid="approval-box"' not in after


def test_an_approval_email_recipient_rejects_in_the_panel_without_a_reason(office_a, staff_a):
    _client, approver, _plain, mine, _theirs = _waiting(office_a, staff_a)
    response = _web(office_a, approver).post(
        f"/portal/helpdesk/{mine.pk}/status/", {"action": "reject"}
    )
    assert response.status_code == 302
    assert _status(office_a, mine.pk) == "rejected"


def test_panel_approval_permission_matrix(office_a, staff_a):
    _client, _approver, plain, mine, theirs = _waiting(office_a, staff_a)
    path = f"/portal/helpdesk/{theirs.pk}/status/"
    # the plain requester does not see the approver's request at all
    assert _web(office_a, plain).get(f"/portal/helpdesk/{mine.pk}/").status_code == 404
    assert (
        _web(office_a, plain)
        .post(f"/portal/helpdesk/{mine.pk}/status/", {"action": "approve"})
        .status_code
        == 404
    )
    # the requester without the approval right: no box, the action refused
    page = _web(office_a, plain).get(f"/portal/helpdesk/{theirs.pk}/").content.decode()
    assert 'data-testid="approval-box"' not in page
    assert _web(office_a, plain).post(path, {"action": "approve"}).status_code == 403
    # another client's user: not found
    with in_office(office_a):
        other = ClientFactory(name="Iná firma")
    stranger = client_user(office_a, other)
    assert _web(office_a, stranger).post(path, {"action": "approve"}).status_code == 404
    # staff cannot approve a client's request, neither here nor on the staff page
    assert _web(office_a, staff_a).post(path, {"action": "approve"}).status_code in (403, 404)
    staff_page = _web(office_a, staff_a).post(
        f"/helpdesk/{theirs.pk}/status/", {"action": "approve"}
    )
    assert staff_page.status_code == 403
    assert _status(office_a, theirs.pk) == "waiting_approval"


def test_a_former_approval_recipient_no_longer_approves(office_a, staff_a):
    from modules.notifications.models import NotificationRecipient

    _client, approver, _plain, mine, _theirs = _waiting(office_a, staff_a)
    with in_office(office_a):
        NotificationRecipient.objects.filter(address__iexact=approver.email).update(is_active=False)
    response = _web(office_a, approver).post(
        f"/portal/helpdesk/{mine.pk}/status/", {"action": "approve"}
    )
    assert response.status_code == 403
    assert _status(office_a, mine.pk) == "waiting_approval"


def test_an_approval_email_recipient_approves_a_colleagues_request_while_it_waits(
    office_a, staff_a
):
    _client, approver, plain, _mine, theirs = _waiting(office_a, staff_a)
    web = _web(office_a, approver)
    listed = web.get("/portal/helpdesk/").content.decode()
    assert "Seat confirmation 2" in listed
    page = web.get(f"/portal/helpdesk/{theirs.pk}/").content.decode()
    assert 'data-testid="approval-box"' in page
    assert 'data-testid="reply-form"' in page
    response = web.post(f"/portal/helpdesk/{theirs.pk}/status/", {"action": "approve"})
    assert response.status_code == 302
    assert response["Location"] == "/portal/helpdesk/"  # no longer theirs to see
    assert _status(office_a, theirs.pk) == "approved"
    assert web.get(f"/portal/helpdesk/{theirs.pk}/").status_code == 404
    # the colleague who raised it still sees it; the plain requester never saw others'
    assert _web(office_a, plain).get(f"/portal/helpdesk/{theirs.pk}/").status_code == 200
