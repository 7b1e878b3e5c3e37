"""The new-message e-mail named the company twice: every client e-mail opens with the company
line ("Firma: Kowalski Consulting", notifications) and the default text said it again
("…nowa wiadomość (klient: Kowalski Consulting)"). The defaults drop the second; in an
office's saved wording a message text still exactly the old default follows the new one,
whatever the office wrote stays (as notifications 0007 and 0010 did)."""

from django.db import migrations

# (language): the old default message as it was shipped, the phrase that changed in it and
# the new phrase (the new default is the old one with the phrase replaced).
CHANGES = {
    "pl": (
        "Dzień dobry,\n\nw panelu klienta czeka na Ciebie nowa wiadomość (klient: {{ client_name }}). Ze względów bezpieczeństwa jej treść można przeczytać tylko po zalogowaniu:\n\n{{ conversation_url }}\n\nPozdrawiamy\n{{ office_name }}\n{{ portal_url }}",
        " (klient: {{ client_name }})",
        "",
    ),
    "sk": (
        "Dobrý deň,\n\nv klientskom paneli na vás čaká nová správa (klient: {{ client_name }}). Z bezpečnostných dôvodov si jej obsah môžete prečítať až po prihlásení:\n\n{{ conversation_url }}\n\nS pozdravom\n{{ office_name }}\n{{ portal_url }}",
        " (klient: {{ client_name }})",
        "",
    ),
    "en": (
        "Hello{% if recipient_name %} {{ recipient_name }}{% endif %},\n\na new message for {{ client_name }} is waiting in the client panel. For your security it can be read only after signing in:\n\n{{ conversation_url }}\n\nKind regards\n{{ office_name }}\n{{ portal_url }}",
        "a new message for {{ client_name }} is waiting in the client panel",
        "a new message is waiting for you in the client panel",
    ),
}


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def mend(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for template in MessageTemplate.objects.filter(event="message.new", language__in=CHANGES):
        old, phrase, new_phrase = CHANGES[template.language]
        if _text(template.body) == _text(old):
            template.body = _text(old.replace(phrase, new_phrase))
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("notifications", "0010_polish_address_as_the_panel"),
    ]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
