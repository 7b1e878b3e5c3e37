from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_notificationsettings_office_settings")]

    operations = [
        migrations.AddField(
            model_name="notificationrecipient",
            name="contact_id",
            field=models.PositiveBigIntegerField(blank=True, db_index=True, null=True),
        ),
    ]
