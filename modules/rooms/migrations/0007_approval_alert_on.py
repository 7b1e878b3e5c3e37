"""The staff bell's alert "booking to approve" (rooms.approval_needed) was off by default
while a scan request's and a new helpdesk request's are on; events.py now declares it on
(e-mail and in-app). An office that never saved Administration > Notifications follows the
defaults already. Saving that page stores every office event's channels, so an office that
saved it for anything else (its address, the SMS number) holds this event's former default,
e-mail only: such a row gets the new default, like 0006 gave the new SMS to templates still
holding the old one. Any other choice (SMS on, e-mail off, nothing) stays as the office set it.
The values are frozen here, not read from events.py."""

from django.db import migrations

EVENT = "rooms.approval_needed"
OLD = ["email"]
NEW = ["email", "inapp"]


def mend(apps, schema_editor):
    NotificationSettings = apps.get_model("notifications", "NotificationSettings")
    for row in NotificationSettings.objects.all():
        channels = row.office_channels or {}
        if channels.get(EVENT) == OLD:
            row.office_channels = {**channels, EVENT: NEW}
            row.save(update_fields=["office_channels"])


class Migration(migrations.Migration):
    dependencies = [
        ("rooms", "0006_sms_says_what_happened"),
        ("notifications", "0007_names_after_a_colon"),
    ]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
