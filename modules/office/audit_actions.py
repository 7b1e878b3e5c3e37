"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "office.updated": _("Office details changed"),
    "office.details_changed": _("Office details changed"),
    "office.onboarding_changed": _("Getting-started checklist shown or hidden"),
}
