"""Three starting plans. Their Stripe price ids are placeholders that the local fake accepts;
in production set the real ids in the Django admin (Subscriptions > Plans)."""

from django.db import migrations


def create(apps, schema_editor):
    from subscriptions.defaults import plans_create

    plans_create(apps.get_model("subscriptions", "Plan"))


class Migration(migrations.Migration):
    dependencies = [("subscriptions", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
