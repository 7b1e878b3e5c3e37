"""The lists of pending invitations' buttons, "Send again" and "Cancel", for the views that
show such a list: Administration > Team (modules/office) and a client's Users tab
(modules/clients). Each view finds the invitation in its list's scope
(accounts.selectors.invitation_pending_list) under its own access level, then runs this.
Kept apart from accounts.views, whose imports (the console's second factor) modules may not
follow."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.models import Invitation
from accounts.services import invitation_cancel, invitation_resend
from common.exceptions import ApplicationError

# "Send again" and "Cancel" of a pending invitation, by their URL's last segment.
INVITATION_ACTIONS = {"send-again": invitation_resend, "cancel": invitation_cancel}


def invitation_action_run(
    request: HttpRequest, invitation: Invitation, action: str, *, audit_target=None
) -> None:
    """One of INVITATION_ACTIONS on a pending invitation the caller found in its list's scope
    (accounts.selectors.invitation_pending_list) and may manage, with its message: for the
    Team page (modules/office) and a client's Users tab (modules/clients, which gives the
    company as `audit_target`: its History tab lists the entry). Any other action is a page
    that does not exist."""
    if action not in INVITATION_ACTIONS:
        raise Http404
    try:
        INVITATION_ACTIONS[action](
            invitation=invitation, actor=request.user, audit_target=audit_target
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return
    done = {
        "send-again": _("Invitation sent again to %(email)s."),
        "cancel": _("Invitation for %(email)s cancelled."),
    }[action]
    messages.success(request, done % {"email": invitation.email})
