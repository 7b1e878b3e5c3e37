"""Billing > Summary (A3, S8): the office-wide list, one client's month, closing it, and the
quick entry of a service provided (A1)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from modules.billing import selectors
from modules.billing.forms import AssignmentForm, UsageForm
from modules.billing.models import Assignment
from modules.billing.periods import month_parse
from modules.billing.services import assignment_set, period_close, usage_record
from modules.billing.xlsx import summaries_xlsx
from modules.clients.models import Client


def _list_args(request: HttpRequest) -> dict:
    try:
        package_id = int(request.GET.get("package") or 0) or None
    except ValueError:
        package_id = None
    return {
        "period": month_parse(request.GET.get("month")),
        "package_id": package_id,
        "status": request.GET.get("status", ""),
        "over_limit": request.GET.get("over") == "1",
        "sort": request.GET.get("sort", "client"),
    }


@staff_view
def summary_list_view(request: HttpRequest):
    args = _list_args(request)
    rows = selectors.summary_list(**args)
    query = request.GET.copy()
    query.pop("sort", None)
    return render(
        request,
        "billing/summary_list.html",
        {
            "rows": rows,
            "args": args,
            "packages": selectors.package_list(),
            "query": query.urlencode(),
            "totals": {
                "net": sum((s.net for s in rows), Decimal(0)),
                "vat": sum((s.vat for s in rows), Decimal(0)),
                "gross": sum((s.gross for s in rows), Decimal(0)),
            },
            "currency": request.office.currency,
        },
    )


@staff_view
def summary_export_view(request: HttpRequest):
    args = _list_args(request)
    content = summaries_xlsx(selectors.summary_list(**args), period=args["period"])
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"summary-{args['period']:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _client(client_id: int) -> Client:
    return get_object_or_404(Client.objects.only("pk", "name"), pk=client_id)


@staff_view
def summary_detail_view(request: HttpRequest, client_id: int):
    client = _client(client_id)
    period = month_parse(request.GET.get("month"))
    summary = selectors.summary_get(client_id=client.pk, period=period)
    return render(
        request,
        "billing/summary_detail.html",
        {
            "client": client,
            "summary": summary,
            "period": period,
            "assignments": selectors.assignment_list(client_id=client.pk),
        },
    )


@staff_view
@require_POST
def period_close_view(request: HttpRequest, client_id: int):
    client = _client(client_id)
    period = month_parse(request.POST.get("month"))
    try:
        period_close(client=client, period=period, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(month)s closed for %(client)s.")
            % {"month": period.strftime("%Y-%m"), "client": client.name},
        )
    return redirect(f"{reverse('billing:summary_detail', args=[client.pk])}?month={period:%Y-%m}")


@staff_view
def assignment_add_view(request: HttpRequest, client_id: int):
    """Change the client's package from a date, with individual terms (A2). A page of its
    own: the month summary stays light (no 15-field form on every view)."""
    client = _client(client_id)
    form = AssignmentForm(request.POST or None, instance=Assignment(client=client))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment_set(
                client=client,
                package=data["package"],
                starts_on=data["starts_on"],
                note=data["note"],
                terms={k: data[k] for k in Assignment.TERM_FIELDS if data.get(k) is not None},
                actor=request.user,
            )
        except ApplicationError as exc:
            form.add_error("starts_on", exc.message)
        else:
            messages.success(request, _("Package saved."))
            return redirect("billing:summary_detail", client.pk)
    return render(
        request,
        "billing/assignment_form.html",
        {"form": form, "client": client},
        status=400 if form.errors else 200,
    )


@staff_view
def usage_add_view(request: HttpRequest):
    initial = {"client": request.GET.get("client")}
    form = UsageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client = Client.objects.filter(pk=data["client"]).first()
        if client is None:
            form.add_error("client", _("No client with this number."))
        else:
            try:
                record = usage_record(
                    client=client,
                    date=data["date"],
                    quantity=data["quantity"],
                    service=data["service"],
                    description=data["description"],
                    unit_price=data["unit_price"],
                    note=data["note"],
                    reason=data["reason"],
                    actor=request.user,
                )
            except (ValidationError, ApplicationError) as exc:
                if isinstance(exc, ApplicationError):
                    exc = ValidationError(exc.message)
                form_service_errors(form, exc)
            else:
                if record.late:
                    messages.warning(
                        request,
                        _("Recorded in %(month)s: the month of its date is already closed.")
                        % {"month": record.period.strftime("%Y-%m")},
                    )
                else:
                    messages.success(request, _("Service recorded."))
                return redirect(
                    f"{reverse('billing:summary_detail', args=[client.pk])}"
                    f"?month={record.period:%Y-%m}"
                )
    return render(
        request, "billing/usage_form.html", {"form": form}, status=400 if form.errors else 200
    )


def client_or_404(client_id: int) -> Client:
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404
    return client
