"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "invitation.accepted": _("Invitation accepted"),
    "invitation.cancelled": _("Invitation cancelled"),
    "invitation.created": _("Invitation sent"),
    "invitation.resent": _("Invitation sent again"),
    "membership.deactivated": _("Team member removed"),
    "membership.role_changed": _("Team member's role changed"),
    "office.created": _("Office created"),
}

# Sent again or cancelled from a client's Users tab, the entry is about the company (its
# History lists it), but its changes are still the invitation's fields.
AUDIT_CHANGES = {
    action: {"model": "accounts.Invitation"}
    for action in ("invitation.resent", "invitation.cancelled")
}
