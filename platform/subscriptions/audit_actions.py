"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "subscription.checkout_started": _("Plan payment started"),
    "subscription.status_changed": _("Subscription status changed"),
}

# The Checkout session's id is kept to log one start per session; it says nothing to a person.
AUDIT_CHANGES = {"subscription.checkout_started": {"hidden": ("session",)}}
