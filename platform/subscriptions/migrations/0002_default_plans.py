"""Three starting plans. Their Stripe price ids are placeholders that the local fake accepts;
in production set the real ids in the Django admin (Subscriptions > Plans)."""

from decimal import Decimal

from django.db import migrations

PLANS = [
    # code, name, order, monthly, yearly, clients, staff, sms, storage GB, default
    ("start", "Start", 1, "19.00", "190.00", 50, 2, 100, 5, False),
    ("business", "Business", 2, "49.00", "490.00", 300, 10, 500, 25, True),
    ("pro", "Pro", 3, "99.00", "990.00", None, None, 2000, 100, False),
]


def create(apps, schema_editor):
    Plan = apps.get_model("subscriptions", "Plan")
    for code, name, order, monthly, yearly, clients, staff, sms, storage, default in PLANS:
        Plan.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "sort_order": order,
                "currency": "EUR",
                "price_monthly": Decimal(monthly),
                "price_yearly": Decimal(yearly),
                "stripe_price_monthly": f"price_{code}_monthly",
                "stripe_price_yearly": f"price_{code}_yearly",
                "max_clients": clients,
                "max_staff_users": staff,
                "max_sms_per_month": sms,
                "max_storage_gb": storage,
                "is_default": default,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("subscriptions", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
