"""What this app's audit log actions say to a person (common.audit)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "messaging.conversation_started": _("Conversation started"),
    "messaging.announcement_sent": _("Announcement sent"),
}
