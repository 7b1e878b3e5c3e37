"""The client panel (I2, P1): the company's issued invoices, one invoice, its PDF. The company
is the one the person acts for (switcher top right), never one from the URL."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import render

from accounts.access import client_view
from common.storage import office_file_response
from modules.invoices import selectors, services


@client_view
def portal_list_view(request: HttpRequest):
    rows = list(selectors.invoice_list(membership=request.membership)[:200])
    return render(request, "invoices/portal_list.html", {"rows": rows})


def _invoice(request, invoice_id: int):
    invoice = selectors.invoice_get(membership=request.membership, invoice_id=invoice_id)
    if invoice is None:
        raise Http404
    return invoice


@client_view
def portal_detail_view(request: HttpRequest, invoice_id: int):
    invoice = _invoice(request, invoice_id)
    return render(
        request,
        "invoices/portal_detail.html",
        {"invoice": invoice, "lines": list(invoice.lines.all())},
    )


@client_view
def portal_pdf_view(request: HttpRequest, invoice_id: int):
    invoice = _invoice(request, invoice_id)
    return office_file_response(
        services.invoice_pdf_path(invoice=invoice),
        filename=services.invoice_filename(invoice),
        content_type="application/pdf",
        download=False,
    )
