from django.db import migrations, models


class Migration(migrations.Migration):
    """NotificationSettings becomes a common.models.OfficeSettings: one row, id 1, held by a check
    constraint (the table's own constraint already held its rows to id 1, so no row moves)."""

    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(
            model_name="notificationsettings", name="notification_settings_single"
        ),
        migrations.AlterField(
            model_name="notificationsettings",
            name="id",
            field=models.PositiveSmallIntegerField(
                default=1, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AddConstraint(
            model_name="notificationsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(("id", 1)), name="notifications_notificationsettings_single_row"
            ),
        ),
    ]
