import django.utils.timezone
from django.db import migrations, models

from common.singletons import settings_rows_fold


def fold(apps, schema_editor):
    settings_rows_fold(apps.get_model("mail", "MailSettings"))


class Migration(migrations.Migration):
    """MailSettings becomes a common.models.OfficeSettings: one row, id 1, held by a check
    constraint; existing rows are folded into row 1 first."""

    dependencies = [("mail", "0006_list_statistics")]

    operations = [
        migrations.RunPython(fold, migrations.RunPython.noop),
        migrations.AddField(
            model_name="mailsettings",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, db_index=True, default=django.utils.timezone.now
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="mailsettings",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterField(
            model_name="mailsettings",
            name="id",
            field=models.PositiveSmallIntegerField(
                default=1, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AddConstraint(
            model_name="mailsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(("id", 1)), name="mail_mailsettings_single_row"
            ),
        ),
    ]
