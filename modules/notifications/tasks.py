"""Dramatiq actors of the notifications module: thin, idempotent, primitive arguments."""

import dramatiq
from dramatiq_crontab import cron

from tenants.tasks import office_fanout

QUEUE = "notifications"


# Failures of the outside world (SMTP, Vonage) are retried by delivery_send itself, with
# exponential backoff and every attempt in the delivery log; dramatiq's own retries only
# cover our infrastructure (database, Redis) and are harmless: a delivery is claimed once.
@dramatiq.actor(queue_name=QUEUE, max_retries=3, min_backoff=5_000, time_limit=120_000)
def delivery_send_task(delivery_id: int) -> None:
    from modules.notifications.services import delivery_send

    delivery_send(delivery_id=delivery_id)


@dramatiq.actor(queue_name=QUEUE, max_retries=3, min_backoff=5_000, time_limit=600_000)
def delivery_send_batch_task(delivery_ids: list[int]) -> None:
    from modules.notifications.services import delivery_send_batch

    delivery_send_batch(delivery_ids=delivery_ids)


@dramatiq.actor(queue_name=QUEUE, max_retries=3)
def delivery_requeue_stale_task() -> None:
    from modules.notifications.services import delivery_requeue_stale

    delivery_requeue_stale()


# The outbox sweep: deliveries whose message never reached (or left) the broker.
@cron("*/5 * * * *")
@dramatiq.actor(office_scope="platform")
def delivery_requeue_stale_fanout_task() -> None:
    office_fanout(delivery_requeue_stale_task)
