"""Demo subscriptions (`manage.py seed_demo`): both demo offices are on a paid plan, so the
Subscription screen shows the plan, its status, price and the office's use of its limits.

The Polish demo office has over 300 clients, more than Business allows, so it is on Pro;
the Slovak one is on Business. Neither is billed through Stripe."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from subscriptions.models import Plan, Subscription
from subscriptions.services import subscription_activate_unbilled

DEMO_PLANS = {
    "PL": ("pro", Subscription.Interval.YEAR),
    "SK": ("business", Subscription.Interval.MONTH),
}


def seed_demo(*, office, people) -> None:
    code, interval = DEMO_PLANS.get(office.country, ("business", "month"))
    plan = Plan.objects.filter(code=code).first()
    if plan is None:
        return
    days = 200 if interval == Subscription.Interval.YEAR else 20
    subscription_activate_unbilled(
        office=office,
        plan=plan,
        interval=interval,
        current_period_end=timezone.now() + timedelta(days=days),
    )
