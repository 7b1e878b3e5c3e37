"""The starting plans: created by migration 0002, and again by plan_defaults_ensure() when
the table is empty (a test database flushed by a transactional test, a fresh install)."""

from decimal import Decimal

PLANS = [
    # code, name, order, monthly, yearly, clients, staff, sms, storage GB, default
    ("start", "Start", 1, "19.00", "190.00", 50, 2, 100, 5, False),
    ("business", "Business", 2, "49.00", "490.00", 300, 10, 500, 25, True),
    ("pro", "Pro", 3, "99.00", "990.00", None, None, 2000, 100, False),
]
# The same plans priced in złoty for Polish offices: code -> (monthly, yearly).
PLN_PRICES = {
    "start": ("79.00", "790.00"),
    "business": ("199.00", "1990.00"),
    "pro": ("399.00", "3990.00"),
}


def plans_create(Plan, PlanPrice=None) -> None:
    for code, name, order, monthly, yearly, clients, staff, sms, storage, default in PLANS:
        Plan.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "sort_order": order,
                "currency": "EUR",
                "price_monthly": Decimal(monthly),
                "price_yearly": Decimal(yearly),
                # Placeholders the local fake accepts; set real ids in the admin.
                "stripe_price_monthly": f"price_{code}_monthly",
                "stripe_price_yearly": f"price_{code}_yearly",
                "max_clients": clients,
                "max_staff_users": staff,
                "max_sms_per_month": sms,
                "max_storage_gb": storage,
                "is_default": default,
            },
        )
    if PlanPrice is not None:  # None in migration 0002, before the table existed
        plan_prices_create(Plan, PlanPrice)


def plan_prices_create(Plan, PlanPrice) -> None:
    for plan in Plan.objects.filter(code__in=PLN_PRICES):
        monthly, yearly = PLN_PRICES[plan.code]
        PlanPrice.objects.update_or_create(
            plan=plan,
            currency="PLN",
            defaults={
                "price_monthly": Decimal(monthly),
                "price_yearly": Decimal(yearly),
                "stripe_price_monthly": f"price_{plan.code}_monthly_pln",
                "stripe_price_yearly": f"price_{plan.code}_yearly_pln",
            },
        )


def plan_defaults_ensure() -> None:
    from subscriptions.models import Plan, PlanPrice

    if not Plan.objects.exists():
        plans_create(Plan, PlanPrice)
