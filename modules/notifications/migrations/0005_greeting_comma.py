"""The default greeting of client messages gets its comma ("Dzień dobry, Jan Kowalski,",
"Dobrý deň, Ľubomír Šťastný,"). An office's own wording of an event keeps the default's
opening it was saved with; only that exact untouched opening is mended here: whatever an
office rewrote stays as it wrote it."""

from django.db import migrations

PHRASES = [
    (
        "Dzień dobry{% if recipient_name %} {{ recipient_name }}{% endif %},",
        "Dzień dobry{% if recipient_name %}, {{ recipient_name }}{% endif %},",
    ),
    (
        "Dobrý deň{% if recipient_name %} {{ recipient_name }}{% endif %},",
        "Dobrý deň{% if recipient_name %}, {{ recipient_name }}{% endif %},",
    ),
]


def mend(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for template in MessageTemplate.objects.filter(language__in=["pl", "sk"]):
        body = template.body
        for old, new in PHRASES:
            if body.startswith(old):
                body = new + body[len(old) :]
        if body != template.body:
            template.body = body
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_delivery_actions")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
