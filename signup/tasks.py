import dramatiq
from django.conf import settings
from dramatiq_crontab import cron


@cron("*/10 * * * *")
@dramatiq.actor(office_scope="platform", max_retries=3)
def office_pool_refill_task() -> None:
    from tenants.services import office_pool_refill

    office_pool_refill(size=settings.OFFICE_POOL_SIZE)
