"""Reads of work orders (T6) and the work log (T9). The totals are the API other parts call
(reports read `worklog_totals` / `worklog_totals_by`; re-exported by `selectors`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from modules.helpdesk.models import (
    BillableWork,
    Quote,
    QuoteLine,
    Request,
    WorkLog,
    WorkOrder,
    WorkRate,
)

ZERO = Decimal("0.00")


# Totals


@dataclass(frozen=True)
class WorkTotals:
    """Finished entries only (a running timer counts when stopped). `amount` is the billable
    net value (hours to 0.01 x rate, per entry, as billed); `billed_amount` the part already
    in settlements."""

    entries: int = 0
    minutes: int = 0
    billable_minutes: int = 0
    amount: Decimal = ZERO
    billed_amount: Decimal = ZERO

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))

    @property
    def billable_hours(self) -> Decimal:
        return (Decimal(self.billable_minutes) / 60).quantize(Decimal("0.01"))


def _filtered(
    *,
    request_id: int | None = None,
    order_id: int | None = None,
    client_id: int | None = None,
    operator_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[WorkLog]:
    rows = WorkLog.objects.filter(minutes__isnull=False)
    if request_id is not None:
        rows = rows.filter(request_id=request_id)
    if order_id is not None:
        rows = rows.filter(request__order_link__order_id=order_id)
    if client_id is not None:
        rows = rows.filter(request__client_id=client_id)
    if operator_id is not None:
        rows = rows.filter(operator_id=operator_id)
    if date_from is not None:
        rows = rows.filter(date__gte=date_from)
    if date_to is not None:
        rows = rows.filter(date__lte=date_to)
    return rows


_AGGREGATES = {
    "t_entries": Count("pk"),
    "t_minutes": Coalesce(Sum("minutes"), 0),
    "t_billable_minutes": Coalesce(Sum("minutes", filter=Q(billable=True)), 0),
    "t_amount": Coalesce(Sum("amount", filter=Q(billable=True)), ZERO),
    "t_billed_amount": Coalesce(Sum("amount", filter=Q(billable=True, work__isnull=False)), ZERO),
}


def _totals(row: dict) -> WorkTotals:
    return WorkTotals(**{name[2:]: row[name] for name in _AGGREGATES})


def worklog_totals(**filters) -> WorkTotals:
    """Totals of the work log, narrowed by any of `request_id`, `order_id`, `client_id`,
    `operator_id`, `date_from`, `date_to` (inclusive). One query."""
    return _totals(_filtered(**filters).aggregate(**_AGGREGATES))


BY = {
    "request": "request_id",
    "order": "request__order_link__order_id",
    "client": "request__client_id",
    "operator": "operator_id",
    "day": "date",
    "month": "month",
}


def worklog_totals_by(*, by: str, **filters) -> dict:
    """{key: WorkTotals} grouped `by` request, order, client, operator (ids), day (date) or
    month (first day); the same filters as `worklog_totals`. One query. Entries of requests
    in no order are under the key None when grouped by order (internal requests likewise
    by client)."""
    rows = _filtered(**filters)
    if by == "month":
        rows = rows.annotate(month=TruncMonth("date"))
    key = BY[by]
    result = {}
    for row in rows.values(key).annotate(**_AGGREGATES).order_by(key):
        value = row.pop(key)
        if by == "month" and isinstance(value, dt.datetime):
            value = value.date()
        result[value] = _totals(row)
    return result


def worklog_for(*, request_id: int) -> list[WorkLog]:
    return list(WorkLog.objects.filter(request_id=request_id).order_by("date", "created_at", "pk"))


@dataclass(frozen=True)
class ClientWork:
    """What a client sees of the time logged on their request (the panel's request page):
    the billable entries - date, work done, time, net amount; the lines their settlement
    gets - and only the sum of the time not charged (its notes stay the office's)."""

    entries: list[WorkLog]
    totals: WorkTotals  # minutes: all finished time; amount: the billable entries'
    free_minutes: int

    @property
    def free_hours(self) -> Decimal:
        return (Decimal(self.free_minutes) / 60).quantize(Decimal("0.01"))


def worklog_for_client(*, request_id: int) -> ClientWork | None:
    """The request's finished time for its client (one query); None when none is logged.
    Running timers are not shown until stopped."""
    rows = list(
        WorkLog.objects.filter(request_id=request_id, minutes__isnull=False)
        .only("request_id", "date", "minutes", "description", "billable", "amount", "work_id")
        .order_by("date", "created_at", "pk")
    )
    if not rows:
        return None
    billable = [row for row in rows if row.billable]
    minutes = sum(row.minutes for row in rows)
    totals = WorkTotals(
        entries=len(billable),
        minutes=minutes,
        billable_minutes=sum(row.minutes for row in billable),
        amount=sum((row.amount for row in billable), ZERO),
        billed_amount=sum((row.amount for row in billable if row.work_id), ZERO),
    )
    return ClientWork(billable, totals, minutes - totals.billable_minutes)


def quote_covers_work(*, request_id: int) -> bool:
    """The request has an accepted (fixed-price) quote: the quote bills the work when the
    request is resolved, so time logged on it is not billable unless staff say so."""
    return Quote.objects.filter(request_id=request_id, status=Quote.Status.ACCEPTED).exists()


def timer_running(*, user_id: int) -> WorkLog | None:
    return (
        WorkLog.objects.filter(operator_id=user_id, minutes__isnull=True)
        .select_related("request")
        .first()
    )


def rate_list() -> list[WorkRate]:
    return list(WorkRate.objects.order_by("client_id", "user_id"))


def worklog_entry_get(*, entry_id: int) -> WorkLog | None:
    return WorkLog.objects.filter(pk=entry_id).select_related("request").first()


# Work orders


@dataclass
class OrderFilters:
    status: str = ""
    client_id: int | None = None
    operator_id: int | None = None
    q: str = ""


def workorder_list(*, filters: OrderFilters | None = None) -> QuerySet[WorkOrder]:
    filters = filters or OrderFilters()
    rows = WorkOrder.objects.select_related("client").annotate(requests=Count("links"))
    if filters.status == "active":
        rows = rows.filter(status__in=("draft", "open", "in_progress"))
    elif filters.status:
        rows = rows.filter(status=filters.status)
    if filters.client_id:
        rows = rows.filter(client_id=filters.client_id)
    if filters.operator_id:
        rows = rows.filter(operators__user_id=filters.operator_id)
    if filters.q.strip():
        q = filters.q.strip()
        rows = rows.filter(Q(number__icontains=q) | Q(title__icontains=q))
    return rows.order_by("-created_at", "-pk")


def workorder_get(*, order_id: int) -> WorkOrder | None:
    return WorkOrder.objects.select_related("client").filter(pk=order_id).first()


def workorder_of(*, request_id: int) -> WorkOrder | None:
    return WorkOrder.objects.filter(links__request_id=request_id).first()


def workorder_options(*, client_id: int | None) -> list[WorkOrder]:
    """Active orders a request of `client_id` may join (the client's and those without one)."""
    rows = WorkOrder.objects.filter(status__in=("draft", "open", "in_progress"))
    rows = rows.filter(Q(client__isnull=True) | Q(client_id=client_id))
    return list(rows.order_by("number"))


def client_orders(*, client_id: int, limit: int = 25) -> list[WorkOrder]:
    return list(
        WorkOrder.objects.filter(client_id=client_id)
        .annotate(requests=Count("links"))
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass
class Budget:
    """Budget used: `share` in per cent (None without that budget); `level` "" under 80 %,
    "warning" from 80 %, "danger" from 100 %."""

    budget: Decimal | None
    used: Decimal
    share: Decimal | None = None
    level: str = ""


def _budget(budget: Decimal | None, used: Decimal) -> Budget:
    if not budget:
        return Budget(budget=None, used=used)
    share = (used * 100 / budget).quantize(Decimal("0.1"))
    level = "danger" if share >= 100 else "warning" if share >= 80 else ""
    return Budget(budget=budget, used=used, share=share, level=level)


@dataclass
class OrderFigures:
    requests: list[Request]
    totals: WorkTotals
    quotes_net: Decimal
    work_net: Decimal  # billable work recorded on the requests (not logged time)
    hours: Budget
    amount: Budget
    operators: list[int] = field(default_factory=list)


def workorder_figures(*, order: WorkOrder) -> OrderFigures:
    """What the order page shows: its requests, time logged, accepted quotes (net), the
    billable work recorded on its requests (net) and the budget used. Hours used = every
    minute logged on its requests; amount used = the billable value of that time (hours x
    rate per entry, as the work log sums it) + the accepted quotes' net + the billable work
    recorded on the requests ("Record billable work": quantity x unit price per row, as the
    settlement's line). The BillableWork rows that carried logged time into the settlement
    (`WorkLog.work`) are that time already and are not counted twice. Six queries."""
    requests = list(Request.objects.filter(order_link__order=order).order_by("-created_at", "-pk"))
    totals = worklog_totals(order_id=order.pk)
    lines = QuoteLine.objects.filter(
        quote__request__order_link__order=order, quote__status=Quote.Status.ACCEPTED
    ).values_list("quantity", "unit_price")
    quotes_net = sum(
        ((quantity * price).quantize(Decimal("0.01")) for quantity, price in lines), ZERO
    )
    recorded = BillableWork.objects.filter(
        request__order_link__order=order, log__isnull=True
    ).values_list("quantity", "unit_price")
    work_net = sum(
        ((quantity * price).quantize(Decimal("0.01")) for quantity, price in recorded), ZERO
    )
    return OrderFigures(
        requests=requests,
        totals=totals,
        quotes_net=quotes_net,
        work_net=work_net,
        hours=_budget(order.budget_hours, totals.hours),
        amount=_budget(order.budget_amount, totals.amount + quotes_net + work_net),
        operators=list(order.operators.values_list("user_id", flat=True)),
    )


@dataclass
class Board:
    days: list[dt.date]
    rows: list[dict]  # {"id", "name", "cells": [[order, ...] per day]}
    unplanned: list[WorkOrder]


def workorder_board(*, start: dt.date, days: int = 7) -> Board:
    """The dispatcher's board: active orders by operator (their assigned operators; "not
    assigned" last) and day (each day of the order's planned start..end, a missing end = the
    start). Orders without a planned start are listed apart. Three queries."""
    from modules.helpdesk.selectors import staff_people

    dates = [start + dt.timedelta(days=n) for n in range(days)]
    end = dates[-1]
    active = ("draft", "open", "in_progress")
    orders = list(
        WorkOrder.objects.filter(status__in=active, planned_start__lte=end)
        .filter(Q(planned_end__gte=start) | Q(planned_end__isnull=True, planned_start__gte=start))
        .select_related("client")
        .prefetch_related("operators")
        .order_by("planned_start", "number")
    )
    unplanned = list(
        WorkOrder.objects.filter(status__in=active, planned_start__isnull=True).order_by("number")
    )
    people = staff_people()
    by_user = {person["id"]: [[] for _day in dates] for person in people}
    nobody = [[] for _day in dates]
    for order in orders:
        last = order.planned_end or order.planned_start
        slots = [i for i, day in enumerate(dates) if order.planned_start <= day <= last]
        users = [op.user_id for op in order.operators.all()]
        for user_id in users or [None]:
            target = by_user.get(user_id, nobody) if user_id is not None else nobody
            for i in slots:
                target[i].append(order)
    rows = [
        {"id": person["id"], "name": person["name"], "cells": by_user[person["id"]]}
        for person in people
    ]
    rows.append({"id": None, "name": None, "cells": nobody})
    return Board(days=dates, rows=rows, unplanned=unplanned)
