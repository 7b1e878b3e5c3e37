"""What this app's audit log actions say to a person (common.audit)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "messaging.conversation_started": _("Conversation started"),
    "messaging.announcement_sent": _("Announcement sent"),
}


# What the changes of an action name (common.audit.audit_changes_register).
AUDIT_CHANGES = {
    "messaging.announcement_sent": {"labels": {"recipients": _("Recipients")}},
}
