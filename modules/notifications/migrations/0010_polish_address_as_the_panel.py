"""The Polish client texts address the reader one way, as the client panel does ("Twój",
"Ty": "Czeka na Ciebie", "Twoje firmy"): three default texts said "Państwa" ("wysłaliśmy w
Państwa imieniu korespondencję", "czeka na Państwa zgodę", "czeka na Państwa nowa
wiadomość") and now say "w Twoim imieniu", "na Twoją zgodę", "na Ciebie". Offices without
their own wording read the new defaults at once; in an office's saved wording a part still
exactly the old default follows the new one (as 0007 did), whatever the office wrote stays."""

from django.db import migrations

# (event, language, field): the old default as it was shipped, the phrase that changed in
# it, and the new phrase (the new default is the old one with the phrase replaced).
CHANGES = {
    ("mail.sent", "pl", "subject"): (
        "Wysłaliśmy korespondencję w Państwa imieniu",
        "w Państwa imieniu",
        "w Twoim imieniu",
    ),
    ("mail.sent", "pl", "body"): (
        'Dzień dobry,\n\nwysłaliśmy w Państwa imieniu korespondencję.\n\nNadawca: {{ client_name }}\nAdresat: {{ mail_recipient }}\nRodzaj: {{ mail_type }}\nLiczba przesyłek: {{ mail_items }}\nWysłano: {{ mail_sent_at|date:"SHORT_DATETIME_FORMAT" }}{% if tracking_number %}\nNumer nadania: {{ tracking_number }}{% endif %}{% if additional_info %}\nDodatkowe informacje: {{ additional_info }}{% endif %}{% if additional_cost %}\nDodatkowy koszt: {{ additional_cost }}{% endif %}{% if has_scan %}\n\nSkan znajduje się w załączniku.{% endif %}\n\nPozdrawiamy\n{{ office_name }}\n{{ portal_url }}',
        "wysłaliśmy w Państwa imieniu",
        "wysłaliśmy w Twoim imieniu",
    ),
    ("mail.sent", "pl", "sms"): (
        "{{ office_name }}: wysłaliśmy w Państwa imieniu korespondencję ({{ mail_type }}).",
        "wysłaliśmy w Państwa imieniu",
        "wysłaliśmy w Twoim imieniu",
    ),
    ("helpdesk.approval_needed", "pl", "body"): (
        "Dzień dobry,\n\nZgłoszenie {{ request_number }} {{ request_subject }} czeka na Państwa zgodę przed rozpoczęciem prac.\n\nZatwierdź lub odrzuć: {{ approval_url }}\n\n{{ request_url }}\n\nPozdrawiamy\n{{ office_name }}\n{{ portal_url }}",
        "czeka na Państwa zgodę",
        "czeka na Twoją zgodę",
    ),
    ("message.new", "pl", "body"): (
        "Dzień dobry,\n\nw panelu klienta czeka na Państwa nowa wiadomość (klient: {{ client_name }}). Ze względów bezpieczeństwa jej treść można przeczytać tylko po zalogowaniu:\n\n{{ conversation_url }}\n\nPozdrawiamy\n{{ office_name }}\n{{ portal_url }}",
        "czeka na Państwa nowa wiadomość",
        "czeka na Ciebie nowa wiadomość",
    ),
}


def _text(value: str) -> str:
    """As the template editor stores and compares it (services.config._text)."""
    return value.replace("\r\n", "\n").strip()


def mend(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    events = {event for event, _language, _field in CHANGES}
    for template in MessageTemplate.objects.filter(event__in=events, language="pl"):
        changed = []
        for (event, language, field), (old, phrase, new_phrase) in CHANGES.items():
            if (template.event, template.language) != (event, language):
                continue
            if _text(getattr(template, field)) == _text(old):
                setattr(template, field, _text(old.replace(phrase, new_phrase)))
                changed.append(field)
        if changed:
            template.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0009_greeting_without_name")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
