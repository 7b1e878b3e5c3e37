"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "mail.client_notify_default_set": _("Client's default notification changed"),
    "mail.handed_over": _("Item handed over"),
    "mail.inbox_discarded": _("Scanner file discarded"),
    "mail.registered": _("Mail registered"),
    "mail.scan_added": _("Scan added"),
    "mail.scan_deleted": _("Scan removed"),
    "mail.scanner_created": _("Scanner account created"),
    "mail.scanner_updated": _("Scanner account changed"),
    "mail.status_changed": _("Mail status changed"),
    "mail.status_saved": _("Mail status list changed"),
    "mail.type_saved": _("Mail type list changed"),
    "mail.updated": _("Item details changed"),
    "mail.settings_updated": _("Mail settings changed"),
}


# What the changes of an action name (common.audit.audit_changes_register).
AUDIT_CHANGES = {
    # The additional cost (M9) reads as an amount in the office's currency ("12,50 zł"), as
    # the form, the e-mail and the client panel say it, not as a bare decimal ("12,5").
    "mail.registered": {"money": ("additional_cost",)},
    "mail.updated": {"money": ("additional_cost",)},
    "mail.handed_over": {"labels": {"handover": _("Hand-over")}},
    "mail.scan_added": {"labels": {"scans": _("Scans")}},
}
