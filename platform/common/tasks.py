"""Periodic upkeep of the common kit, one message per office (tenants.tasks.office_fanout)."""

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
