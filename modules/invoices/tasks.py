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
    """In the issuing transaction: record the e-mailing of the invoices (its rows are the
    outbox, sent after the commit) and, after the commit, send the queued ones to KSeF.
    Outside a transaction (the bulk issue, tests, shell) it commits at once."""

    from modules.invoices.models import Invoice
    from modules.invoices.services import invoice_mailing_create

    # Invoices going to KSeF are e-mailed once KSeF has answered (ksef_submit), so that the
    # PDF the client gets carries the KSeF number and the QR code.
    to_ksef = set(
        Invoice.objects.filter(pk__in=invoice_ids, ksef_status=Invoice.Ksef.QUEUED).values_list(
            "pk", flat=True
        )
    )
    direct = [pk for pk in invoice_ids if pk not in to_ksef]
    queued = [pk for pk in invoice_ids if pk in to_ksef]

    if notify_client and direct:
        invoice_mailing_create(invoice_ids=direct)
    if queued:
        transaction.on_commit(lambda: ksef_enqueue(queued))


def ksef_enqueue(ids: list[int]) -> None:
    """A run of KSEF_BATCH_MIN invoices or more goes to KSeF as one batch session (one
    message per KSEF_BATCH_MAX_INVOICES); fewer go online, BATCH to a message."""
    from django.conf import settings

    from common.jobs import job_send

    size = settings.KSEF_BATCH_MAX_INVOICES if len(ids) >= settings.KSEF_BATCH_MIN else BATCH
    for start in range(0, len(ids), size):
        # the broker down: the invoices stay queued, the 15-minute sweep sends them
        job_send(ksef_submit_task, ids[start : start + size])


@dramatiq.actor(max_retries=5, time_limit=600_000)
def invoice_mailing_run_task(mailing_id: int) -> None:
    from modules.invoices.services import invoice_mailing_run

    invoice_mailing_run(mailing_id=mailing_id)


@dramatiq.actor(max_retries=3)
def invoice_mailing_requeue_stale_task() -> None:
    from modules.invoices.services import invoice_mailing_requeue_stale

    invoice_mailing_requeue_stale()


@cron("*/5 * * * *")
@dramatiq.actor(office_scope="platform")
def invoice_mailing_requeue_stale_fanout_task() -> None:
    office_fanout(invoice_mailing_requeue_stale_task)


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
