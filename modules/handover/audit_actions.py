"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_ACTIONS = {
    "handover.recorded": _("Mail handed over"),
    "handover.settings_changed": _("Hand-over settings changed"),
}


# What the changes of an action name (common.audit.audit_changes_register).
AUDIT_CHANGES = {
    "handover.recorded": {
        "labels": {
            "items": _("Items"),
            "person": _("Person"),
            "forwarding": pgettext_lazy("hand-over way", "Forwarding"),
        },
        "lists": ("items", "clients"),
    },
}
