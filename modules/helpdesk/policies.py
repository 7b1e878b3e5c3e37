"""Who may do what in the helpdesk (T12), in one place: selectors narrow the rows, views ask
`request_actions` once, services keep the state machine."""

from __future__ import annotations

from modules.helpdesk.models import Access, Request

STAFF_LEVELS = (Access.Level.AGENT, Access.Level.SUPERVISOR, Access.Level.READ_ONLY)
CLIENT_LEVELS = (Access.Level.REQUESTER, Access.Level.MANAGER)

# Who takes each transition: the office's staff (agents and supervisors), the approver
# (the client's manager or a user receiving its approval e-mail; a supervisor for internal
# requests), or the requester's side (the
# client's users; the requester for internal requests).
STAFF, APPROVER, REQUESTER, SYSTEM = "staff", "approver", "requester", "system"


def access_level(membership) -> str | None:
    """The person's helpdesk level in this office (None: no membership)."""
    if membership is None:
        return None
    if membership.is_staff_role:
        row = Access.objects.filter(user_id=membership.user_id, client__isnull=True).first()
        if row is not None:
            return row.level
        return Access.Level.SUPERVISOR if membership.is_admin_role else Access.Level.AGENT
    row = Access.objects.filter(user_id=membership.user_id, client_id=membership.client_id).first()
    return row.level if row is not None else Access.Level.REQUESTER


def can_work(level: str | None) -> bool:
    return level in (Access.Level.AGENT, Access.Level.SUPERVISOR)


def is_client_side(level: str | None) -> bool:
    return level in CLIENT_LEVELS


def actor_roles(*, membership, level: str | None, request: Request) -> set[str]:
    """The roles of `membership` on one request it can see."""
    roles: set[str] = set()
    if can_work(level):
        roles.add(STAFF)
    if request.client_id is None:
        if level == Access.Level.SUPERVISOR:
            roles.add(APPROVER)
        if request.requester_id == membership.user_id:
            roles.add(REQUESTER)
        return roles
    if is_client_side(level) and membership.client_id == request.client_id:
        roles.add(REQUESTER)
        if level == Access.Level.MANAGER or _approves_by_email(membership, request):
            roles.add(APPROVER)
    return roles


def _approves_by_email(membership, request: Request) -> bool:
    """A client user who gets the company's approval e-mail approves with its personal link;
    signed in to the panel with that address they approve there too (asked only while the
    request waits for approval: one query then, none otherwise)."""
    from modules.helpdesk.selectors import approval_email_recipient

    if request.status != Request.Status.WAITING_APPROVAL:
        return False
    return approval_email_recipient(email=membership.user.email, client_id=request.client_id)


def request_actions(*, membership, level: str | None, request: Request) -> set[str]:
    """The transitions `membership` may take on `request` now."""
    from modules.helpdesk.services import TRANSITIONS, transition_allowed

    roles = actor_roles(membership=membership, level=level, request=request)
    return {
        name
        for name, rule in TRANSITIONS.items()
        if rule.by in roles and transition_allowed(request, name)
    }
