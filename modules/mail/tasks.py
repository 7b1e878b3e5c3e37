import dramatiq
from dramatiq_crontab import cron

from tenants.tasks import office_fanout

QUEUE = "mail"


@dramatiq.actor(queue_name=QUEUE, max_retries=3, min_backoff=2000)
def scan_ingest_task(spool_relative: str, account_id: int | None) -> None:
    """One file from a scanner (the office schema travels with the message). Idempotent:
    a processed file has left the spool."""
    from modules.mail.services.intake import scan_ingest

    scan_ingest(spool_relative=spool_relative, account_id=account_id)


@dramatiq.actor(queue_name=QUEUE, max_retries=0, time_limit=30 * 60 * 1000)
def mail_export_run_task(export_id: int) -> None:
    """A big Excel export; a failure leaves the export FAILED with its reason."""
    from modules.mail.services.exports import mail_export_run

    mail_export_run(export_id=export_id)


@dramatiq.actor(queue_name=QUEUE, max_retries=3)
def mail_requeue_stale_task() -> None:
    """The outbox sweeps of mail (common.jobs): exports and scanner files whose message
    Redis never took."""
    from modules.mail.services.exports import mail_export_requeue_stale
    from modules.mail.services.intake import scan_queue_requeue_stale

    mail_export_requeue_stale()
    scan_queue_requeue_stale()


@cron("*/5 * * * *")
@dramatiq.actor(office_scope="platform")
def mail_requeue_stale_fanout_task() -> None:
    office_fanout(mail_requeue_stale_task)
