"""Reads of billing. `summary_get` / `summary_list` are what other modules (invoices) use:
plain data, lines with quantity, unit price, net, VAT rate, VAT and gross (summary.py)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import QuerySet

from modules.billing.models import Assignment, Package, PeriodClose, Service, UsageRecord
from modules.billing.summary import Summary, summaries_compute

SORTS = {
    "client": lambda s: (s.client_name.lower(), s.client_id),
    "package": lambda s: (s.package.lower(), s.client_name.lower()),
    "net": lambda s: (s.net, s.client_id),
    "gross": lambda s: (s.gross, s.client_id),
}


def service_list(*, active_only: bool = False) -> QuerySet[Service]:
    qs = Service.objects.all()
    return qs.filter(active=True) if active_only else qs


def package_list(*, active_only: bool = False) -> QuerySet[Package]:
    qs = Package.objects.all()
    return qs.filter(active=True) if active_only else qs


def assignment_list(*, client_id: int) -> QuerySet[Assignment]:
    return Assignment.objects.select_related("package").filter(client_id=client_id)


def assignment_current(*, client_id: int, day: dt.date) -> Assignment | None:
    return (
        assignment_list(client_id=client_id)
        .filter(starts_on__lte=day)
        .exclude(ends_on__lt=day)
        .order_by("-starts_on")
        .first()
    )


def usage_list(*, client_id: int | None = None, period: dt.date | None = None):
    qs = UsageRecord.objects.select_related("service", "client")
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if period is not None:
        qs = qs.filter(period=period)
    return qs.order_by("-date", "-pk")


def usage_source_list(*, source: str, ref: str) -> list[UsageRecord]:
    """The usage another module recorded for one thing of its own: `ref` and the refs
    under it (`booking:7`, `booking:7:extra:2`), oldest first. For modules that keep their
    usage in step with what they bill (rooms: one usage per booking, corrected)."""
    return list(
        UsageRecord.objects.filter(source=source)
        .filter(models.Q(source_ref=ref) | models.Q(source_ref__startswith=f"{ref}:"))
        .order_by("pk")
    )


def period_closed(*, client_id: int, period: dt.date) -> bool:
    return PeriodClose.objects.filter(client_id=client_id, period=period).exists()


def _frozen(client_ids: list[int] | None, period: dt.date) -> dict[int, Summary]:
    qs = PeriodClose.objects.filter(period=period)
    if client_ids is not None:
        qs = qs.filter(client_id__in=client_ids)
    return {
        close.client_id: Summary.from_dict(close.figures)
        for close in qs.only("client_id", "figures")
    }


def summary_get(*, client_id: int, period: dt.date) -> Summary | None:
    """The client's month: as frozen when closed, else computed now (None: no such client)."""
    frozen = _frozen([client_id], period)
    if client_id in frozen:
        return frozen[client_id]
    return summaries_compute(client_ids=[client_id], period=period).get(client_id)


def summary_list(
    *,
    period: dt.date,
    package_id: int | None = None,
    status: str = "",
    over_limit: bool = False,
    sort: str = "client",
) -> list[Summary]:
    """Every client with something to bill in the month; `status` "open"/"closed"."""
    summaries = summaries_compute(client_ids=None, period=period)
    summaries.update(_frozen(None, period))
    rows = list(summaries.values())
    if package_id:
        name = Package.objects.filter(pk=package_id).values_list("name", flat=True).first()
        rows = [s for s in rows if s.package == name]
    if status in ("open", "closed"):
        rows = [s for s in rows if s.closed == (status == "closed")]
    if over_limit:
        rows = [s for s in rows if s.over_limit]
    key = sort.lstrip("-")
    rows.sort(key=SORTS.get(key, SORTS["client"]), reverse=sort.startswith("-"))
    return rows
