"""Reads of the scan requests module. Staff see the office's requests; a client user only
those of the company they act for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common.collation import name_ordering
from modules.mail.selectors import mail_item_list
from modules.notifications.selectors import client_event_reaches
from modules.scanrequests.models import ClientScanAccess, ScanRequest

PAGE_SIZE = 50


@dataclass
class RequestFilters:
    status: str = ScanRequest.Status.NEW  # "" for every status
    client_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    overdue: bool = False


def scan_request_list(*, membership) -> QuerySet[ScanRequest]:
    """Every request `membership` may see (its item visible to them)."""
    if membership is None:
        return ScanRequest.objects.none()
    qs = ScanRequest.objects.all()
    if not membership.is_staff_role:
        qs = qs.filter(item__in=mail_item_list(membership=membership))
    return qs


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def scan_request_page(
    *, membership, filters: RequestFilters, target_hours: int, page: int = 1
) -> dict:
    """A page of the Scan requests screen in one query (no COUNT), oldest open first so
    that what waits longest is on top; closed ones newest first."""
    qs = scan_request_list(membership=membership).select_related(
        "item__client", "item__status", "item__mail_type"
    )
    if filters.status in ScanRequest.Status.values:
        qs = qs.filter(status=filters.status)
    if filters.client_id:
        qs = qs.filter(item__client_id=filters.client_id)
    if filters.date_from:
        qs = qs.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(created_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    now = timezone.now()
    if filters.overdue:
        qs = qs.filter(
            status=ScanRequest.Status.NEW, created_at__lte=now - dt.timedelta(hours=target_hours)
        )
    if filters.status == ScanRequest.Status.NEW or filters.overdue:
        qs = qs.order_by("created_at", "pk")
    else:
        qs = qs.order_by("-created_at", "-pk")
    page = max(1, page)
    offset = (page - 1) * PAGE_SIZE
    rows = list(qs[offset : offset + PAGE_SIZE + 1])
    limit = dt.timedelta(hours=target_hours)
    for row in rows:
        end = row.closed_at or now
        row.waited = end - row.created_at
        row.overdue = row.status == ScanRequest.Status.NEW and row.waited > limit
    return {
        "rows": rows[:PAGE_SIZE],
        "number": page,
        "has_next": len(rows) > PAGE_SIZE,
        "has_previous": page > 1,
    }


def scan_request_get(*, membership, request_id: int) -> ScanRequest | None:
    return (
        scan_request_list(membership=membership)
        .select_related("item__client", "item__status", "item__mail_type")
        .filter(pk=request_id)
        .first()
    )


def open_requests_for_items(*, item_ids: list[int]) -> dict[int, ScanRequest]:
    """The New request of each item (at most one, by constraint), in one query."""
    if not item_ids:
        return {}
    return {
        r.item_id: r
        for r in ScanRequest.objects.filter(item_id__in=item_ids, status=ScanRequest.Status.NEW)
    }


def open_request_times(*, item_ids: list[int]) -> dict[int, dt.datetime]:
    """When each item's New request was made (a list page needs nothing else of it),
    written out: the client panel's Mail tab asks on every page."""
    if not item_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT item_id, created_at FROM scanrequests_scanrequest "
            "WHERE item_id = ANY(%s) AND status = %s",
            [list(item_ids), ScanRequest.Status.NEW.value],
        )
        return dict(cursor.fetchall())


def open_request_counts() -> dict[str, int]:
    return {"new": ScanRequest.objects.filter(status=ScanRequest.Status.NEW).count()}


def clients_for_filter(*, chosen_id: int | None = None, limit: int = 500) -> list[dict]:
    """The client filter's choices: the companies with open requests (a few, through the
    status index; every request ever would be a join over the whole table on each page)
    and the one chosen."""
    from modules.clients.models import Client

    open_ids = ScanRequest.objects.filter(status=ScanRequest.Status.NEW).values("item__client_id")
    wanted = Q(pk__in=open_ids) | Q(pk=chosen_id) if chosen_id else Q(pk__in=open_ids)
    return list(
        Client.objects.filter(wanted).order_by(*name_ordering(), "pk").values("id", "name")[:limit]
    )


def client_access_list() -> QuerySet[ClientScanAccess]:
    return ClientScanAccess.objects.select_related("client").order_by("client__name", "pk")


def client_requests(*, client_id: int, limit: int = 25) -> list[ScanRequest]:
    return list(
        ScanRequest.objects.filter(item__client_id=client_id)
        .select_related("item")
        .order_by("-created_at", "-pk")[:limit]
    )


def waited_label(delta: dt.timedelta) -> str:
    """ "2 d 3 h", "5 h 10 min", "12 min": short enough for a table cell."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


def scan_reaches_by_email(*, client_id: int, email: str) -> bool:
    """Whether the scan, once added, is e-mailed to `email` (mail's `mail.scan_added` goes to
    the client's recipients, not to whoever asked): the panel promises an e-mail only then."""
    return bool(email) and client_event_reaches(
        client_id=client_id, event="mail.scan_added", channel="email", address=email
    )
