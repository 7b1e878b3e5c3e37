"""What the super-console reads: every office with its plan and usage, platform figures,
and the dead-letter queue of background jobs."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import dramatiq
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from tenants.models import Office


def console_office_list(*, search: str = "", state: str = "") -> QuerySet[Office]:
    """Real offices (not the template, not the pool), newest first, with what the list shows
    fetched in the same query."""
    qs = (
        Office.objects.filter(is_template=False)
        .exclude(state=Office.State.POOLED)
        .select_related("subscription__plan", "usage")
        .order_by("-created_at", "-pk")
    )
    if state:
        qs = qs.filter(state=state)
    search = search.strip()
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(slug__icontains=search)
            | Q(domains__domain__icontains=search)
            | Q(memberships__user__email__iexact=search)
        ).distinct()
    return qs


def console_figures(*, weeks: int = 8) -> dict:
    from signup.models import SignupRequest
    from subscriptions.models import Subscription

    now = timezone.now()
    since = (now - timedelta(weeks=weeks)).replace(hour=0, minute=0, second=0, microsecond=0)
    per_week = dict(
        SignupRequest.objects.filter(completed_at__gte=since)
        .annotate(week=TruncWeek("completed_at"))
        .values_list("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
    )
    start = timezone.localtime(now).date()
    start -= timedelta(days=start.weekday())
    signups = []
    for i in range(weeks - 1, -1, -1):
        week = start - timedelta(weeks=i)
        count = sum(n for w, n in per_week.items() if timezone.localtime(w).date() == week)
        signups.append({"week": week, "count": count})
    offices = Office.objects.filter(is_template=False).exclude(state=Office.State.POOLED)
    mrr: dict[str, Decimal] = {}
    paying = (
        Subscription.objects.filter(
            status__in=[Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE]
        )
        .select_related("plan", "office")
        .prefetch_related("plan__prices")
    )
    for sub in paying:
        price = sub.plan.price_in(sub.office.currency)  # what the office is charged
        monthly = (
            price.price_monthly
            if sub.interval == Subscription.Interval.MONTH
            else (price.price_yearly / 12)
        )
        mrr[price.currency] = mrr.get(price.currency, Decimal("0")) + monthly
    return {
        "signups_per_week": signups,
        "active_offices": offices.filter(state=Office.State.ACTIVE).count(),
        "suspended_offices": offices.filter(state=Office.State.SUSPENDED).count(),
        "trialing": Subscription.objects.filter(status=Subscription.Status.TRIALING).count(),
        "paying": len(paying),
        "mrr": {currency: value.quantize(Decimal("0.01")) for currency, value in mrr.items()},
        "pool": Office.objects.filter(state=Office.State.POOLED).count(),
    }


def failed_job_list(*, limit: int = 100) -> list[dict]:
    """Messages in dramatiq's dead-letter queues (`<namespace>:<queue>.XQ`): newest first."""
    broker = dramatiq.get_broker()
    client = getattr(broker, "client", None)
    if client is None:
        return []
    namespace = broker.namespace
    jobs = []
    # Scanned rather than taken from the declared queues: this process may not import
    # every actor module, and a queue's dead letters matter even if nothing declares it here.
    keys = sorted(k.decode() for k in client.scan_iter(match=f"{namespace}:*.XQ", count=500))
    for xq in keys:
        queue = xq[len(namespace) + 1 : -len(".XQ")]
        for message_id, score in client.zrevrange(xq, 0, limit - 1, withscores=True):
            raw = client.hget(f"{xq}.msgs", message_id)
            if raw is None:
                continue
            try:
                data = json.loads(raw)
            except ValueError:
                data = {}
            options = data.get("options", {})
            jobs.append(
                {
                    "id": message_id.decode() if isinstance(message_id, bytes) else message_id,
                    "queue": queue,
                    "actor": data.get("actor_name", "?"),
                    "schema": options.get("schema_name", ""),
                    "retries": options.get("retries", 0),
                    "error": (options.get("traceback") or "").strip().splitlines()[-1:],
                    "failed_at": timezone.datetime.fromtimestamp(
                        score / 1000, tz=timezone.get_current_timezone()
                    ),
                }
            )
    jobs.sort(key=lambda job: job["failed_at"], reverse=True)
    return jobs[:limit]
