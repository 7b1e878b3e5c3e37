"""Staff screens: the invoice register, drafts from a closed month, a draft's form, the
invoice's page and its actions (issue, payment, reminder, correction, KSeF resend)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from accounts.access import ADMIN, admin_view, membership_allows, staff_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from common.money import money
from common.storage import office_file_response
from modules.billing.selectors import month_text, vat_rate_choices, vat_rate_percent
from modules.clients.models import Client
from modules.clients.selectors import client_address_missing
from modules.invoices import selectors, services
from modules.invoices.downloads import ubl_response
from modules.invoices.events import NEW_EVENT
from modules.invoices.forms import CorrectionForm, InvoiceForm, LineFormSet, PaymentForm
from modules.invoices.models import Invoice
from modules.invoices.periods import month_parse
from modules.invoices.policies import ksef_available
from modules.invoices.rows import register_rows_html
from modules.invoices.ubl import UblNotApplicable, ubl_unavailable_reason

PAGE = 50
TABS = ("", "draft", "unpaid", "overdue", "paid", "corrected")


def _invoice(request: HttpRequest, invoice_id: int) -> Invoice:
    invoice = selectors.invoice_get(membership=request.membership, invoice_id=invoice_id)
    if invoice is None:
        raise Http404
    return invoice


def _error_text(exc) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    return " ".join(exc.messages)


@staff_view
def invoice_list_view(request: HttpRequest):
    status = request.GET.get("status", "")
    status = status if status in TABS else ""
    month = month_parse(request.GET.get("month")) if request.GET.get("month") else None
    try:
        page = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        page = 1
    context = selectors.invoice_register_page(
        membership=request.membership,
        page=page,
        page_size=PAGE,
        status=status,
        search=request.GET.get("q", "").strip(),
        month=month,
        ksef_status=request.GET.get("ksef", ""),
    )
    query = request.GET.copy()
    query.pop("page", None)
    uses_ksef = ksef_available(request.office.country)
    return render(
        request,
        "invoices/list.html",
        {
            **context,
            "rows_html": register_rows_html(context["rows"], ksef=uses_ksef),
            # *Issue selected drafts* only where there is a draft to tick
            "has_drafts": any(r.status == Invoice.Status.DRAFT for r in context["rows"]),
            "uses_ksef": uses_ksef,
            "status": status,
            "tabs": _tabs(),
            "month": month,
            # The month to invoice at month end: the last one (the form started empty).
            "last_month": (services.office_today().replace(day=1) - dt.timedelta(days=1)),
            "query": query.urlencode(),
        },
    )


def _tabs():
    # Lists of invoices, in the plural: the tabs read "Wszystko, Szkic, Niezapłacone, Po
    # terminie, Opłacona, Skorygowana" (one invoice's status words) before.
    return [
        ("", pgettext("invoices tab", "All")),
        ("draft", pgettext("invoices tab", "Drafts")),
        ("unpaid", pgettext("invoices tab", "Unpaid")),
        ("overdue", pgettext("invoices tab", "Overdue")),
        ("paid", pgettext("invoices tab", "Paid")),
        ("corrected", pgettext("invoices tab", "Corrected")),
    ]


@staff_view
def invoice_export_view(request: HttpRequest):
    """The register for the accountant: the month (or all) with the list's filters."""
    from django.http import HttpResponse

    from modules.invoices.xlsx import register_xlsx

    month = month_parse(request.GET.get("month")) if request.GET.get("month") else None
    status = request.GET.get("status", "")
    qs = selectors.invoice_list(
        membership=request.membership,
        status=status if status in TABS else "",
        month=month,
    ).exclude(status=Invoice.Status.DRAFT)
    response = HttpResponse(
        register_xlsx(qs),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    from django.utils.translation import pgettext

    from common.exports import export_file_name

    name = export_file_name(pgettext("file name", "invoices"))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_view
@require_POST
def invoices_from_month_view(request: HttpRequest):
    """Drafts from a closed month: every closed client's (the register's form), or one
    client's (`client`, the settlement's "Make the invoice" button), which then opens."""
    period = month_parse(request.POST.get("month"))
    if period is None:
        messages.error(request, _("Choose a month."))
        return redirect("invoices:list")
    client_id = request.POST.get("client", "")
    client = get_object_or_404(Client, pk=int(client_id)) if client_id.isdigit() else None
    run = services.invoices_create_from_month(
        period=period, actor=request.user, client_ids=None if client is None else [client.pk]
    )
    month = month_text(period)
    if run.created:
        messages.success(
            request,
            _("%(count)s draft invoices created from the closed month %(month)s.")
            % {"count": len(run.created), "month": month},
        )
    elif not run.closed:
        # "created from the closed month December 2026: 0" for a month nobody closed
        messages.warning(
            request,
            _(
                "%(month)s is not closed for any client with something to bill: close the month"
                " in Billing first, then create its invoices."
            )
            % {"month": month},
        )
    elif run.already == run.closed:
        messages.info(
            request,
            _("Nothing new: every client closed for %(month)s already has its invoice.")
            % {"month": month},
        )
    for client_name, reason in run.skipped:
        messages.warning(
            request,
            _("No invoice for %(client)s: %(reason)s") % {"client": client_name, "reason": reason},
        )
    if client is not None and len(run.created) == 1:
        return redirect("invoices:detail", run.created[0].pk)
    return redirect("invoices:list")


@staff_view
@require_POST
def invoices_issue_view(request: HttpRequest):
    """The list's *Issue selected drafts*: first a page that says what will happen (how
    many drafts are issued, which are not and why, KSeF for a Polish office that sends
    to it); its button posts `confirm` with the drafts that pass, which issues them."""
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    if not ids:
        messages.error(request, _("Select the drafts to issue first."))
        return redirect("invoices:list")
    if not request.POST.get("confirm"):
        return _issue_confirm(request, ids)
    issued, refused = services.invoices_issue(invoice_ids=ids, actor=request.user)
    if issued:
        messages.success(request, _("%(count)s invoices issued.") % {"count": len(issued)})
        clients = {invoice.client_id: invoice.client.name for invoice in issued}
        unreached = [
            name
            for client_id, name in clients.items()
            if not selectors.client_receives(client_id=client_id, event=NEW_EVENT)
        ]
        if unreached:
            messages.warning(request, _unreached_text(unreached))
    for invoice, message in refused:
        messages.error(request, f"#{invoice.pk} {invoice.client.name}: {message}")
    return redirect("invoices:list")


def _issue_confirm(request: HttpRequest, ids: list[int]):
    preview = services.invoices_issue_preview(invoice_ids=ids)
    count, skipped = len(preview.issuable), len(preview.skipped)
    values = {"count": count, "date": date_format(preview.today, "SHORT_DATE_FORMAT")}
    if preview.ksef:
        what = ngettext(
            "%(count)s draft will be issued: it gets its number and today's issue date"
            " (%(date)s) and is sent to KSeF; the client is e-mailed the invoice once KSeF has"
            " answered.",
            "%(count)s drafts will be issued: each gets its number and today's issue date"
            " (%(date)s) and is sent to KSeF; each client is e-mailed its invoice once KSeF"
            " has answered.",
            count,
        )
    else:
        what = ngettext(
            "%(count)s draft will be issued: it gets its number and today's issue date"
            " (%(date)s) and is e-mailed to the client.",
            "%(count)s drafts will be issued: each gets its number and today's issue date"
            " (%(date)s) and is e-mailed to its client.",
            count,
        )
    clients = {invoice.client_id: invoice.client.name for invoice in preview.issuable}
    unreached = [
        name
        for client_id, name in clients.items()
        if not selectors.client_receives(client_id=client_id, event=NEW_EVENT)
    ]
    return render(
        request,
        "invoices/issue_confirm.html",
        {
            "preview": preview,
            "same_period": selectors.same_period_invoices(drafts=preview.issuable),
            "title": ngettext("Issue %(count)s draft", "Issue %(count)s drafts", count or len(ids))
            % {"count": count or len(ids)},
            "what": what % values if count else "",
            "skipped_text": ngettext(
                "%(count)s selected draft will not be issued:",
                "%(count)s selected drafts will not be issued:",
                skipped,
            )
            % {"count": skipped},
            "button": ngettext("Issue %(count)s draft", "Issue %(count)s drafts", count)
            % {"count": count},
            "unreached": (
                _(
                    "Not e-mailed: nobody at %(clients)s receives invoices (no recipient in the"
                    " client's notifications). Send the PDF yourself after issuing, or add a"
                    " recipient first."
                )
                % {"clients": ", ".join(sorted(set(unreached)))}
                if unreached
                else ""
            ),
        },
    )


def _vat_choices(request, invoice: Invoice | None = None):
    return vat_rate_choices(country=request.office.country)


def _line_data(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


@staff_view
def invoice_form_view(request: HttpRequest, invoice_id: int | None = None):
    invoice = _invoice(request, invoice_id) if invoice_id else None
    if invoice is not None and not invoice.is_draft:
        raise Http404
    initial, lines_initial = {"client": request.GET.get("client")}, []
    if invoice is not None:
        initial = {
            "sale_from": invoice.sale_from,
            "sale_to": invoice.sale_to,
            "due_date": invoice.due_date,
            "payment_method": invoice.payment_method,
            "notes": invoice.notes,
        }
        lines_initial = [
            {
                "description": line.description,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_price": line.unit_price,
                "vat_rate": line.vat_rate,
            }
            for line in invoice.lines.all()
        ]
    form = InvoiceForm(request.POST or None, initial=initial)
    if invoice is not None:  # a draft keeps its client: named above the form, not a field
        del form.fields["client"]
    formset = LineFormSet(
        request.POST or None,
        initial=lines_initial,
        prefix="lines",
        form_kwargs={"vat_choices": _vat_choices(request, invoice)},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data, lines = form.cleaned_data, _line_data(formset)
        try:
            if invoice is None:
                invoice = services.invoice_create(
                    client=Client.objects.get(pk=data["client"]),
                    lines=lines,
                    actor=request.user,
                    sale_from=data["sale_from"],
                    sale_to=data["sale_to"],
                    due_date=data["due_date"],
                    payment_method=data["payment_method"],
                    notes=data["notes"],
                )
            else:
                services.invoice_update(invoice=invoice, actor=request.user, data=data, lines=lines)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("invoices:detail", invoice.pk)
    rates = {code: str(vat_rate_percent(code)) for code, _label in _vat_choices(request, invoice)}
    return render(
        request,
        "invoices/form.html",
        # vat_rates: each rate's percent for the form's running total (invoices/lines.js)
        {"form": form, "formset": formset, "invoice": invoice, "vat_rates": rates},
    )


@staff_view
def invoice_detail_view(request: HttpRequest, invoice_id: int):
    invoice = _invoice(request, invoice_id)
    services.invoice_alerts_resolve(invoice, user=request.user)  # the person saw it
    return _detail_render(request, invoice)


def _detail_render(request: HttpRequest, invoice, *, payment_form=None, status: int = 200):
    """The invoice's page; `payment_form`: a payment refused, shown with what was typed
    and why (a mistyped amount was dropped for "Enter the date and the amount of the
    payment." above a form prefilled again)."""
    from modules.invoices.money import rate_totals

    reminders = list(invoice.reminders.select_related("sent_by"))
    return render(
        request,
        "invoices/detail.html",
        {
            "invoice": invoice,
            "lines": list(invoice.lines.all()),
            "rates": rate_totals(invoice.lines.all()),
            "payments": list(invoice.payments.all()),
            "reminders": reminders,
            "corrections": selectors.invoice_corrections(
                membership=request.membership, invoice=invoice
            ),
            "payment_form": payment_form
            or PaymentForm(
                initial={"amount": invoice.outstanding, "date": services.office_today()}
            ),
            "correction_form": CorrectionForm(),
            "client_acceptance": services.settings_get().client_acceptance,
            "ubl_reason": "" if invoice.is_draft else ubl_unavailable_reason(invoice),
            "uses_ksef": ksef_available(request.office.country),
            "buyer_vat_id": services.buyer_vat_id(invoice) if invoice.reverse_charge else "",
            # what the draft's Issue asks: KSeF as the office sends (the bulk issue's rule)
            "sends_to_ksef": invoice.is_draft
            and services.invoices_issue_preview(invoice_ids=[invoice.pk]).ksef,
            "reduces": invoice.is_draft and invoice.reduces,
            # Warned before issuing: the invoice would print the buyer without an address.
            "buyer_address_missing": invoice.is_draft
            and bool(invoice.client_id)
            and client_address_missing(client_id=invoice.client_id),
            "reminded_today": any(r.day == services.office_today() for r in reminders),
            "reminder_refusal": (
                ""
                if invoice.is_draft
                else selectors.invoice_reminder_refusal(
                    invoice=invoice, today=services.office_today()
                )
            ),
            "can_remove_payments": membership_allows(request.membership, ADMIN),
            "client_receives_invoices": selectors.client_receives(
                client_id=invoice.client_id, event=NEW_EVENT
            ),
        },
        status=status,
    )


def _act(request, invoice_id: int, action, success: str):
    invoice = _invoice(request, invoice_id)
    try:
        result = action(invoice)
    except (ApplicationError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
        return redirect("invoices:detail", invoice.pk)
    messages.success(request, success)
    return result or redirect("invoices:detail", invoice.pk)


@staff_view
@require_POST
def invoice_issue_view(request: HttpRequest, invoice_id: int):
    invoice = _invoice(request, invoice_id)
    try:
        issued = services.invoice_issue(invoice=invoice, actor=request.user)
    except (ApplicationError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        if selectors.client_receives(client_id=invoice.client_id, event=NEW_EVENT):
            if issued.ksef_status == issued.Ksef.QUEUED:  # e-mailed once KSeF has answered
                messages.success(
                    request,
                    _("Invoice issued. It will be sent to the client once KSeF accepts it."),
                )
            else:
                messages.success(request, _("Invoice issued and sent to the client."))
        else:
            messages.warning(request, _unreached_text([invoice.client.name]))
    return redirect("invoices:detail", invoice.pk)


def _unreached_text(names: list[str]) -> str:
    return _(
        "Issued, but not e-mailed: nobody at %(clients)s receives invoices (no recipient in"
        " the client's notifications). Send the PDF yourself or add a recipient."
    ) % {"clients": ", ".join(sorted(set(names)))}


@staff_view
@require_POST
def invoice_acceptance_request_view(request: HttpRequest, invoice_id: int):
    return _act(
        request,
        invoice_id,
        lambda i: services.invoice_acceptance_request(invoice=i, actor=request.user) and None,
        _("The draft is waiting for the client's acceptance in the client panel."),
    )


@staff_view
@require_POST
def invoice_delete_view(request: HttpRequest, invoice_id: int):
    invoice = _invoice(request, invoice_id)
    try:
        services.invoice_delete(invoice=invoice, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("invoices:detail", invoice.pk)
    messages.success(request, _("Draft deleted."))
    return redirect("invoices:list")


@staff_view
@require_POST
def payment_add_view(request: HttpRequest, invoice_id: int):
    """Record a payment. One larger than what is due asks first (a page naming the
    overpayment, the typed figures kept); once confirmed it is recorded with a warning
    naming it, to be refunded or settled."""
    invoice = _invoice(request, invoice_id)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date and the amount of the payment."))
        return _detail_render(request, invoice, payment_form=form, status=400)
    confirmed = request.POST.get("confirm_overpayment") == "1"
    try:
        payment = services.payment_record(
            invoice=invoice,
            actor=request.user,
            overpayment_confirmed=confirmed,
            **form.cleaned_data,
        )
    except ApplicationError as exc:
        if exc.code == "overpayment":
            return render(
                request,
                "invoices/payment_overpay_confirm.html",
                {
                    "invoice": invoice,
                    "form": form,
                    "overpayment": services.overpayment_of(invoice, form.cleaned_data["amount"]),
                },
            )
        messages.error(request, exc.message)
        return redirect("invoices:detail", invoice.pk)
    except ValidationError as exc:
        form_service_errors(form, exc)
        return _detail_render(request, invoice, payment_form=form, status=400)
    paid = payment.invoice
    if paid.overpaid > 0:
        messages.warning(
            request,
            _("Payment recorded: the invoice is overpaid by %(amount)s (payments over its gross).")
            % {"amount": money(paid.overpaid, paid.currency)},
        )
    else:
        messages.success(request, _("Payment recorded."))
    return redirect("invoices:detail", invoice.pk)


@admin_view
def payment_delete_view(request: HttpRequest, invoice_id: int, payment_id: int):
    """GET: what removing the payment does; POST: remove it (office owners and admins)."""
    invoice = _invoice(request, invoice_id)
    payment = get_object_or_404(invoice.payments.all(), pk=payment_id)
    if request.method == "POST":
        try:
            services.payment_delete(payment=payment, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Payment of %(amount)s of %(date)s removed.")
                % {
                    "amount": money(payment.amount, invoice.currency),
                    "date": date_format(payment.date, "SHORT_DATE_FORMAT"),
                },
            )
        return redirect("invoices:detail", invoice.pk)
    return render(
        request, "invoices/payment_delete_confirm.html", {"invoice": invoice, "payment": payment}
    )


@staff_view
@require_POST
def invoice_remind_view(request: HttpRequest, invoice_id: int):
    """Sends a reminder; when one was sent today already, asks first (a page with the
    earlier one and a button that confirms: `again`)."""
    invoice = _invoice(request, invoice_id)
    try:
        services.invoice_remind(
            invoice=invoice, actor=request.user, again_today=request.POST.get("again") == "1"
        )
    except ApplicationError as exc:
        if exc.code == "reminder_sent_today":
            return render(
                request,
                "invoices/reminder_again_confirm.html",
                {
                    "invoice": invoice,
                    "sent": invoice.reminders.filter(day=services.office_today()).select_related(
                        "sent_by"
                    ),
                },
            )
        messages.error(request, _error_text(exc))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Reminder sent."))
    return redirect("invoices:detail", invoice.pk)


@staff_view
@require_POST
def invoice_correct_view(request: HttpRequest, invoice_id: int):
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the reason for the correction."))
        return redirect("invoices:detail", invoice_id)

    def correct(invoice):
        # The correction starts as the negative of every line: staff then edit the draft
        # to what should stay (or add the corrected lines).
        lines = [
            {
                "description": line.description,
                "quantity": -line.quantity,
                "unit": line.unit,
                "unit_price": line.unit_price,
                "vat_rate": line.vat_rate,
            }
            for line in invoice.lines.all()
        ]
        correction = services.invoice_correct(
            invoice=invoice, actor=request.user, reason=form.cleaned_data["reason"], lines=lines
        )
        return redirect("invoices:edit", correction.pk)

    return _act(request, invoice_id, correct, _("Correction draft created."))


@staff_view
@require_POST
def ksef_resend_view(request: HttpRequest, invoice_id: int):
    from modules.invoices.ksef import ksef_requeue

    return _act(
        request,
        invoice_id,
        lambda i: ksef_requeue(invoice=i, actor=request.user) and None,
        _("The invoice is queued for KSeF."),
    )


@staff_view
def invoice_pdf_view(request: HttpRequest, invoice_id: int):
    invoice = _invoice(request, invoice_id)
    if invoice.is_draft:
        raise Http404
    path = services.invoice_pdf_path(invoice=invoice)
    return office_file_response(
        path,
        filename=services.invoice_filename(invoice),
        content_type="application/pdf",
        download=False,
    )


@staff_view
def invoice_ubl_view(request: HttpRequest, invoice_id: int):
    """The invoice's e-invoice (UBL, Peppol BIS 3.0), on demand in any office."""
    invoice = _invoice(request, invoice_id)
    try:
        return ubl_response(invoice=invoice)
    except UblNotApplicable:
        raise Http404 from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("invoices:detail", invoice.pk)
