"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_ACTIONS = {
    "scanrequest.cancelled": _("Scan request cancelled"),
    "scanrequest.completed": _("Scan request fulfilled"),
    "scanrequest.created": _("Scan requested"),
    "scanrequests.client_access_changed": _("Client's access to scans changed"),
    "scanrequests.settings_changed": _("Scan request settings changed"),
}


# What the changes of an action name (common.audit.audit_changes_register). The target is
# the mail item; "scan_request" holds the request's status ("new" -> "completed").
_SCAN_REQUEST = {"scan_request": _("Scan request")}
_STATUS = {"fields": {"scan_request": "scanrequests.ScanRequest.status"}}
AUDIT_CHANGES = {
    "scanrequest.created": {
        "labels": {**_SCAN_REQUEST, "requested_by": _("Requested by")},
        **_STATUS,
    },
    "scanrequest.completed": {"labels": _SCAN_REQUEST, **_STATUS},
    "scanrequest.cancelled": {
        "labels": {**_SCAN_REQUEST, "reason": pgettext_lazy("explanation", "Reason")},
        **_STATUS,
    },
}
