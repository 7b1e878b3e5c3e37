from datetime import timedelta

from django.utils import timezone

from subscriptions.models import Plan, Subscription
from subscriptions.state import office_platform_state_clear_all


def subscription_for(office, *, plan: str = "business", **fields) -> Subscription:
    """A trial subscription for a session office (those predate billing and have none)."""
    defaults = {
        "plan": Plan.objects.get(code=plan),
        "status": Subscription.Status.TRIALING,
        "trial_ends_at": timezone.now() + timedelta(days=10),
    }
    defaults.update(fields)
    subscription, _created = Subscription.objects.update_or_create(office=office, defaults=defaults)
    office_platform_state_clear_all()  # what the services' on-commit forget does
    return subscription
