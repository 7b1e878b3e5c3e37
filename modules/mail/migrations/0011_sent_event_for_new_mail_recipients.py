"""Outgoing mail has its own client event, `mail.sent` ("sent on your behalf"); until now
it went out as `mail.new` ("new mail from <the recipient>"). A recipient's switches are
stored per event, so an e-mail recipient who receives new-mail e-mails gets the new event
switched on too: the office's clients keep hearing about their outgoing mail."""

from django.db import migrations


def forwards(apps, schema_editor):
    Recipient = apps.get_model("notifications", "NotificationRecipient")
    changed = []
    for row in Recipient.objects.filter(channel="email", events__contains=["mail.new"]):
        if "mail.sent" not in row.events:
            row.events = sorted([*row.events, "mail.sent"])
            changed.append(row)
    Recipient.objects.bulk_update(changed, ["events"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0010_billing_month_indexes"),
        ("notifications", "0004_delivery_actions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
