"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "scanrequest.cancelled": _("Scan request cancelled"),
    "scanrequest.completed": _("Scan request fulfilled"),
    "scanrequest.created": _("Scan requested"),
    "scanrequests.client_access_changed": _("Client's access to scans changed"),
    "scanrequests.settings_changed": _("Scan request settings changed"),
}
