from __future__ import annotations

from subscriptions.models import Plan

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
