"""Work orders (T6): the list with filters, a new order, the order page (its requests, time
logged, accepted quotes, budget used), the dispatcher's board, the client card tab.

Who: every staff helpdesk level sees orders (agents, supervisors, read-only); supervisors
(the dispatchers) create, change and link. Client users never reach these (staff views)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.exceptions import ApplicationError
from modules.clients.models import Client
from modules.helpdesk import selectors, work_selectors
from modules.helpdesk.models import Access, Request, WorkOrder
from modules.helpdesk.notifying import order_alerts_read
from modules.helpdesk.policies import STAFF_LEVELS, access_level
from modules.helpdesk.views.common import service_errors
from modules.helpdesk.work_forms import BoardMoveForm, LinkForm, OrderForm
from modules.helpdesk.workorders import (
    ORDER_MOVES,
    workorder_create,
    workorder_link_numbers,
    workorder_move,
    workorder_unlink,
    workorder_update,
)


def order_level(request: HttpRequest) -> tuple[str, bool]:
    """The person's level and whether they dispatch (change orders); 403 without a staff
    helpdesk level."""
    level = access_level(request.membership)
    if level not in STAFF_LEVELS:
        raise PermissionDenied
    return level, level == Access.Level.SUPERVISOR


def _order(order_id: int) -> WorkOrder:
    order = work_selectors.workorder_get(order_id=order_id)
    if order is None:
        raise Http404
    return order


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _order_form(data=None, *, order: WorkOrder | None = None) -> OrderForm:
    statuses = None
    initial = {"status": WorkOrder.Status.OPEN}
    if order is None:
        statuses = {WorkOrder.Status.DRAFT, WorkOrder.Status.OPEN}
    else:
        statuses = ORDER_MOVES[order.status] | {order.status}
        initial = {
            "title": order.title,
            "client": order.client_id,
            "description": order.description,
            "budget_hours": order.budget_hours,
            "budget_amount": order.budget_amount,
            "dispatcher": order.dispatcher_id,
            "operators": list(order.operators.values_list("user_id", flat=True)),
            "status": order.status,
            "planned_start": order.planned_start,
            "planned_end": order.planned_end,
            "version": order.version,
        }
    return OrderForm(
        data,
        initial=initial,
        people=selectors.staff_people(),
        statuses=statuses,
    )


def _order_data(form: OrderForm) -> dict:
    data = form.cleaned_data
    client = Client.objects.filter(pk=data["client"]).first() if data["client"] else None
    return {
        "title": data["title"],
        "client": client,
        "description": data["description"],
        "budget_hours": data["budget_hours"],
        "budget_amount": data["budget_amount"],
        "dispatcher_id": data["dispatcher"],
        "status": data["status"],
        "planned_start": data["planned_start"],
        "planned_end": data["planned_end"],
    }


@staff_view
def list_view(request: HttpRequest):
    _level, dispatches = order_level(request)
    filters = work_selectors.OrderFilters(
        status=request.GET.get("status", "active"),
        client_id=_int(request.GET.get("client")),
        operator_id=_int(request.GET.get("operator")),
        q=request.GET.get("q", "")[:100],
    )
    orders = list(work_selectors.workorder_list(filters=filters)[:200])
    return render(
        request,
        "helpdesk/workorders/list.html",
        {
            "orders": orders,
            "filters": filters,
            "statuses": WorkOrder.Status.choices,
            "people": selectors.staff_people(),
            "dispatches": dispatches,
        },
    )


@staff_view
def create_view(request: HttpRequest):
    _level, dispatches = order_level(request)
    if not dispatches:
        raise PermissionDenied
    form = _order_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            order = workorder_create(
                actor=request.user,
                operator_ids=form.cleaned_data["operators"],
                **_order_data(form),
            )
        except (ApplicationError, ValidationError) as exc:
            service_errors(form, exc)
        else:
            messages.success(
                request, _("Work order %(number)s created.") % {"number": order.number}
            )
            return redirect("helpdesk:order", order_id=order.pk)
    return render(
        request,
        "helpdesk/workorders/form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _detail(request, order: WorkOrder, dispatches: bool, *, form=None, link_form=None):
    figures = work_selectors.workorder_figures(order=order)
    names = selectors.people_names(
        {*figures.operators, *([order.dispatcher_id] if order.dispatcher_id else [])}
    )
    return {
        "order": order,
        "figures": figures,
        "operators": [names.get(pk, "") for pk in figures.operators],
        "dispatcher": names.get(order.dispatcher_id, ""),
        "dispatches": dispatches,
        "form": form if form is not None else (_order_form(order=order) if dispatches else None),
        "link_form": link_form or LinkForm(),
    }


@staff_view
def detail_view(request: HttpRequest, order_id: int):
    _level, dispatches = order_level(request)
    order = _order(order_id)
    if request.method == "POST":
        if not dispatches:
            raise PermissionDenied
        form = _order_form(request.POST, order=order)
        if form.is_valid():
            try:
                workorder_update(
                    order=order,
                    actor=request.user,
                    data=_order_data(form),
                    operator_ids=form.cleaned_data["operators"],
                    version=form.cleaned_data["version"],
                )
            except (ApplicationError, ValidationError) as exc:
                service_errors(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("helpdesk:order", order_id=order.pk)
        return render(
            request,
            "helpdesk/workorders/detail.html",
            _detail(request, order, dispatches, form=form),
            status=400,
        )
    # Opened: this person's alert about the order (assigned to them) is read.
    order_alerts_read(order=order, user=request.user)
    return render(request, "helpdesk/workorders/detail.html", _detail(request, order, dispatches))


@require_POST
@staff_view
def link_view(request: HttpRequest, order_id: int):
    _level, dispatches = order_level(request)
    if not dispatches:
        raise PermissionDenied
    order = _order(order_id)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            linked = workorder_link_numbers(
                order=order, numbers=form.cleaned_data["number"], actor=request.user
            )
        except ApplicationError as exc:
            form.add_error("number", exc.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s request added to the order.",
                    "%(count)s requests added to the order.",
                    len(linked),
                )
                % {"count": len(linked)},
            )
            return redirect("helpdesk:order", order_id=order.pk)
    return render(
        request,
        "helpdesk/workorders/detail.html",
        _detail(request, order, dispatches, link_form=form),
        status=400,
    )


@require_POST
@staff_view
def unlink_view(request: HttpRequest, order_id: int, request_id: int):
    _level, dispatches = order_level(request)
    if not dispatches:
        raise PermissionDenied
    order = _order(order_id)
    target = Request.objects.filter(pk=request_id).first()
    if target is None:
        raise Http404
    try:
        workorder_unlink(order=order, request=target, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Request removed from the order."))
    return redirect("helpdesk:order", order_id=order.pk)


def _week_start(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        today = timezone.localdate()
        return today - dt.timedelta(days=today.weekday())


def _board_context(start: dt.date, dispatches: bool, error: str = "") -> dict:
    board = work_selectors.workorder_board(start=start, days=7)
    return {
        "board": board,
        # Each cell beside its day: a dropped order names the cell's operator and day.
        "rows": [
            {**row, "cells": list(zip(board.days, row["cells"], strict=True))} for row in board.rows
        ],
        "start": start,
        "previous": start - dt.timedelta(days=7),
        "next": start + dt.timedelta(days=7),
        "today": timezone.localdate(),
        "dispatches": dispatches,
        "error": error,
    }


@staff_view
def board_view(request: HttpRequest):
    _level, dispatches = order_level(request)
    start = _week_start(request.GET.get("start", ""))
    return render(request, "helpdesk/workorders/board.html", _board_context(start, dispatches))


@staff_view
@require_POST
def board_move_view(request: HttpRequest, order_id: int):
    """An order dropped on another cell of the board (supervisors): HTMX gets the board
    back (with the refusal above it, if any); a plain POST goes back to the board."""
    _level, dispatches = order_level(request)
    if not dispatches:
        raise PermissionDenied
    order = _order(order_id)
    start = _week_start(request.POST.get("start", ""))
    form = BoardMoveForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("The move could not be read. Reload the board and try again.")
    else:
        data = form.cleaned_data
        try:
            workorder_move(
                order=order,
                actor=request.user,
                to_day=data["to_day"],
                from_day=data["from_day"],
                from_user_id=data["from_user"],
                to_user_id=data["to_user"],
                version=data["version"],
            )
        except (ApplicationError, ValidationError) as exc:
            error = exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)
    if request.htmx:
        context = _board_context(start, dispatches, error)
        return render(request, "helpdesk/workorders/board_grid.html", context)
    if error:
        messages.error(request, error)
    return redirect(f"{reverse('helpdesk:order_board')}?start={start:%Y-%m-%d}")


def client_orders_tab(request, client):
    return "helpdesk/workorders/client_tab.html", {
        "helpdesk_orders": work_selectors.client_orders(client_id=client.pk),
        "work_totals": work_selectors.worklog_totals(client_id=client.pk),
    }
