"""Sharing a document tells the client (client event `documents.shared`, e-mail, on by
default), once: `client_notified_at`. Documents already shared count as told (they were
shared before the event existed; sharing one again after a stop tells nobody). A
recipient's switches are stored per event, so every e-mail recipient gets the new event
switched on, as a recipient created from now on does (`default_events`)."""

from django.db import migrations, models
from django.db.models import F

EVENT = "documents.shared"


def forwards(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    Document.objects.filter(shared_at__isnull=False).update(client_notified_at=F("shared_at"))
    Recipient = apps.get_model("notifications", "NotificationRecipient")
    changed = []
    for row in Recipient.objects.filter(channel="email").exclude(events__contains=[EVENT]):
        row.events = sorted([*row.events, EVENT])
        changed.append(row)
    Recipient.objects.bulk_update(changed, ["events"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_annex_new_package"),
        ("notifications", "0010_polish_address_as_the_panel"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="client_notified_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
