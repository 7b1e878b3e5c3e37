"""Background work of invoices: thin, idempotent actors that call services."""

from __future__ import annotations

import dramatiq
from django.db import transaction
from dramatiq_crontab import cron

from tenants.tasks import office_fanout

BATCH = 50
# A bulk issue hands its invoices to KSeF and e-mail every ISSUE_CHUNK (a batch session each:
# at least KSEF_BATCH_MIN), so the workers send and render while the rest are numbered.
ISSUE_CHUNK = 100


def after_issue(*, invoice_ids: list[int], notify_client: bool = True) -> None:
    """After the issuing transaction commits: e-mail the invoices (in batches) and send the
    queued ones to KSeF. Outside a transaction (tests, shell) it runs at once."""

    from modules.invoices.models import Invoice

    # Invoices going to KSeF are e-mailed once KSeF has answered (ksef_submit), so that the
    # PDF the client gets carries the KSeF number and the QR code.
    to_ksef = set(
        Invoice.objects.filter(pk__in=invoice_ids, ksef_status=Invoice.Ksef.QUEUED).values_list(
            "pk", flat=True
        )
    )
    direct = [pk for pk in invoice_ids if pk not in to_ksef]
    queued = [pk for pk in invoice_ids if pk in to_ksef]

    def enqueue() -> None:
        ksef_enqueue(queued)
        for start in range(0, len(direct), BATCH):
            if notify_client:
                invoices_deliver_task.send(direct[start : start + BATCH])

    transaction.on_commit(enqueue)


def ksef_enqueue(ids: list[int]) -> None:
    """A run of KSEF_BATCH_MIN invoices or more goes to KSeF as one batch session (one
    message per KSEF_BATCH_MAX_INVOICES); fewer go online, BATCH to a message."""
    from django.conf import settings

    from common.jobs import job_send

    size = settings.KSEF_BATCH_MAX_INVOICES if len(ids) >= settings.KSEF_BATCH_MIN else BATCH
    for start in range(0, len(ids), size):
        # the broker down: the invoices stay queued, the 15-minute sweep sends them
        job_send(ksef_submit_task, ids[start : start + size])


@dramatiq.actor(max_retries=5)
def invoices_deliver_task(invoice_ids: list[int]) -> None:
    from modules.invoices.services import invoices_deliver

    invoices_deliver(invoice_ids=invoice_ids)


@dramatiq.actor(max_retries=20, min_backoff=5_000, max_backoff=3_600_000, time_limit=3_600_000)
def ksef_submit_task(invoice_ids: list[int]) -> None:
    """Send queued/offline invoices to KSeF. A 429 or an unreachable KSeF raises
    KsefRetry, which dramatiq retries with backoff (honouring Retry-After, see ksef.py)."""
    from modules.invoices.ksef import ksef_submit

    ksef_submit(invoice_ids=invoice_ids)


@dramatiq.actor(max_retries=3)
def invoices_remind_due_task() -> None:
    from modules.invoices.services import invoices_remind_due

    invoices_remind_due()


@cron("0 7 * * *")
@dramatiq.actor(office_scope="platform")
def invoices_remind_due_fanout_task() -> None:
    office_fanout(invoices_remind_due_task)


@dramatiq.actor(max_retries=3)
def ksef_offline_retry_task() -> None:
    from modules.invoices.ksef import ksef_pending_ids

    ksef_enqueue(ksef_pending_ids())


@cron("*/15 * * * *")
@dramatiq.actor(office_scope="platform")
def ksef_offline_retry_fanout_task() -> None:
    office_fanout(ksef_offline_retry_task)
