import itertools

import pytest

from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.helpdesk.models import Change, Request
from modules.helpdesk.services import TRANSITIONS, request_transition, transition_allowed
from tests.modules.helpdesk.factories import raised
from tests.modules.notifications.factories import email_recipient

S = Request.Status

# The whole table written out once more, by hand: a change to TRANSITIONS must change this.
EXPECTED = {
    "submit_for_approval": ({S.NEW, S.REOPENED}, S.WAITING_APPROVAL),
    "approve": ({S.WAITING_APPROVAL}, S.APPROVED),
    "reject": ({S.WAITING_APPROVAL}, S.REJECTED),
    "decline": ({S.NEW, S.APPROVED, S.REOPENED}, S.REJECTED),
    "start": ({S.NEW, S.APPROVED, S.REOPENED, S.WAITING_CLIENT}, S.IN_PROGRESS),
    "ask_client": ({S.IN_PROGRESS}, S.WAITING_CLIENT),
    "client_replied": ({S.WAITING_CLIENT}, S.IN_PROGRESS),
    "send_quote": (
        {S.NEW, S.APPROVED, S.IN_PROGRESS, S.REOPENED, S.WAITING_CLIENT},
        S.WAITING_QUOTE,
    ),
    "quote_accepted": ({S.WAITING_QUOTE}, S.IN_PROGRESS),
    "quote_declined": ({S.WAITING_QUOTE}, S.IN_PROGRESS),
    "resolve": ({S.IN_PROGRESS, S.WAITING_CLIENT}, S.RESOLVED),
    "accept": ({S.RESOLVED}, S.ACCEPTED),
    "auto_accept": ({S.RESOLVED}, S.ACCEPTED),
    "reopen": ({S.RESOLVED}, S.REOPENED),
    "close": (set(S.values) - {S.CLOSED}, S.CLOSED),
    "restore": ({S.CLOSED, S.REJECTED}, S.REOPENED),
}


def test_the_table_is_the_expected_one():
    assert {name: (set(r.sources), r.target) for name, r in TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize(
    ("action", "status"), list(itertools.product(sorted(EXPECTED), sorted(S.values)))
)
def test_every_action_from_every_status(in_office_a, staff_a, action, status):
    request = raised(actor=staff_a)
    # the company has somebody to approve (a company without is refused: test_flows)
    email_recipient(client_id=request.client_id, events=["helpdesk.approval_needed"])
    Request.objects.filter(pk=request.pk).update(status=status)
    request.refresh_from_db()
    sources, target = EXPECTED[action]
    changes_before = Change.objects.filter(request=request).count()
    audits_before = AuditEntry.objects.count()
    if status in sources:
        rating = 4 if action == "accept" else None  # a client's acceptance rates (T5)
        done = request_transition(
            request=request, action=action, actor=staff_a, comment="because", rating=rating
        )
        assert done.status == target
        assert Request.objects.get(pk=request.pk).status == target
        change = Change.objects.filter(request=request, field="status").latest("pk")
        assert (change.old, change.new) == (status, target)
        assert AuditEntry.objects.filter(action=f"helpdesk.{action}").count() == 1
    else:
        with pytest.raises(ApplicationError) as exc:
            request_transition(request=request, action=action, actor=staff_a)
        assert exc.value.code == "transition_refused"
        assert "Possible now:" in exc.value.message
        assert Request.objects.get(pk=request.pk).status == status
        assert Change.objects.filter(request=request).count() == changes_before
        assert AuditEntry.objects.count() == audits_before


def test_refusal_names_the_allowed_ones(in_office_a, staff_a):
    request = raised(actor=staff_a)
    with pytest.raises(ApplicationError) as exc:
        request_transition(request=request, action="accept", actor=staff_a)
    assert exc.value.message == (
        "“Accept” is not possible while the request is new. Possible now: Ask for approval, "
        "Close, Decline the request, Send a quote, Start work."
    )


def test_work_cannot_start_before_approval(in_office_a, staff_a):
    request = raised(actor=staff_a)
    Request.objects.filter(pk=request.pk).update(requires_approval=True)
    request.refresh_from_db()
    assert not transition_allowed(request, "start")
    assert not transition_allowed(request, "send_quote")
    with pytest.raises(ApplicationError):
        request_transition(request=request, action="start", actor=staff_a)
    assert Request.objects.get(pk=request.pk).status == S.NEW


def test_stale_version_is_refused(in_office_a, staff_a):
    request = raised(actor=staff_a)
    request_transition(request=request, action="start", actor=staff_a, version=1)
    with pytest.raises(ApplicationError) as exc:
        request_transition(request=request, action="close", actor=staff_a, version=1)
    assert exc.value.code == "stale"
    assert Request.objects.get(pk=request.pk).status == S.IN_PROGRESS


def test_reopen_needs_a_reason(in_office_a, staff_a):
    request = raised(actor=staff_a)
    Request.objects.filter(pk=request.pk).update(status=S.RESOLVED)
    with pytest.raises(ApplicationError) as exc:
        request_transition(request=request, action="reopen", actor=staff_a, comment=" ")
    assert exc.value.code == "reason_required"
    assert Request.objects.get(pk=request.pk).status == S.RESOLVED
