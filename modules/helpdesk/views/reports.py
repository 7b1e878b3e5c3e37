"""Reports (T14): the staff Reports page (period, filters, charts, tables, XLSX of every
table), the monthly service report of a client as a PDF (download, send to the client) and
the client panel's own report (a manager's company, never another's)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from accounts.access import client_view, staff_view
from common.exceptions import ApplicationError
from common.exports import export_file_name
from modules.clients.models import Client
from modules.helpdesk import selectors
from modules.helpdesk.models import Access
from modules.helpdesk.policies import access_level
from modules.helpdesk.report_files import (
    client_report_file_name,
    client_report_pdf,
    report_xlsx,
    table_html,
    table_rows,
)
from modules.helpdesk.report_forms import ReportForm, SendForm, month_parse
from modules.helpdesk.report_services import service_report_send
from modules.helpdesk.reports import report_build

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_report(membership) -> bool:
    """Reports are for the office's supervisors (owners and admins by default) and read-only
    staff (who see every request); agents see only their part of the queue, so not these."""
    if membership is None or not membership.is_staff_role:
        return False
    return access_level(membership) in (Access.Level.SUPERVISOR, Access.Level.READ_ONLY)


def _check(request: HttpRequest) -> None:
    if not may_report(request.membership):
        raise PermissionDenied


def _operator_choices() -> list[tuple[int, str]]:
    return [(p["id"], p["name"]) for p in selectors.staff_people()]


@staff_view
def reports_view(request: HttpRequest):
    _check(request)
    form = ReportForm(
        request.GET,
        categories=selectors.category_list(active_only=False),
        teams=selectors.team_list(),
        operators=_operator_choices(),
    )
    report = None
    if form.is_valid():
        period, filters = form.period_filters()
        report = report_build(period=period, filters=filters)
        export = request.GET.get("export")
        if export:
            tables = [t for t in report.tables() if export in ("all", t.key)]
            if not tables:
                raise Http404
            label = pgettext("file name", "helpdesk report")
            response = HttpResponse(report_xlsx(report, tables), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{export_file_name(label)}"'
            return response
    query = request.GET.copy()
    query.pop("export", None)
    return render(
        request,
        "helpdesk/reports/page.html",
        {
            "form": form,
            "report": report,
            "tables": [(t, table_html(t, table_rows(t))) for t in report.tables()]
            if report
            else [],
            "charts": report.charts() if report else None,
            "query": query.urlencode(),
            "client_report": (
                report is not None
                and report.filters.client_id
                and report.period.kind == "month"
                and not any(
                    (
                        report.filters.category_id,
                        report.filters.team_id,
                        report.filters.operator_id,
                        report.filters.source,
                    )
                )
            ),
            "send_form": SendForm(initial={"month": report.period.label}) if report else None,
        },
    )


def _client_month(request: HttpRequest, client_id: int, month: str):
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404
    period = month_parse(month)
    if period is None:
        raise Http404
    return client, period


def _pdf_response(*, client, period, language=None) -> HttpResponse:
    pdf = client_report_pdf(client=client, period=period, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = client_report_file_name(client=client, period=period)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_view
def client_report_view(request: HttpRequest, client_id: int):
    """The monthly service report of a client (`?month=YYYY-MM`) as a PDF."""
    _check(request)
    client, period = _client_month(request, client_id, request.GET.get("month", ""))
    return _pdf_response(client=client, period=period)


@require_POST
@staff_view
def client_report_send_view(request: HttpRequest, client_id: int):
    """Send the client its monthly service report (a message with the PDF)."""
    _check(request)
    if access_level(request.membership) != Access.Level.SUPERVISOR:
        raise PermissionDenied  # read-only staff read reports, they do not send them
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404
    form = SendForm(request.POST)
    back = reverse("helpdesk:reports")
    if not form.is_valid():
        messages.error(request, _("Choose a month."))
        return redirect(back)
    period = form.cleaned_data["month"]
    try:
        service_report_send(
            actor=request.user, client=client, period=period, note=form.cleaned_data["note"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The service report for %(month)s was sent to %(client)s.")
            % {"month": period.text, "client": client.name},
        )
    return redirect(f"{back}?period=month&month={period.label}&client={client.pk}")


@client_view
def portal_report_view(request: HttpRequest):
    """The client panel: the company's monthly service report (`?month=YYYY-MM`); for the
    company's helpdesk managers (who see all its requests), the company from the session's
    membership only."""
    membership = request.membership
    if access_level(membership) != Access.Level.MANAGER:
        raise PermissionDenied
    client = Client.objects.filter(pk=membership.client_id).first()
    period = month_parse(request.GET.get("month", ""))
    if client is None or period is None:
        raise Http404
    return _pdf_response(client=client, period=period)
