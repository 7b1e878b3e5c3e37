"""The request's life is ONE state machine (TRANSITIONS): every status change goes through
`request_transition`, which locks the row, checks the table, records the field history and the
audit entry in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_value
from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.helpdesk.models import (
    Reply,
    Request,
)
from modules.helpdesk.policies import APPROVER, REQUESTER, STAFF, SYSTEM
from modules.helpdesk.services.base import S, _check_version, _history, _label, _lock, _reply_add
from modules.helpdesk.services.billing import _quotes_bill
from modules.helpdesk.services.settings import settings_get


@dataclass(frozen=True)
class Rule:
    sources: frozenset
    target: str
    by: str  # policies.STAFF / APPROVER / REQUESTER / SYSTEM


def _rule(sources, target, by) -> Rule:
    return Rule(frozenset(sources), target, by)


OPEN = set(S.values) - {S.CLOSED}
TRANSITIONS: dict[str, Rule] = {
    "submit_for_approval": _rule({S.NEW, S.REOPENED}, S.WAITING_APPROVAL, STAFF),
    "approve": _rule({S.WAITING_APPROVAL}, S.APPROVED, APPROVER),
    "reject": _rule({S.WAITING_APPROVAL}, S.REJECTED, APPROVER),
    "decline": _rule({S.NEW, S.APPROVED, S.REOPENED}, S.REJECTED, STAFF),
    "start": _rule({S.NEW, S.APPROVED, S.REOPENED, S.WAITING_CLIENT}, S.IN_PROGRESS, STAFF),
    "ask_client": _rule({S.IN_PROGRESS}, S.WAITING_CLIENT, STAFF),
    "client_replied": _rule({S.WAITING_CLIENT}, S.IN_PROGRESS, SYSTEM),
    "send_quote": _rule(
        {S.NEW, S.APPROVED, S.IN_PROGRESS, S.REOPENED, S.WAITING_CLIENT}, S.WAITING_QUOTE, SYSTEM
    ),
    "quote_accepted": _rule({S.WAITING_QUOTE}, S.IN_PROGRESS, SYSTEM),
    "quote_declined": _rule({S.WAITING_QUOTE}, S.IN_PROGRESS, SYSTEM),
    "resolve": _rule({S.IN_PROGRESS, S.WAITING_CLIENT}, S.RESOLVED, STAFF),
    "accept": _rule({S.RESOLVED}, S.ACCEPTED, REQUESTER),
    "auto_accept": _rule({S.RESOLVED}, S.ACCEPTED, SYSTEM),
    "reopen": _rule({S.RESOLVED}, S.REOPENED, REQUESTER),
    "close": _rule(OPEN, S.CLOSED, STAFF),
    # Staff take a closed or rejected request up again (closed or declined by mistake, the
    # client came back): it is reopened, as a client's reopening leaves it.
    "restore": _rule({S.CLOSED, S.REJECTED}, S.REOPENED, STAFF),
}
# Actions staff confirm on a page saying what follows (the client's e-mail, quotes
# withdrawn) before they act: views.staff.transition_confirm_view.
CONFIRMED = ("close", "decline")
# Work may not start on a new request that needs approval before it is approved.
APPROVAL_GATED = {"start", "send_quote", "resolve"}


def transition_allowed(request: Request, action: str) -> bool:
    rule = TRANSITIONS[action]
    if request.status not in rule.sources:
        return False
    return not (action in APPROVAL_GATED and request.requires_approval and request.status == S.NEW)


def transition_refused_text(*, action: str, status: str, allowed: list[str]) -> str:
    """Why an action is refused, in the active language: "“Start work” is not possible while
    the request is closed. Possible now: nothing." (keys in, words out)."""
    names = transition_names()
    shown = sorted(names.get(a, a) for a in allowed)
    label = dict(S.choices).get(status, status)
    return _(
        "“%(action)s” is not possible while the request is %(status)s. Possible now: %(allowed)s."
    ) % {
        "action": names.get(action, action),
        "status": str(label).lower(),
        "allowed": ", ".join(shown) if shown else _("nothing"),
    }


def transition_names() -> dict[str, str]:
    return {
        "submit_for_approval": _("Ask for approval"),
        "approve": _("Approve"),
        "reject": _("Reject"),
        "decline": _("Decline the request"),
        "start": _("Start work"),
        "ask_client": _("Ask the client"),
        "client_replied": _("Client replied"),
        "send_quote": _("Send a quote"),
        "quote_accepted": _("Quote accepted"),
        "quote_declined": _("Quote declined"),
        "resolve": _("Resolve"),
        "accept": _("Accept"),
        "auto_accept": _("Accept automatically"),
        "reopen": _("Reopen"),
        "close": _("Close"),
        "restore": _("Reopen"),
    }


def _approver_check(request: Request) -> None:
    """Staff cannot approve a client's request (T2), so asking a company where nobody can
    approve would leave it waiting for good: refused, with what to do instead."""
    from modules.helpdesk.selectors import client_approver_exists

    if not client_approver_exists(client_id=request.client_id):
        raise ApplicationError(
            _(
                "Nobody at %(client)s can approve requests: none of its users has the "
                "“Approver / manager” level and nobody receives the approval e-mail. Set one "
                "in Administration > Helpdesk or switch the e-mail on for a contact, or work "
                "on the request without approval."
            )
            % {"client": request.client.name},
            code="no_approver",
        )


@transaction.atomic
def request_transition(
    *,
    request: Request,
    action: str,
    actor,
    comment: str = "",
    version: int | None = None,
    rating: int | None = None,
    actor_label: str = "",
    reply: Reply | None = None,
    watchers: bool = True,
    actor_address: str = "",
) -> Request:
    """Take one transition of the state machine. Refused with the allowed ones named when the
    current status does not allow it. The row lock makes two people acting at once take
    turns: the second sees the first one's status.

    What staff write with a change reaches the client in ONE e-mail (notifying.
    status_changed_notify): a `comment` of a staff action becomes a public reply, and so
    is `reply` (a staff reply that takes the change: `reply_create(then=...)`); the
    status e-mail is then that reply's, saying the new status (the resolved and approval
    e-mails quote it). A client's comment (approve, reject, reopen) is never e-mailed back
    to them. `watchers=False`: the caller tells the staff watchers itself, in one message
    with its reply (`reply_create(then=...)`). A client's own decision is not e-mailed back
    to the person who took it (their account's address, or `actor_address`: the e-mail
    link's recipient)."""
    if action not in TRANSITIONS:
        raise ApplicationError(_("Unknown action."), code="unknown_action")
    locked = _lock(request)
    _check_version(locked, version)
    if not transition_allowed(locked, action):
        refused = {
            "action": action,
            "status": locked.status,
            "allowed": [a for a in TRANSITIONS if transition_allowed(locked, a)],
        }
        # `extra`: the refusal as keys, for words written later in another language (the
        # e-mail intake keeps it as a quarantine reason: intake/reasons.py).
        raise ApplicationError(
            transition_refused_text(**refused), code="transition_refused", extra=refused
        )
    if action == "submit_for_approval" and locked.client_id:
        _approver_check(locked)
    if action == "accept" and rating is None:  # T5: the client's acceptance rates; only
        # the unanswered ones (auto_accept) go without, and are left out of the averages.
        raise ApplicationError(_("Choose a rating of the operator (1-5)."), code="rating_required")
    rule = TRANSITIONS[action]
    before = locked.status
    now = timezone.now()
    changes = {"status": [before, rule.target]}
    locked.status = rule.target
    if rule.target == S.RESOLVED:
        changes["resolved_at"] = [audit_value(locked.resolved_at), audit_value(now)]
        locked.resolved_at = now
    if rule.target == S.ACCEPTED:
        changes["accepted_at"] = [None, audit_value(now)]
        locked.accepted_at = now
        if rating is not None:
            changes["rating"] = [locked.rating, rating]
            locked.rating = rating
            if comment:
                changes["rating_comment"] = [locked.rating_comment, comment]
                locked.rating_comment = comment.strip()
    if action == "reopen":
        if not comment.strip():
            raise ApplicationError(_("Say why the request is reopened."), code="reason_required")
        changes["accepted_at"] = [audit_value(locked.accepted_at), None]
        locked.accepted_at = None
    if action == "restore" and locked.accepted_at is not None:
        changes["accepted_at"] = [audit_value(locked.accepted_at), None]
        locked.accepted_at = None
    locked.version += 1
    locked.full_clean(exclude=["number"])
    locked.save()
    _history(locked, actor=actor, changes=changes, actor_label=actor_label)
    audit_record(
        action=f"helpdesk.{action}",
        actor=actor,
        actor_label=actor_label[:254],
        target=locked,
        changes={**changes, **({"comment": [None, comment.strip()]} if comment.strip() else {})},
    )
    if rule.target in (S.CLOSED, S.REJECTED):
        _quotes_withdraw(request=locked, actor=actor, actor_label=actor_label)
    if rule.target == S.RESOLVED and locked.client_id:
        _quotes_bill(request=locked, actor=actor)
    from modules.helpdesk.sla import sla_status

    sla_status(request=locked, action=action, before=before)
    if rule.target == S.ACCEPTED and locked.client_id:
        from modules.helpdesk.worklog import worklog_bill_request  # issue 21: the work log

        worklog_bill_request(request=locked, actor=actor)
    said = reply if reply is not None and not reply.internal else None
    # The acceptance's comment is kept with the rating, a quote decision's with the quote
    # (shown under it): neither is repeated as a reply in the discussion.
    if comment.strip() and action not in ("accept", "quote_accepted", "quote_declined"):
        added = _reply_add(
            request=locked, actor=actor, body=comment, internal=False, label=actor_label
        )
        if rule.by == STAFF:
            said = added
    from modules.helpdesk.notifying import (
        client_decision_notify,
        status_changed_notify,
        watched_notify,
    )

    decided_by = ""
    if rule.by in (APPROVER, REQUESTER):
        decided_by = actor_address or (
            actor.email if actor is not None and actor.is_authenticated else ""
        )
    status_changed_notify(locked, action=action, before=before, reply=said, decided_by=decided_by)
    if action in CLIENT_DECISIONS and locked.client_id:
        client_decision_notify(
            locked,
            decision=lambda: _decision_words(action, rating=rating),
            author=actor_label or _label(actor),
            comment=comment,
        )
    elif watchers and action not in ("client_replied", "quote_accepted", "quote_declined"):
        # the client's reply told them already; a quote's decision is told by quote_decide
        watched_notify(
            locked,
            change=locked.get_status_display,
            exclude={actor.pk} if actor is not None and actor.is_authenticated else (),
            reply=comment.strip(),
        )
    return locked


def _quotes_withdraw(*, request: Request, actor, actor_label: str = "") -> None:
    """A request closed or rejected with a quote still waiting for the client: the quote is
    withdrawn (it can no longer be accepted, and it no longer reads "Sent"), in the
    request's history and the audit log."""
    from modules.helpdesk.models import Quote

    waiting = list(
        Quote.objects.select_for_update(of=("self",)).filter(
            request=request, status=Quote.Status.SENT
        )
    )
    if not waiting:
        return
    now = timezone.now()
    label = (actor_label or _label(actor))[:254]
    for quote in waiting:
        quote.status = Quote.Status.WITHDRAWN
        quote.decided_at, quote.decided_by_label = now, label
        quote.save(update_fields=["status", "decided_at", "decided_by_label", "updated_at"])
        audit_record(
            action="helpdesk.quote_withdrawn",
            actor=actor,
            actor_label=actor_label[:254],
            target=request,
            changes={"quote": [Quote.Status.SENT, Quote.Status.WITHDRAWN]},
        )
    _history(
        request,
        actor=actor,
        actor_label=actor_label,
        changes={
            f"quote {quote.pk}": [Quote.Status.SENT, Quote.Status.WITHDRAWN] for quote in waiting
        },
    )


# The client's decisions the office is told of (helpdesk.client_decision), in each staff
# recipient's language; quote decisions are told by quote_decide.
CLIENT_DECISIONS = ("approve", "reject", "accept", "reopen")


def _decision_words(action: str, *, rating: int | None = None) -> str:
    if action == "accept":
        if rating is None:
            return _("Result accepted")
        return _("Result accepted, rating %(rating)s/5") % {"rating": rating}
    return {
        "approve": _("Request approved"),
        "reject": _("Request rejected by the approver"),
        "reopen": _("Request reopened"),
    }[action]


@transaction.atomic
def requests_auto_accept(*, now: dt.datetime | None = None) -> int:
    """Resolved requests the client did not answer for the office's N days are accepted
    without a rating (T5). Idempotent; run daily."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings_get().auto_accept_days)
    due = list(
        Request.objects.select_for_update(skip_locked=True)
        .filter(status=S.RESOLVED, resolved_at__lte=limit)
        .order_by("pk")[:500]
    )
    for request in due:
        request_transition(request=request, action="auto_accept", actor=None)
    return len(due)
