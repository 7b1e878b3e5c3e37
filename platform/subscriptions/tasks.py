"""Stripe events and the hourly billing check run in the public schema."""

from __future__ import annotations

import dramatiq
from dramatiq_crontab import cron


@dramatiq.actor(office_scope="platform", max_retries=8, min_backoff=5_000)
def stripe_event_process_task(event_pk: int) -> None:
    from subscriptions.models import StripeEvent
    from subscriptions.services import stripe_event_process

    event = StripeEvent.objects.filter(pk=event_pk).first()
    if event is not None:
        stripe_event_process(event=event)


# The outbox sweep of Stripe events (common.jobs): events whose message Redis never took.
@cron("*/5 * * * *")
@dramatiq.actor(office_scope="platform", max_retries=3)
def stripe_event_requeue_stale_task() -> None:
    from subscriptions.services import stripe_event_requeue_stale

    stripe_event_requeue_stale()


@cron("23 * * * *")
@dramatiq.actor(office_scope="platform")
def subscription_enforce_task() -> None:
    from subscriptions.services import subscription_enforce

    subscription_enforce()
