"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "notifications.recipient_added": _("Notification recipient added"),
    "notifications.recipient_changed": _("Notification recipient changed"),
    "notifications.recipient_removed": _("Notification recipient removed"),
    "notifications.recipients_imported": _("Notification recipients imported"),
    "notifications.resent": _("Notification sent again"),
    "notifications.unsubscribed": _("Recipient unsubscribed from a notification"),
    "notifications.template_reset": _("Message template restored"),
    "notifications.template_saved": _("Message template changed"),
    "notifications.template_kept": _("Own message template kept over a new default"),
    "notifications.settings_changed": _("Notification settings changed"),
}


# What the changes of an action name (common.audit.audit_changes_register).
AUDIT_CHANGES = {
    "notifications.recipients_imported": {"labels": {"count": _("Recipients added")}},
}
