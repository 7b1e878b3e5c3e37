"""Work orders (T6, "miniZákazky"): requests grouped for economic tracking and dispatching.
Writes only; reads are in `work_selectors`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.audit import audit_diff, audit_value
from common.exceptions import ApplicationError
from common.numbering import number_next
from modules.audit.services import audit_record
from modules.helpdesk.models import (
    Request,
    WorkOrder,
    WorkOrderCounter,
    WorkOrderOperator,
    WorkOrderRequest,
)
from modules.helpdesk.notifying import order_alerts_resolve, order_assigned_notify

OS = WorkOrder.Status
# Where each status may go (the edit form offers these; anything else is refused).
ORDER_MOVES: dict[str, set[str]] = {
    OS.DRAFT: {OS.OPEN, OS.CANCELLED},
    OS.OPEN: {OS.DRAFT, OS.IN_PROGRESS, OS.DONE, OS.CANCELLED},
    OS.IN_PROGRESS: {OS.OPEN, OS.DONE, OS.CANCELLED},
    OS.DONE: {OS.IN_PROGRESS},
    OS.CANCELLED: {OS.DRAFT, OS.OPEN},
}
ACTIVE = (OS.DRAFT, OS.OPEN, OS.IN_PROGRESS)
# The people on an order are told (helpdesk.order_assigned) once it is out of the drafts.
DISPATCHED = (OS.OPEN, OS.IN_PROGRESS)
ORDER_FIELDS = (
    "title",
    "description",
    "client",
    "budget_hours",
    "budget_amount",
    "dispatcher_id",
    "status",
    "planned_start",
    "planned_end",
)


def _next_number(year: int) -> str:
    return f"ZK-{year}-{number_next(WorkOrderCounter, key=year):05d}"


def _staff_check(user_ids) -> None:
    from modules.helpdesk.selectors import staff_user_ids

    unknown = set(user_ids) - staff_user_ids()
    if unknown:
        raise ApplicationError(
            _("Only the office's active staff can dispatch or work on an order."),
            code="not_staff",
        )


def _operators_set(order: WorkOrder, operator_ids) -> list | None:
    wanted = {int(pk) for pk in operator_ids}
    current = set(order.operators.values_list("user_id", flat=True))
    if wanted == current:
        return None
    _staff_check(wanted - current)
    order.operators.filter(user_id__in=current - wanted).delete()
    WorkOrderOperator.objects.bulk_create(
        WorkOrderOperator(order=order, user_id=pk) for pk in sorted(wanted - current)
    )
    return [sorted(current), sorted(wanted)]


@transaction.atomic
def workorder_create(
    *,
    actor,
    title: str,
    client=None,
    description: str = "",
    budget_hours: Decimal | None = None,
    budget_amount: Decimal | None = None,
    dispatcher_id: int | None = None,
    operator_ids=(),
    status: str = OS.OPEN,
    planned_start: dt.date | None = None,
    planned_end: dt.date | None = None,
) -> WorkOrder:
    """A new order, numbered ZK-<year>-<00001> from its own yearly counter (row locked)."""
    if status not in (OS.DRAFT, OS.OPEN):
        raise ApplicationError(_("A new order is a draft or open."), code="status")
    if dispatcher_id:
        _staff_check({dispatcher_id})
    order = WorkOrder(
        number="-",
        title=title.strip(),
        description=description.strip(),
        client=client,
        budget_hours=budget_hours,
        budget_amount=budget_amount,
        dispatcher_id=dispatcher_id,
        status=status,
        planned_start=planned_start,
        planned_end=planned_end,
    )
    order.full_clean(exclude=["number"])
    order.number = _next_number(timezone.localdate().year)
    order.save()
    operators = _operators_set(order, operator_ids)
    created = {
        field: [None, audit_value(getattr(order, field))]
        for field in ("number", *ORDER_FIELDS)
        if getattr(order, field) not in (None, "")
    }
    if operators:
        created["operators"] = operators
    audit_record(action="helpdesk.order_created", actor=actor, target=order, changes=created)
    if order.status in DISPATCHED:
        told = {int(pk) for pk in operator_ids} | {dispatcher_id}
        order_assigned_notify(order, user_ids=told - {None}, actor=actor)
    return order


def _lock(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def workorder_update(
    *, order: WorkOrder, actor, data: dict, operator_ids=None, version: int | None = None
) -> WorkOrder:
    """Change an order. `version` is the one the form was shown with (a change made
    meanwhile refuses this one); a status move not in ORDER_MOVES is refused naming the
    possible ones; a client cannot change while requests of it are linked."""
    locked = _lock(order)
    if version is not None and version != locked.version:
        raise ApplicationError(
            _(
                "Someone else changed this order while you were editing it. Reload the page "
                "and make your change again."
            ),
            code="stale",
        )
    status = data.get("status", locked.status)
    if status != locked.status and status not in ORDER_MOVES[locked.status]:
        labels = dict(OS.choices)
        raise ApplicationError(
            _("An order that is %(status)s cannot become %(target)s. Possible: %(allowed)s.")
            % {
                "status": labels[locked.status].lower(),
                "target": labels[status].lower(),
                "allowed": ", ".join(
                    sorted(str(labels[s]).lower() for s in ORDER_MOVES[locked.status])
                ),
            },
            code="status",
        )
    if (
        "client" in data
        and data["client"] != locked.client
        and locked.links.exclude(request__client=data["client"]).exists()
    ):
        raise ApplicationError(
            _("Unlink the requests of the other client before changing the order's client."),
            code="client_linked",
        )
    if data.get("dispatcher_id") and data["dispatcher_id"] != locked.dispatcher_id:
        _staff_check({data["dispatcher_id"]})
    was_dispatched, dispatcher_before = locked.status in DISPATCHED, locked.dispatcher_id
    changes = audit_diff(locked, data, ORDER_FIELDS)
    operators = _operators_set(locked, operator_ids) if operator_ids is not None else None
    if operators:
        changes["operators"] = operators
    if not changes:
        return locked
    locked.version += 1
    locked.full_clean(exclude=["number"])
    locked.save()
    audit_record(action="helpdesk.order_changed", actor=actor, target=locked, changes=changes)
    if locked.status in (OS.DONE, OS.CANCELLED):  # nothing left to do: its alerts are read
        order_alerts_resolve(locked)
    if locked.status in DISPATCHED:
        if was_dispatched:  # only those new on it
            told = set(operators[1]) - set(operators[0]) if operators else set()
            if locked.dispatcher_id != dispatcher_before:
                told.add(locked.dispatcher_id)
        else:  # a draft (or a reopened order) goes out: everyone on it
            told = set(locked.operators.values_list("user_id", flat=True))
            told.add(locked.dispatcher_id)
        order_assigned_notify(locked, user_ids=told - {None}, actor=actor)
    return locked


@transaction.atomic
def workorder_move(
    *,
    order: WorkOrder,
    actor,
    to_day: dt.date,
    from_day: dt.date | None = None,
    from_user_id: int | None = None,
    to_user_id: int | None = None,
    version: int | None = None,
) -> WorkOrder:
    """The dispatcher's board: an order dragged from one cell (operator, day) to another.

    The days move by the difference between the cell's day it left and `to_day` (the
    planned span keeps its length); an order not planned yet is planned for `to_day`. The
    operator of the row it left (None: "not assigned") gives way to the row's it lands in
    (None: the row's operator only leaves the order). Everything else is
    `workorder_update` (the version check, the staff check, the audit entry, the notice to a
    newly assigned operator)."""
    locked = _lock(order)
    if locked.status not in ACTIVE:
        raise ApplicationError(_("Only an active order can be moved on the board."), code="status")
    if locked.planned_start is None:  # from "not planned yet"
        start = to_day
        end = locked.planned_end if locked.planned_end and locked.planned_end >= to_day else None
    else:  # the cell it was taken from says which of its days moves to `to_day`
        shift = to_day - (from_day or locked.planned_start)
        start = locked.planned_start + shift
        end = locked.planned_end + shift if locked.planned_end else None
    operators = set(locked.operators.values_list("user_id", flat=True))
    if from_user_id != to_user_id:
        operators.discard(from_user_id)
        if to_user_id is not None:
            operators.add(to_user_id)
    return workorder_update(
        order=locked,
        actor=actor,
        data={"planned_start": start, "planned_end": end},
        operator_ids=operators,
        version=version,
    )


@transaction.atomic
def workorder_link(*, order: WorkOrder, request: Request, actor) -> WorkOrderRequest:
    """Put a request into an order: the order's client's (any for an order without a client),
    the order still active, the request in no other order."""
    locked = _lock(order)
    if locked.status not in ACTIVE:
        raise ApplicationError(
            _("A finished or cancelled order takes no more requests."), code="order_closed"
        )
    if locked.client_id is not None and request.client_id != locked.client_id:
        raise ApplicationError(
            _("Only requests of %(client)s can be linked to this order.")
            % {"client": locked.client.name},
            code="other_client",
        )
    existing = WorkOrderRequest.objects.select_related("order").filter(request=request).first()
    if existing is not None:
        if existing.order_id == locked.pk:
            return existing
        raise ApplicationError(
            _("%(request)s already belongs to the order %(order)s.")
            % {"request": request.number, "order": existing.order.number},
            code="linked_elsewhere",
        )
    link = WorkOrderRequest.objects.create(order=locked, request=request)
    audit_record(
        action="helpdesk.order_linked",
        actor=actor,
        target=locked,
        changes={"request": [None, request.number]},
    )
    return link


@transaction.atomic
def workorder_link_numbers(*, order: WorkOrder, numbers: list[str], actor) -> list[Request]:
    """Put the requests of several numbers into an order, all or none: an unknown number,
    or a request workorder_link refuses, leaves the order as it was (ApplicationError
    naming the number). Numbers are matched as typed, ignoring case."""
    wanted = list(dict.fromkeys(number.strip().upper() for number in numbers if number.strip()))
    found = {r.number: r for r in Request.objects.filter(number__in=wanted)}
    unknown = [number for number in wanted if number not in found]
    if unknown:
        raise ApplicationError(
            ngettext(
                "No request has the number %(numbers)s.",
                "No requests have the numbers %(numbers)s.",
                len(unknown),
            )
            % {"numbers": ", ".join(unknown)},
            code="unknown_number",
        )
    for number in wanted:
        workorder_link(order=order, request=found[number], actor=actor)
    return [found[number] for number in wanted]


@transaction.atomic
def workorder_unlink(*, order: WorkOrder, request: Request, actor) -> None:
    locked = _lock(order)
    deleted, _rows = WorkOrderRequest.objects.filter(order=locked, request=request).delete()
    if not deleted:
        raise ApplicationError(_("This request is not in the order."), code="not_linked")
    audit_record(
        action="helpdesk.order_unlinked",
        actor=actor,
        target=locked,
        changes={"request": [request.number, None]},
    )
