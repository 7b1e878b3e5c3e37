"""The starting plans: created by migration 0002, and again by plan_defaults_ensure() when
the table is empty (a test database flushed by a transactional test, a fresh install)."""

from decimal import Decimal

PLANS = [
    # code, name, order, monthly, yearly, clients, staff, sms, storage GB, default
    ("start", "Start", 1, "19.00", "190.00", 50, 2, 100, 5, False),
    ("business", "Business", 2, "49.00", "490.00", 300, 10, 500, 25, True),
    ("pro", "Pro", 3, "99.00", "990.00", None, None, 2000, 100, False),
]


def plans_create(Plan) -> None:
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


def plan_defaults_ensure() -> None:
    from subscriptions.models import Plan

    if not Plan.objects.exists():
        plans_create(Plan)
