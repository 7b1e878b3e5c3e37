"""The client panel (I2, P1): the company's issued invoices, one invoice, its PDF, and the
drafts the office asks the company to accept (accept, or reject with a comment). The company
is the one the person acts for (switcher top right), never one from the URL."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import client_view
from accounts.switcher import switcher_offer
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from common.storage import office_file_response
from modules.invoices import selectors, services
from modules.invoices.downloads import ubl_response
from modules.invoices.forms import AcceptanceForm
from modules.invoices.ubl import UblNotApplicable, ubl_unavailable_reason


@client_view
def portal_list_view(request: HttpRequest):
    rows = list(selectors.invoice_list(membership=request.membership)[:200])
    for row in rows:
        row.ubl_available = not ubl_unavailable_reason(row)
    drafts = selectors.drafts_to_accept(client_id=request.membership.client_id)
    return render(request, "invoices/portal_list.html", {"rows": rows, "drafts": drafts})


def _invoice(request, invoice_id: int, *, drafts: bool = False):
    invoice = selectors.invoice_get(
        membership=request.membership, invoice_id=invoice_id, with_drafts_to_accept=drafts
    )
    if invoice is None:
        raise Http404
    return invoice


@client_view
def portal_detail_view(request: HttpRequest, invoice_id: int, form=None):
    invoice = selectors.invoice_get(
        membership=request.membership, invoice_id=invoice_id, with_drafts_to_accept=True
    )
    if invoice is None:
        return switcher_offer(
            request,
            lambda m: (
                selectors.invoice_get(
                    membership=m, invoice_id=invoice_id, with_drafts_to_accept=True
                )
                is not None
            ),
        )
    return render(
        request,
        "invoices/portal_detail.html",
        {
            "invoice": invoice,
            "lines": list(invoice.lines.all()),
            "corrections": selectors.invoice_corrections(
                membership=request.membership, invoice=invoice
            ),
            "form": form or AcceptanceForm(),
            "ubl_available": not invoice.is_draft and not ubl_unavailable_reason(invoice),
        },
        status=400 if form is not None else 200,
    )


@client_view
@require_POST
def portal_acceptance_view(request: HttpRequest, invoice_id: int):
    invoice = _invoice(request, invoice_id, drafts=True)
    form = AcceptanceForm(request.POST)
    if form.is_valid():
        accept = request.POST.get("answer") == "accept"
        try:
            services.invoice_acceptance_answer(
                invoice=invoice,
                actor=request.user,
                client_id=request.membership.client_id,
                accept=accept,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Thank you: the draft is accepted.")
                if accept
                else _("Thank you: the office will change the draft."),
            )
            return redirect("invoices:portal_list")
    return portal_detail_view(request, invoice_id, form=form)


def _invoice_file(request, invoice_id: int):
    """The company's issued invoice for a file download; another company of this person
    gets the switch offer (an HttpResponse), anyone else 404."""
    invoice = selectors.invoice_get(membership=request.membership, invoice_id=invoice_id)
    if invoice is None:
        return None, switcher_offer(
            request,
            lambda m: selectors.invoice_get(membership=m, invoice_id=invoice_id) is not None,
            file=True,
        )
    return invoice, None


@client_view
def portal_pdf_view(request: HttpRequest, invoice_id: int):
    invoice, offer = _invoice_file(request, invoice_id)
    if offer is not None:
        return offer
    return office_file_response(
        services.invoice_pdf_path(invoice=invoice),
        filename=services.invoice_filename(invoice),
        content_type="application/pdf",
        download=False,
    )


@client_view
def portal_ubl_view(request: HttpRequest, invoice_id: int):
    """The company's own invoice as UBL (drafts: 404; another company of this person: the
    switch offer)."""
    invoice, offer = _invoice_file(request, invoice_id)
    if offer is not None:
        return offer
    try:
        return ubl_response(invoice=invoice)
    except (UblNotApplicable, ApplicationError):
        raise Http404 from None
