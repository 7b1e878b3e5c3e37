import dramatiq

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
