"""Periodic work that spans offices: run in the public schema, enqueue one message per office.

    @cron("0 7 * * *")
    @dramatiq.actor(office_scope="platform")
    def invoice_reminders_fanout_task():
        office_fanout(invoice_reminders_task)

Each per-office message carries its office's schema (tenants.dramatiq), so the per-office
actor is an ordinary office actor: idempotent, retried, isolated.
"""

from __future__ import annotations

import dramatiq
from django_tenants.utils import tenant_context
from dramatiq_crontab import cron

from tenants.models import Office


def office_fanout(actor: dramatiq.Actor, *args, **kwargs) -> int:
    """Send `actor` once for every open office; returns how many were sent."""
    sent = 0
    for office in Office.objects.filter(is_template=False, state=Office.State.ACTIVE).order_by(
        "pk"
    ):
        with tenant_context(office):
            actor.send(*args, **kwargs)
        sent += 1
    return sent


@dramatiq.actor(max_retries=3)
def office_usage_refresh_task() -> None:
    from tenants.services import office_usage_refresh

    office_usage_refresh()


@cron("17 * * * *")
@dramatiq.actor(office_scope="platform")
def office_usage_refresh_fanout_task() -> None:
    office_fanout(office_usage_refresh_task)
