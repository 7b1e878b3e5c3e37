"""The office's "-" on a scan request now tells the client (`scanrequests.cancelled`, with the
reason): until now they were never told and kept waiting for the scan. A recipient's
switches are stored per event, so an e-mail recipient who receives the scans
(`mail.scan_added`) gets the new event switched on too."""

from django.db import migrations


def forwards(apps, schema_editor):
    Recipient = apps.get_model("notifications", "NotificationRecipient")
    changed = []
    for row in Recipient.objects.filter(channel="email", events__contains=["mail.scan_added"]):
        if "scanrequests.cancelled" not in row.events:
            row.events = sorted([*row.events, "scanrequests.cancelled"])
            changed.append(row)
    Recipient.objects.bulk_update(changed, ["events"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("scanrequests", "0002_scanrequestsettings_office_settings"),
        ("notifications", "0013_template_default_hash"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
