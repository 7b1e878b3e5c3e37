import dramatiq
from dramatiq_crontab import cron

from tenants.tasks import office_fanout


@dramatiq.actor(max_retries=3)
def requests_auto_accept_task() -> None:
    """Idempotent: only requests still resolved past the office's N days are accepted."""
    from modules.helpdesk.services import requests_auto_accept

    requests_auto_accept()


@cron("17 * * * *")
@dramatiq.actor(office_scope="platform")
def requests_auto_accept_fanout_task() -> None:
    office_fanout(requests_auto_accept_task)


@dramatiq.actor(max_retries=0, time_limit=15 * 60 * 1000)
def intake_fetch_task() -> None:
    """Idempotent: UIDs and Message-IDs already processed are skipped; an unreachable
    mailbox is retried by the next run after its backoff (no dramatiq retries)."""
    from modules.helpdesk.intake.fetching import intake_fetch

    intake_fetch()


@cron("* * * * *")
@dramatiq.actor(office_scope="platform")
def intake_fetch_fanout_task() -> None:
    office_fanout(intake_fetch_task)


@dramatiq.actor(max_retries=3)
def schedules_run_task() -> None:
    """Recurring tasks (T7): idempotent (row locks and one run per schedule and date)."""
    from modules.helpdesk.schedules import schedules_run

    schedules_run()


@cron("7 * * * *")
@dramatiq.actor(office_scope="platform")
def schedules_run_fanout_task() -> None:
    office_fanout(schedules_run_task)


@dramatiq.actor(max_retries=3)
def sla_alerts_task() -> None:
    """SLA alerts: once per threshold and clock (the clock row remembers what was sent)."""
    from modules.helpdesk.sla import sla_alerts_send

    sla_alerts_send()


@cron("*/10 * * * *")
@dramatiq.actor(office_scope="platform")
def sla_alerts_fanout_task() -> None:
    office_fanout(sla_alerts_task)
