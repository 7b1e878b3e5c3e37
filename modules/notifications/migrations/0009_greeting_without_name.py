"""The default greeting of Polish and Slovak client messages drops the recipient's name:
"Dzień dobry, Marek Zieliński," put a full name in the nominative where Polish wants the
vocative, which a template cannot decline ("Dzień dobry,", "Dobrý deň,"). An office's own
wording keeps whatever it wrote; only that exact untouched opening of the default is mended,
as migration 0005 did."""

from django.db import migrations

PHRASES = {
    "pl": ("Dzień dobry{% if recipient_name %}, {{ recipient_name }}{% endif %},", "Dzień dobry,"),
    "sk": ("Dobrý deň{% if recipient_name %}, {{ recipient_name }}{% endif %},", "Dobrý deň,"),
}


def mend(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for template in MessageTemplate.objects.filter(language__in=list(PHRASES)):
        old, new = PHRASES[template.language]
        if template.body.startswith(old):
            template.body = new + template.body[len(old) :]
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0008_english_mail_subject")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
