from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_notificationrecipient_contact_id")]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="actions",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
