"""Polish names the client's approval of a request "zatwierdzenie" everywhere, as the panel
does ("Czeka na zatwierdzenie", "Zatwierdź"): the approval e-mail said "Prośba o
akceptację" and "czeka na Twoją zgodę", while "akceptacja" is the client's acceptance of
finished work. Offices without their own wording read the new default at once; in an
office's saved wording a part still exactly an old default follows the new one (as 0010
did), whatever the office wrote stays."""

from django.db import migrations

_BODY = (
    "Dzień dobry,\n\nZgłoszenie {{ request_number }} {{ request_subject }} czeka na Twoją "
    "zgodę przed rozpoczęciem prac.%s\n\nZatwierdź lub odrzuć: {{ approval_url }}\n\n"
    "{{ request_url }}\n\nPozdrawiamy\n{{ office_name }}\n{{ portal_url }}"
)
# field: [(an old default as shipped, its new text)]
CHANGES = {
    "subject": [
        (
            "Prośba o akceptację: {{ request_number }} {{ request_subject }}",
            "Prośba o zatwierdzenie: {{ request_number }} {{ request_subject }}",
        )
    ],
    "body": [
        (old, old.replace("czeka na Twoją zgodę", "czeka na Twoje zatwierdzenie"))
        for old in (_BODY % "{% if reply %}\n\n{{ reply }}{% endif %}", _BODY % "")
    ],
    "sms": [
        (
            "Zgłoszenie {{ request_number }} czeka na zgodę.",
            "Zgłoszenie {{ request_number }} czeka na zatwierdzenie.",
        )
    ],
}


def _text(value: str) -> str:
    """As the template editor stores and compares it (services.config._text)."""
    return value.replace("\r\n", "\n").strip()


def mend(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    rows = MessageTemplate.objects.filter(event="helpdesk.approval_needed", language="pl")
    for template in rows:
        changed = []
        for field, pairs in CHANGES.items():
            for old, new in pairs:
                if _text(getattr(template, field)) == _text(old):
                    setattr(template, field, _text(new))
                    changed.append(field)
        if changed:
            template.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0010_polish_address_as_the_panel")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
