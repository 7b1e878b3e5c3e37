"""Billing > Summary (A3, S8): the office-wide list, one client's month, closing it, and the
quick entry of a service provided (A1)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import staff_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from modules.billing import selectors
from modules.billing.forms import AssignmentForm, UsageForm
from modules.billing.hooks import period_reopen_refusal
from modules.billing.models import Assignment
from modules.billing.periods import (
    Span,
    month_parse,
    month_start,
    month_text,
    quarter_choices,
    span_parse,
)
from modules.billing.policies import month_invoice_offered, period_reopen_allowed
from modules.billing.services import (
    assignment_set,
    period_close,
    period_close_all,
    period_reopen,
    usage_record,
)
from modules.billing.xlsx import summaries_file_name, summaries_xlsx
from modules.clients.models import Client
from modules.clients.selectors import client_codes, client_codes_where_names_repeat
from tenants.selectors import office_today

SPAN_PARAMS = ("month", "quarter", "from", "to")
# The list screen shows this many clients a page (the totals count every client shown by
# the filters): 20,000 clients were one page of 40,000 table rows and phone cards.
PAGE_SIZE = 100


def _list_args(request: HttpRequest) -> tuple[Span, dict]:
    try:
        package_id = int(request.GET.get("package") or 0) or None
    except ValueError:
        package_id = None
    return span_parse(request.GET), {
        "package_id": package_id,
        "status": request.GET.get("status", ""),
        "over_limit": request.GET.get("over") == "1",
        "sort": request.GET.get("sort", "client"),
        "query": request.GET.get("q", "").strip()[:100],
    }


def _rows(span: Span, args: dict) -> list:
    """A month's rows with every line (summary_list); a quarter's or range's summed per
    client. For the export."""
    if span.kind == "month":
        return selectors.summary_list(period=span.start, **args)
    return selectors.summary_span_list(span=span, **args)


def _list_rows(span: Span, args: dict) -> list:
    """The same clients and totals without the lines (summary_rows): the list screen."""
    if span.kind == "month":
        return selectors.summary_rows(period=span.start, **args)
    return selectors.summary_span_rows(span=span, **args)


def span_context(
    request: HttpRequest, span: Span, *, keep_filters: bool = False, client_id: int | None = None
) -> dict:
    """What the period chooser (partials/month_nav.html) needs. For one client's page
    (`client_id`) the quarters offered start at the client's first billed day
    (selectors.client_billing_start; only the current one for a client with nothing yet),
    not eight quarters back whoever the client is."""
    keep = []
    if keep_filters:
        keep = [
            (name, value)
            for name, values in request.GET.lists()
            for value in values
            if name not in SPAN_PARAMS
        ]
    return {
        "span": span,
        "period": span.start,
        "keep": keep,
        "span_keep": [tuple(part.split("=", 1)) for part in span.query.split("&")],
        "quarters": quarter_choices(since=_client_start(client_id))
        if client_id is not None
        else quarter_choices(),
    }


def _client_start(client_id: int):
    return selectors.client_billing_start(client_id=client_id) or office_today()


@staff_view
def summary_list_view(request: HttpRequest):
    span, args = _list_args(request)
    rows = _list_rows(span, args)
    close_all = False
    if span.kind == "month":
        # "Close the month for every client" only while a client is left to close: the
        # unfiltered list's rows are the billable clients (a filtered one asks the counts)
        filtered = any(args[key] for key in ("package_id", "status", "over_limit", "query"))
        close_all = selectors.close_all_left(period=span.start, rows=None if filtered else rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    codes = client_codes_where_names_repeat([s.client_id for s in page.object_list])
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("page", None)
    pages = request.GET.copy()
    pages.pop("page", None)
    return render(
        request,
        "billing/summary_list.html",
        {
            **span_context(request, span, keep_filters=True),
            # (row, its client's code where another client has the same name)
            "rows": [(s, codes.get(s.client_id, "")) for s in page.object_list],
            "close_all": close_all,
            "page": page,
            "count": len(rows),
            "args": args,
            "page_query": pages.urlencode(),
            "packages": selectors.package_list(),
            "query": query.urlencode(),
            "sorts": [
                ("client", _("Client")),
                ("package", _("Package")),
                ("net", _("Net")),
                ("gross", _("Gross")),
            ],
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
    span, args = _list_args(request)
    rows = _rows(span, args)
    codes = client_codes([row.client_id for row in rows])
    content = summaries_xlsx(rows, period=span.start, title=span.label, codes=codes)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{summaries_file_name(span)}"'
    return response


def _client(client_id: int) -> Client:
    return get_object_or_404(Client.objects.only("pk", "name"), pk=client_id)


@staff_view
def summary_detail_view(request: HttpRequest, client_id: int):
    client = _client(client_id)
    span = span_parse(request.GET)
    if span.kind == "month":
        summary = selectors.summary_get(client_id=client.pk, period=span.start)
        span_summary = None
        # Why the closed month must stay closed (an invoice made from it): said on the page
        # instead of offering "Reopen the month", which asked and then refused.
        kept_closed = (
            period_reopen_refusal(client.pk, summary.period) if summary and summary.closed else None
        )
    else:
        kept_closed = None
        summary = None
        span_summary = selectors.summary_span_get(client_id=client.pk, span=span)
    return render(
        request,
        "billing/summary_detail.html",
        {
            **span_context(request, span, client_id=client.pk),
            "client": client,
            "summary": summary,
            "span_summary": span_summary,
            "assignments": selectors.assignment_list(client_id=client.pk),
            "can_reopen": period_reopen_allowed(request.membership) and not kept_closed,
            "kept_closed": kept_closed,
            "vat_note": selectors.vat_note(client_id=client.pk, shown=summary or span_summary),
            "can_invoice": month_invoice_offered(request.membership, summary),
        },
    )


def _month_url(client: Client, period) -> str:
    return f"{reverse('billing:summary_detail', args=[client.pk])}?month={period:%Y-%m}"


@staff_view
def period_close_view(request: HttpRequest, client_id: int):
    """Close one client's month: GET asks (what closing means; a warning when the month has
    not ended yet), POST closes (services.period_close)."""
    client = _client(client_id)
    period = month_parse(request.POST.get("month") or request.GET.get("month"))
    if request.method == "POST":
        try:
            period_close(client=client, period=period, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(month)s closed for %(client)s.")
                % {"month": month_text(period), "client": client.name},
            )
        return redirect(_month_url(client, period))
    return render(
        request,
        "billing/close_confirm.html",
        {
            "client": client,
            "period": period,
            "unfinished": period >= month_start(office_today()),
            "closed": selectors.period_closed(client_id=client.pk, period=period),
        },
    )


@staff_view
def period_reopen_view(request: HttpRequest, client_id: int):
    """Reopen a closed month (owners): GET asks, POST reopens (services.period_reopen)."""
    if not period_reopen_allowed(request.membership):
        raise PermissionDenied
    client = _client(client_id)
    period = month_parse(request.POST.get("month") or request.GET.get("month"))
    if request.method == "POST":
        try:
            period_reopen(client=client, period=period, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(month)s reopened for %(client)s.")
                % {"month": month_text(period), "client": client.name},
            )
        return redirect(_month_url(client, period))
    return render(request, "billing/reopen_confirm.html", {"client": client, "period": period})


@staff_view
def period_close_all_view(request: HttpRequest):
    """Close the month for every client at once: GET asks, POST closes and says how many
    were closed, already closed and failed (services.period_close_all)."""
    period = month_parse(request.POST.get("month") or request.GET.get("month"))
    if request.method == "POST":
        try:
            result = period_close_all(period=period, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            text = _close_all_text(period, result)
            (messages.warning if result.failed else messages.success)(request, text)
        return redirect(f"{reverse('billing:summary_list')}?month={period:%Y-%m}")
    to_close, already = selectors.close_all_counts(period)
    return render(
        request,
        "billing/close_all.html",
        {"period": period, "to_close": to_close, "already": already},
    )


def _close_all_text(period, result) -> str:
    """What closing every client did, in counted words: "Rozliczenie za listopad 2026
    zamknięto dla 29 klientów." (it read "listopad 2026: zamknięto 29, już zamkniętych 0,
    nieudanych 0."); the clients already closed and the failures only when there are any."""
    month = month_text(period)
    parts = []
    if result.closed or not (result.already_closed or result.failed):
        parts.append(
            ngettext(
                "%(month)s closed for %(count)s client.",
                "%(month)s closed for %(count)s clients.",
                result.closed,
            )
            % {"month": month, "count": result.closed}
        )
    if result.already_closed:
        parts.append(
            ngettext(
                "%(month)s: %(count)s client was already closed.",
                "%(month)s: %(count)s clients were already closed.",
                result.already_closed,
            )
            % {"month": month, "count": result.already_closed}
            if not parts
            else ngettext(
                "%(count)s client was already closed.",
                "%(count)s clients were already closed.",
                result.already_closed,
            )
            % {"count": result.already_closed}
        )
    if result.failed:
        parts.append(
            ngettext(
                "%(count)s client could not be closed (the log names it).",
                "%(count)s clients could not be closed (the log names them).",
                result.failed,
            )
            % {"count": result.failed}
        )
    return " ".join(parts)


@staff_view
def assignment_add_view(request: HttpRequest, client_id: int):
    """Change the client's package from a date, with individual terms (A2). A page of its
    own: the month summary stays light (no 15-field form on every view). Headed "Assign a
    package" while the client has none; *from* starts at today (the office's day): a first
    package bills from the day it is given, not from a month start before the client came,
    and a change mid-month is billed pro rata by days (README)."""
    client = _client(client_id)
    form = AssignmentForm(
        request.POST or None,
        instance=Assignment(client=client),
        initial={"starts_on": office_today()},
    )
    first = not selectors.assignment_list(client_id=client.pk).exists()
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
        {"form": form, "client": client, "first": first},
        status=400 if form.errors else 200,
    )


@staff_view
def usage_add_view(request: HttpRequest):
    initial = {"client": request.GET.get("client")}
    form = UsageForm(request.POST or None, initial=initial, country=request.office.country)
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
                    # the rate chosen applies to a usage without a service (the service's own)
                    vat_rate=None if data["service"] else (data["vat_rate"] or None),
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
                        % {"month": month_text(record.period)},
                    )
                elif data["unit_price"] is None and record.unit_price != record.service.net_price:
                    messages.success(
                        request,
                        _(
                            "Service recorded at 0.00: the client's package includes it; what is"
                            " over its limit is priced by the package."
                        ),
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
