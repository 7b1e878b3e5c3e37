"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "billing.package_assigned": _("Package assigned to a client"),
    "billing.package_changed": _("Package changed"),
    "billing.package_created": _("Package created"),
    "billing.period_closed": _("Billing month closed"),
    "billing.periods_closed": _("Billing month closed for every client"),
    "billing.period_reopened": _("Billing month reopened"),
    "billing.service_changed": _("Additional service changed"),
    "billing.service_created": _("Additional service created"),
    "billing.settings_changed": _("Settlement settings changed"),
    "billing.usage_deleted": _("Usage record deleted"),
    "billing.usage_recorded": _("Usage recorded"),
}


# What the changes of an action name (common.audit.audit_changes_register).
# `money`: amounts shown with the office's currency ("0,00 zł"), not as bare numbers.
_TERM_AMOUNTS = (
    "price",
    "scan_default_cost",
    "over_mail_items",
    "over_scans",
    "over_pages",
    "over_room_hours",
    "over_forwarding",
)
AUDIT_CHANGES = {
    "billing.package_assigned": {"model": "billing.Assignment", "money": _TERM_AMOUNTS},
    "billing.period_closed": {
        "model": "billing.PeriodClose",
        "labels": {"net": _("Net"), "gross": _("Gross")},
        "money": ("net", "gross"),
        "months": ("period",),
    },
    # The month closed for every client: how many clients each count is, in words (they
    # read "Closed", "Already closed", "Failed" in English on a Polish audit log before).
    "billing.periods_closed": {
        "model": "billing.PeriodClose",
        "labels": {
            "closed": _("Clients closed"),
            "already_closed": _("Clients already closed"),
            "failed": _("Clients not closed (failed)"),
        },
        "months": ("period",),
    },
    "billing.period_reopened": {
        "model": "billing.PeriodClose",
        "labels": {"net": _("Net"), "gross": _("Gross")},
        "money": ("net", "gross"),
        "months": ("period",),
    },
    "billing.usage_recorded": {
        "model": "billing.UsageRecord",
        "labels": {"unit_price": _("Unit price"), "late": _("Recorded late")},
        "hidden": ("usage",),
        "money": ("unit_price",),
        "months": ("period",),
    },
}
