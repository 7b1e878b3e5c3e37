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
