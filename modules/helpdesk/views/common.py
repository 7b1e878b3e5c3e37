"""What the staff and client views share: the one access check per view and uploads."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from common.exceptions import ApplicationError
from common.forms import form_service_errors
from common.uploads import form_uploads_keep
from modules.helpdesk import selectors
from modules.helpdesk.models import Request
from modules.helpdesk.policies import SYSTEM, access_level, actor_roles, can_work, request_actions
from modules.helpdesk.services import ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES, TRANSITIONS


@dataclass
class Access:
    request: Request
    level: str
    actions: set[str]
    staff: bool  # may see internal notes and internal costs
    can_work: bool


def request_access(http_request, request_id: int) -> Access:
    """The request as `http_request`'s person may see it, with what they may do; 404 when
    they may not see it (another company's, another office's, not theirs)."""
    membership = http_request.membership
    level = access_level(membership)
    row = selectors.request_get(membership=membership, request_id=request_id, level=level)
    if row is None:
        raise Http404
    return Access(
        request=row,
        level=level,
        actions=request_actions(membership=membership, level=level, request=row),
        staff=membership.is_staff_role,
        can_work=can_work(level),
    )


def stage_uploads(form, http_request, purpose: str, field: str = "attachments") -> list:
    """The form's files as the helpdesk takes them, the good ones kept across a re-show
    (common.uploads.form_uploads_keep: bound to this person and `purpose`, the form).
    Call on every POST after form.is_valid(); save only when the form has no errors."""
    return form_uploads_keep(
        form,
        field,
        kinds=ATTACHMENT_KINDS,
        max_bytes=ATTACHMENT_MAX_BYTES,
        person=http_request.user,
        purpose=purpose,
    )


def action_check(http_request, access: Access, action: str) -> None:
    """404 for an unknown action, 403 when the action is not this person's to take (by
    role; the service then refuses what the status does not allow, naming what it does)."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise Http404
    roles = actor_roles(
        membership=http_request.membership, level=access.level, request=access.request
    )
    if rule.by == SYSTEM or rule.by not in roles:
        raise PermissionDenied


def service_errors(form, exc) -> None:
    """A service's ApplicationError above the form; a ValidationError beside its fields."""
    if isinstance(exc, ApplicationError):
        form.add_error(None, exc.message)
    else:
        form_service_errors(form, exc)
