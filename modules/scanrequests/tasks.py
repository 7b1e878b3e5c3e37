import dramatiq
from dramatiq_crontab import cron

from tenants.tasks import office_fanout


@dramatiq.actor(max_retries=3)
def scan_requests_overdue_alert_task() -> None:
    """Idempotent: each request is alerted once (overdue_alerted_at)."""
    from modules.scanrequests.services import scan_requests_overdue_alert

    scan_requests_overdue_alert()


@cron("*/10 * * * *")
@dramatiq.actor(office_scope="platform")
def scan_requests_overdue_alert_fanout_task() -> None:
    office_fanout(scan_requests_overdue_alert_task)
