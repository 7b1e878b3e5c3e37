"""The English default subject of new mail read "New mail from: ZUS" (the colon came with
the Polish and Slovak rewording of 0007, which English does not need); it is now "New mail
from ZUS". Offices without their own English wording read it at once. A saved English
subject (the office changed another part of that event) still exactly the old default
takes the new one; a subject the office wrote itself stays. Polish and Slovak are not
touched."""

from django.db import migrations

OLD = "New mail from: {{ mail_sender }}"
NEW = "New mail from {{ mail_sender }}"


def _text(value: str) -> str:
    """As the template editor stores and compares it (services.config._text)."""
    return value.replace("\r\n", "\n").strip()


def mend(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for template in MessageTemplate.objects.filter(event="mail.new", language="en"):
        if _text(template.subject) == OLD:
            template.subject = NEW
            template.save(update_fields=["subject"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0007_names_after_a_colon")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
