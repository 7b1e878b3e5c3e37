"""Background work of the common kit: the platform's e-mails (common.emails) and periodic
upkeep, one message per office (tenants.tasks.office_fanout)."""

import dramatiq
from dramatiq_crontab import cron

from common.uploads import staging_sweep
from tenants.tasks import office_fanout


@dramatiq.actor(max_retries=3)
def staging_sweep_task() -> None:
    staging_sweep()


@cron("41 * * * *")
@dramatiq.actor(office_scope="platform")
def staging_sweep_fanout_task() -> None:
    office_fanout(staging_sweep_task)


EMAIL_QUEUE = "platform_email"


@dramatiq.actor(
    queue_name=EMAIL_QUEUE,
    office_scope="platform",
    max_retries=8,
    min_backoff=30_000,
    max_backoff=3_600_000,
)
def platform_email_send_task(pk: int) -> None:
    from common.emails import platform_email_send

    platform_email_send(pk=pk)


# The outbox sweep of the platform's e-mails (common.jobs).
@cron("*/5 * * * *")
@dramatiq.actor(office_scope="platform", max_retries=3)
def platform_email_requeue_stale_task() -> None:
    from common.emails import platform_email_requeue_stale

    platform_email_requeue_stale()
