"""Recurring tasks (T7) on the client card: the "Recurring tasks" tab (clients.hooks) lists
a client's schedules with their next dates; staff who work the helpdesk add, change and
remove them here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.exceptions import ApplicationError
from modules.clients.models import Client
from modules.helpdesk import selectors
from modules.helpdesk.models import Schedule, ScheduleRun
from modules.helpdesk.policies import access_level, can_work
from modules.helpdesk.schedule_forms import ScheduleForm, schedule_initial
from modules.helpdesk.schedules import next_dates, schedule_delete, schedule_save
from modules.helpdesk.views.common import service_errors


def schedules_tab(request, client):
    schedules = list(
        Schedule.objects.filter(client=client).select_related("category").order_by("pk")
    )
    names = selectors.people_names({s.assignee_id for s in schedules if s.assignee_id})
    last = {
        run.schedule_id: run
        for run in ScheduleRun.objects.filter(
            schedule__in=[s.pk for s in schedules], request__isnull=False
        )
        .select_related("request")
        .only("schedule_id", "occurs_on", "request__number")
        .order_by("schedule_id", "-occurs_on")
        .distinct("schedule_id")
    }  # the request each schedule raised last, one query
    for schedule in schedules:
        schedule.upcoming = next_dates(schedule)
        schedule.assignee_name = names.get(schedule.assignee_id, "")
        schedule.last_run = last.get(schedule.pk)
    return "helpdesk/schedules/tab.html", {
        "schedules": schedules,
        "can_work": can_work(access_level(request.membership)),
    }


def _worker(request: HttpRequest) -> None:
    if not can_work(access_level(request.membership)):
        raise PermissionDenied


def _back(client_id: int):
    return redirect("clients:tab", client_id=client_id, tab="recurring")


def _form_page(request, *, client, schedule=None):
    form = ScheduleForm(
        request.POST or None,
        categories=selectors.category_list(),
        people=selectors.staff_people(),
        initial=schedule_initial(schedule) if schedule else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            schedule_save(
                actor=request.user, client=client, data=form.service_data(), schedule=schedule
            )
        except (ApplicationError, ValidationError) as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("The recurring task is saved."))
            return _back(client.pk)
    return render(
        request,
        "helpdesk/schedules/form.html",
        {"form": form, "client": client, "schedule": schedule},
        status=400 if form.errors else 200,
    )


@staff_view
def schedule_create_view(request: HttpRequest, client_id: int):
    _worker(request)
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404
    return _form_page(request, client=client)


def _schedule(client_id: int, schedule_id: int) -> Schedule:
    schedule = (
        Schedule.objects.select_related("client")
        .filter(pk=schedule_id, client_id=client_id)
        .first()
    )
    if schedule is None:
        raise Http404
    return schedule


@staff_view
def schedule_edit_view(request: HttpRequest, client_id: int, schedule_id: int):
    _worker(request)
    schedule = _schedule(client_id, schedule_id)
    return _form_page(request, client=schedule.client, schedule=schedule)


@require_POST
@staff_view
def schedule_delete_view(request: HttpRequest, client_id: int, schedule_id: int):
    _worker(request)
    schedule_delete(actor=request.user, schedule=_schedule(client_id, schedule_id))
    messages.success(request, _("The recurring task is removed."))
    return _back(client_id)
