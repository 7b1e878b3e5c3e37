"""The invoice's files as HTTP responses, for the views and the API that have already
authorised the person (staff, the client's own company)."""

from __future__ import annotations

from django.http import FileResponse

from common.storage import office_file_response
from modules.invoices.models import Invoice
from modules.invoices.services import invoice_filename, invoice_ubl_path


def ubl_response(*, invoice: Invoice) -> FileResponse:
    """The stored UBL e-invoice as a download. Raises UblNotApplicable (no e-invoice) or
    ApplicationError (the document breaks the rules) for the caller to answer."""
    return office_file_response(
        invoice_ubl_path(invoice=invoice),
        filename=invoice_filename(invoice, "xml"),
        content_type="application/xml",
        download=True,
    )
