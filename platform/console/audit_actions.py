"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "office.suspended": _("Office suspended"),
    "office.reactivated": _("Office reactivated"),
    "support.access_started": _("Support access started"),
    "support.access_ended": _("Support access ended"),
}
