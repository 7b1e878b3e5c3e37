"""Every write of the invoices module."""

from modules.invoices.services.delivery import (
    invoice_filename,
    invoice_pdf_path,
    invoice_pdf_store,
    invoice_remind,
    invoices_deliver,
    invoices_remind_due,
)
from modules.invoices.services.einvoice import invoice_ubl_issue_check, invoice_ubl_path
from modules.invoices.services.invoices import (
    invoice_acceptance_answer,
    invoice_acceptance_request,
    invoice_correct,
    invoice_create,
    invoice_delete,
    invoice_issue,
    invoice_update,
    invoices_create_from_summaries,
    invoices_issue,
    invoices_overdue_mark,
    number_next,
    office_today,
    payment_record,
    settings_get,
    settings_update,
)

__all__ = [
    "invoice_acceptance_answer",
    "invoice_acceptance_request",
    "invoice_correct",
    "invoice_create",
    "invoice_delete",
    "invoice_filename",
    "invoice_issue",
    "invoice_pdf_path",
    "invoice_pdf_store",
    "invoice_remind",
    "invoice_ubl_issue_check",
    "invoice_ubl_path",
    "invoice_update",
    "invoices_create_from_summaries",
    "invoices_deliver",
    "invoices_issue",
    "invoices_overdue_mark",
    "invoices_remind_due",
    "number_next",
    "office_today",
    "payment_record",
    "settings_get",
    "settings_update",
]
