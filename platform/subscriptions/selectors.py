from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import pgettext

from subscriptions.access import limit_used, staff_seats
from subscriptions.models import Plan, Subscription

# The currency a pricing page shows by the reader's language (Polish offices pay in złoty,
# Slovak ones in euro); ?currency= on the page switches it.
LANGUAGE_CURRENCY = {"pl": "PLN", "sk": "EUR", "en": "EUR"}


def plan_currencies() -> list[str]:
    """Every currency some public plan has a price in, base currencies first."""
    plans = Plan.objects.filter(is_public=True).prefetch_related("prices")
    currencies: list[str] = []
    for plan in plans:
        for currency in [plan.currency, *(price.currency for price in plan.prices.all())]:
            if currency not in currencies:
                currencies.append(currency)
    return currencies


def plans_priced(*, currency: str) -> list[Plan]:
    """The public plans, each with `.price` in `currency` (or its base price when it has
    none there): one query for the plans, one for their prices."""
    plans = list(Plan.objects.filter(is_public=True).prefetch_related("prices"))
    for plan in plans:
        plan.price = plan.price_in(currency)
    return plans


def subscription_price(*, subscription: Subscription | None, currency: str):
    """What the office pays for its plan each billing period, in its currency: (amount,
    currency), or None without a subscription."""
    if subscription is None:
        return None
    price = subscription.plan.price_in(currency)
    yearly = subscription.interval == Subscription.Interval.YEAR
    return (price.price_yearly if yearly else price.price_monthly), price.currency


def checkout_offered(subscription: Subscription | None) -> bool:
    """Whether the office is offered Stripe Checkout (the plan cards with their prices): no
    subscription yet, a trial or an overdue one not paid through Checkout, or a canceled
    one. An active plan is never offered again, billed through Stripe or not (the demo
    offices' unbilled plans, `subscription_activate_unbilled`: until 2026-12-06 their page
    offered Checkout as if they had no plan); one paid through Checkout is changed in
    Stripe's billing portal."""
    if subscription is None or subscription.status == Subscription.Status.CANCELED:
        return True
    if subscription.status == Subscription.Status.ACTIVE:
        return False
    return not subscription.stripe_subscription_id


@dataclass(frozen=True)
class LimitUsage:
    """One of the plan's limits on the Subscription screen: what is used of what is allowed
    (bytes for storage; allowed None: unlimited)."""

    limit: str
    label: str
    used: int
    allowed: int | None
    in_bytes: bool = False
    # Staff users: how many of `used` are invitations not accepted yet (they hold a seat;
    # the screen said "3" for a team of two and the console's "Staff" 2).
    pending: int = 0

    @property
    def percent(self) -> int:
        if not self.allowed:
            return 0
        return min(100, round(100 * self.used / self.allowed))

    @property
    def level(self) -> str:
        """Bootstrap's colour of the bar: full, nearly full, fine."""
        return "danger" if self.percent >= 100 else "warning" if self.percent >= 80 else "success"


def plan_usage(*, office, subscription: Subscription | None) -> list[LimitUsage]:
    """The office's use of its plan's limits, counted as the limits are checked (storage from
    the figure the upload guard keeps). Call with the connection in the office's schema."""
    if subscription is None:
        return []
    from subscriptions.storage import storage_used_bytes

    plan, rows = subscription.plan, []
    rows.append(
        LimitUsage(
            "clients",
            pgettext("plan limit", "Clients"),
            limit_used(office, "clients"),
            plan.limit("clients"),
        )
    )
    members, pending = staff_seats(office)
    rows.append(
        LimitUsage(
            "staff_users",
            pgettext("plan limit", "Staff users"),
            members + pending,
            plan.limit("staff_users"),
            pending=pending,
        )
    )
    rows.append(
        LimitUsage(
            "sms_per_month",
            pgettext("plan limit", "SMS this month"),
            limit_used(office, "sms_per_month"),
            plan.limit("sms_per_month"),
        )
    )
    gigabytes = plan.limit("storage_gb")
    rows.append(
        LimitUsage(
            "storage_gb",
            pgettext("plan limit", "Storage"),
            storage_used_bytes(office),
            None if gigabytes is None else gigabytes * 1024**3,
            in_bytes=True,
        )
    )
    return rows
