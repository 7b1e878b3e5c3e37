"""The work log on the request page (T9): a box the page loads on demand (htmx) with the
request's order, the operator's timer, the entries and their totals, a typed entry; an
entry's own edit page; the rates screen (supervisors).

Who: people who work (agents, supervisors) log time on requests they can see; an entry is
changed or deleted by its operator or a supervisor; read-only staff see the box."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.exceptions import ApplicationError
from modules.billing.selectors import service_list
from modules.clients.models import Client
from modules.clients.selectors import client_labels
from modules.helpdesk import selectors, work_selectors
from modules.helpdesk.models import Access, WorkLog
from modules.helpdesk.policies import access_level, can_work
from modules.helpdesk.services import vat_codes
from modules.helpdesk.views.common import request_access, service_errors
from modules.helpdesk.views.workorders import order_level
from modules.helpdesk.work_forms import RateForm, TimerStopForm, WorkLogForm, WorkSettingsForm
from modules.helpdesk.worklog import (
    rate_set,
    work_settings_get,
    work_settings_update,
    worklog_add,
    worklog_delete,
    worklog_start,
    worklog_stop,
    worklog_update,
)
from modules.helpdesk.workorders import workorder_link, workorder_unlink


def _with_box(request_id: int) -> str:
    """The request page with the work-log box open (it loads at once): after the timer or
    a typed entry the operator sees the box they acted in."""
    return f"{reverse('helpdesk:detail', args=[request_id])}?worklog=open"


def _elapsed(entry: WorkLog | None, now) -> str:
    """A running timer's time so far as H:MM:SS (helpdesk.js ticks it on from there)."""
    if entry is None or entry.started_at is None:
        return ""
    seconds = max(0, int((now - entry.started_at).total_seconds()))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _box(request, access, *, form=None, status=200):
    """The box (htmx: swapped in place, errors included, so 200) or, for a plain POST with
    errors, a page of its own."""
    req = access.request
    htmx = request.headers.get("HX-Request") == "true"
    running = work_selectors.timer_running(user_id=request.user.pk)
    now = timezone.now()
    covered = work_selectors.quote_covers_work(request_id=req.pk)
    return render(
        request,
        "helpdesk/worklog/box.html" if htmx else "helpdesk/worklog/page.html",
        {
            "req": req,
            "access": access,
            "entries": work_selectors.worklog_for(request_id=req.pk),
            "totals": work_selectors.worklog_totals(request_id=req.pk),
            "running": running,
            "elapsed": _elapsed(running, now),
            "now": now,
            "order": work_selectors.workorder_of(request_id=req.pk),
            "order_options": work_selectors.workorder_options(client_id=req.client_id)
            if access.level == Access.Level.SUPERVISOR
            else [],
            "form": form or (WorkLogForm(covered=covered) if access.can_work else None),
            "quote_covers": covered,
            "stop_form": TimerStopForm(),
            "supervisor": access.level == Access.Level.SUPERVISOR,
            "me": request.user.pk,
        },
        status=200 if htmx else status,
    )


@staff_view
def box_view(request: HttpRequest, request_id: int):
    """GET: the box. POST: a typed entry (date, duration, description, billable)."""
    access = request_access(request, request_id)
    if request.method == "GET":
        return _box(request, access)
    if not access.can_work:
        raise PermissionDenied
    covered = work_selectors.quote_covers_work(request_id=access.request.pk)
    form = WorkLogForm(request.POST, covered=covered)
    if form.is_valid():
        data = form.cleaned_data
        try:
            worklog_add(
                request=access.request,
                actor=request.user,
                date=data["date"],
                minutes=data["duration"],
                description=data["description"],
                billable=data["billable"],
            )
        except (ApplicationError, ValidationError) as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Time logged."))
            if request.headers.get("HX-Request") == "true":
                response = HttpResponse(status=204)
                response["HX-Redirect"] = _with_box(request_id)
                return response
            return redirect(_with_box(request_id))
    return _box(request, access, form=form, status=400)


@require_POST
@staff_view
def timer_start_view(request: HttpRequest, request_id: int):
    access = request_access(request, request_id)
    if not access.can_work:
        raise PermissionDenied
    try:
        worklog_start(request=access.request, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Timer started."))
    return redirect(_with_box(request_id))


@require_POST
@staff_view
def timer_stop_view(request: HttpRequest):
    if not can_work(access_level(request.membership)):
        raise PermissionDenied
    form = TimerStopForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        entry = worklog_stop(
            actor=request.user,
            description=data.get("description", ""),
            billable=data.get("billable"),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("helpdesk:queue")
    if entry.capped:
        messages.warning(
            request,
            _(
                "The timer ran past midnight: it was stopped at the end of its day. Correct "
                "the time if you worked on."
            ),
        )
    else:
        messages.success(
            request, _("Timer stopped: %(minutes)s min logged.") % {"minutes": entry.minutes}
        )
    return redirect(_with_box(entry.request_id))


def _entry(request, entry_id: int) -> tuple[WorkLog, object]:
    entry = work_selectors.worklog_entry_get(entry_id=entry_id)
    if entry is None:
        raise Http404
    access = request_access(request, entry.request_id)  # 404 when the request is not visible
    if not access.can_work or (
        entry.operator_id != request.user.pk and access.level != Access.Level.SUPERVISOR
    ):
        raise PermissionDenied
    return entry, access


@staff_view
def entry_view(request: HttpRequest, entry_id: int):
    entry, access = _entry(request, entry_id)
    if request.method == "POST":
        covered = work_selectors.quote_covers_work(request_id=entry.request_id)
        form = WorkLogForm(request.POST, covered=covered)
        if form.is_valid():
            data = form.cleaned_data
            try:
                worklog_update(
                    entry=entry,
                    actor=request.user,
                    version=data["version"],
                    data={
                        "date": data["date"],
                        "minutes": data["duration"],
                        "description": data["description"],
                        "billable": data["billable"],
                    },
                )
            except (ApplicationError, ValidationError) as exc:
                service_errors(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(_with_box(entry.request_id))
        status = 400
    else:
        minutes = entry.minutes or 0
        form = WorkLogForm(
            covered=work_selectors.quote_covers_work(request_id=entry.request_id),
            initial={
                "date": entry.date,
                "duration": f"{minutes // 60}:{minutes % 60:02d}",
                "description": entry.description,
                "billable": entry.billable,
                "version": entry.version,
            },
        )
        status = 200
    return render(
        request,
        "helpdesk/worklog/entry.html",
        {"entry": entry, "req": access.request, "form": form},
        status=status,
    )


@require_POST
@staff_view
def entry_delete_view(request: HttpRequest, entry_id: int):
    entry, _access = _entry(request, entry_id)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        worklog_delete(entry=entry, actor=request.user, version=version)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Entry deleted."))
    return redirect(_with_box(entry.request_id))


@require_POST
@staff_view
def request_order_view(request: HttpRequest, request_id: int):
    """A supervisor puts the request into an order (or takes it out: empty order)."""
    access = request_access(request, request_id)
    _level, dispatches = order_level(request)
    if not dispatches:
        raise PermissionDenied
    current = work_selectors.workorder_of(request_id=access.request.pk)
    wanted = work_selectors.workorder_get(order_id=_int(request.POST.get("order")) or 0)
    try:
        if current is not None and current != wanted:
            workorder_unlink(order=current, request=access.request, actor=request.user)
        if wanted is not None and current != wanted:
            workorder_link(order=wanted, request=access.request, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Changes saved."))
    return redirect("helpdesk:detail", request_id=request_id)


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@staff_view
def rates_view(request: HttpRequest):
    """Hourly rates of logged time (supervisors): the catalogue service, operators', clients'."""
    _level, dispatches = order_level(request)
    if not dispatches:
        raise PermissionDenied
    people = selectors.staff_people()
    settings = work_settings_get()
    services = [(s.pk, str(s)) for s in service_list(active_only=True)]
    codes = sorted(vat_codes().values(), key=int, reverse=True)
    rate_form = RateForm(people=people)
    settings_form = WorkSettingsForm(
        initial={"service": settings.service_id, "vat_rate": settings.vat_rate},
        services=services,
        vat_codes=codes,
    )
    status = 200
    if request.method == "POST" and request.POST.get("form") == "settings":
        settings_form = WorkSettingsForm(request.POST, services=services, vat_codes=codes)
        if settings_form.is_valid():
            data = settings_form.cleaned_data
            service = service_list(active_only=True).filter(pk=data["service"]).first()
            try:
                work_settings_update(
                    actor=request.user, data={"service": service, "vat_rate": data["vat_rate"]}
                )
            except (ApplicationError, ValidationError) as exc:
                service_errors(settings_form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("helpdesk:work_rates")
        status = 400
    elif request.method == "POST":
        rate_form = RateForm(request.POST, people=people)
        if rate_form.is_valid():
            data = rate_form.cleaned_data
            client = Client.objects.filter(pk=data["client"]).first() if data["client"] else None
            try:
                rate_set(
                    actor=request.user,
                    hourly_rate=data["hourly_rate"],
                    user_id=data["operator"],
                    client=client,
                )
            except (ApplicationError, ValidationError) as exc:
                service_errors(rate_form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("helpdesk:work_rates")
        status = 400
    names = {p["id"]: p["name"] for p in people}
    rate_rows = list(work_selectors.rate_list())
    client_names = client_labels([row.client_id for row in rate_rows if row.client_id])
    rates = [
        {
            "who": names.get(row.user_id, row.user_id)
            if row.user_id
            else client_names.get(row.client_id, row.client_id),
            "kind": _("operator") if row.user_id else _("client"),
            "rate": row.hourly_rate,
        }
        for row in rate_rows
    ]
    return render(
        request,
        "helpdesk/worklog/rates.html",
        {"rate_form": rate_form, "settings_form": settings_form, "rates": rates},
        status=status,
    )
