"""Handing work to the broker without failing the request that recorded it.

Every background job of Vireo works on a row (or a file) that the request commits first: a
delivery, an export, an import, a Stripe event, a scanner's file. That row is the job's
outbox record. When Redis is down at the moment of sending, `job_send` logs and returns
False instead of raising: the request that committed the row still answers (its work is
saved), and the owning module's sweep (`<thing>_requeue_stale`, run by cron every few
minutes) sends the job again once the broker is back. Jobs are idempotent, so a job sent
twice (the message was not lost after all) does its work once.

    job_send_on_commit(mail_export_run_task, export.pk)
"""

from __future__ import annotations

import datetime
import logging

import dramatiq
import redis.exceptions
from django.db import transaction
from django.utils import timezone
from dramatiq.errors import BrokerConnectionError

logger = logging.getLogger("vireo.jobs")

BROKER_ERRORS = (redis.exceptions.RedisError, BrokerConnectionError)


def job_send(actor: dramatiq.Actor, *args, **kwargs) -> bool:
    """Send one message; False (logged) when the broker cannot take it."""
    try:
        actor.send(*args, **kwargs)
    except BROKER_ERRORS as exc:
        logger.warning(
            "job enqueue deferred",
            extra={"actor": actor.actor_name, "error": exc.__class__.__name__},
        )
        return False
    return True


def job_send_on_commit(actor: dramatiq.Actor, *args, **kwargs) -> None:
    """Send after the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: job_send(actor, *args, **kwargs))


def job_rows_requeue_stale(
    model, actor: dramatiq.Actor, *, queued_for: datetime.timedelta, running_for: datetime.timedelta
) -> int:
    """The sweep of jobs recorded as rows with a `status` ("queued", "running") and an
    `updated_at`: a row running longer than `running_for` lost its worker and is queued
    again; every row queued longer than `queued_for` is sent again (`actor.send(pk)`).
    Returns how many were sent. The job must claim its row, so one sent twice runs once."""
    now = timezone.now()
    model.objects.filter(status="running", updated_at__lt=now - running_for).update(
        status="queued", updated_at=now - queued_for
    )
    stale = model.objects.filter(status="queued", updated_at__lte=now - queued_for)
    return sum(job_send(actor, pk) for pk in stale.order_by("pk").values_list("pk", flat=True))
