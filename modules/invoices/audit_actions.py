from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "invoices.settings_changed": _("Invoice settings changed"),
    "invoices.draft_created": _("Draft invoice created"),
    "invoices.draft_changed": _("Draft invoice changed"),
    "invoices.draft_deleted": _("Draft invoice deleted"),
    "invoices.issued": _("Invoice issued"),
    "invoices.payment_recorded": _("Payment recorded"),
    "invoices.payment_deleted": _("Payment removed"),
    "invoices.correction_created": _("Correction invoice created"),
    "invoices.reminded": _("Payment reminder sent"),
    "invoices.ksef_connected": _("KSeF connected"),
    "invoices.ksef_certificate_saved": _("KSeF certificate saved"),
    "invoices.ksef_certificate_removed": _("KSeF certificate removed"),
    "invoices.acceptance_requested": _("Draft sent to the client for acceptance"),
    "invoices.accepted_by_client": _("Draft accepted by the client"),
    "invoices.rejected_by_client": _("Draft rejected by the client"),
    "invoices.ksef_resent": _("Invoice sent to KSeF again"),
}


# What the changes of an action name (common.audit.audit_changes_register).
AUDIT_CHANGES = {
    "invoices.draft_created": {"labels": {"client": _("Client")}},
    "invoices.ksef_certificate_saved": {
        "labels": {"certificate": _("Certificate"), "valid_to": _("Valid to")}
    },
    "invoices.ksef_connected": {"labels": {"token": _("Token")}},
    "invoices.payment_recorded": {"labels": {"amount": _("Amount"), "date": _("Date")}},
    "invoices.payment_deleted": {
        "labels": {"amount": _("Amount"), "date": _("Date"), "status": _("Status")}
    },
}
