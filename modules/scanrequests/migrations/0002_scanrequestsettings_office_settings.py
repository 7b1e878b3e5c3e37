from django.db import migrations, models


class Migration(migrations.Migration):
    """ScanRequestSettings becomes a common.models.OfficeSettings: one row, id 1, held by a check
    constraint (the table's own constraint already held its rows to id 1, so no row moves)."""

    dependencies = [("scanrequests", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(
            model_name="scanrequestsettings", name="scanrequest_settings_single"
        ),
        migrations.AlterField(
            model_name="scanrequestsettings",
            name="id",
            field=models.PositiveSmallIntegerField(
                default=1, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AddConstraint(
            model_name="scanrequestsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(("id", 1)), name="scanrequests_scanrequestsettings_single_row"
            ),
        ),
    ]
