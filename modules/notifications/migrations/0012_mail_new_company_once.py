"""The new-mail e-mail named the company twice: every client e-mail opens with the company
line ("Company: Kowalski Consulting", "Firma: …", "Spoločnosť: …"; notifications) and the
default text said it again ("new mail has arrived for Kowalski Consulting.", "Adresat:
Kowalski Consulting", "Adresát: …"). The defaults drop the second; in an office's saved
wording a message text still exactly the old default follows the new one, whatever the
office wrote stays (as 0010 and messaging 0002 did)."""

from django.db import migrations

# (language): the old default message as it was shipped, the phrase that changed in it and
# the new phrase (the new default is the old one with the phrase replaced).
CHANGES = {
    "pl": (
        'Dzień dobry,\n\nprzyszła nowa korespondencja.\n\nAdresat: {{ client_name }}\nNadawca: {{ mail_sender }}\nRodzaj: {{ mail_type }}\nLiczba przesyłek: {{ mail_items }}\nOtrzymano: {{ mail_received_at|date:"SHORT_DATETIME_FORMAT" }}{% if additional_info %}\nDodatkowe informacje: {{ additional_info }}{% endif %}{% if additional_cost %}\nDodatkowy koszt: {{ additional_cost }}{% endif %}{% if has_scan %}\n\nSkan znajduje się w załączniku.{% elif scan_request_url %}\n\nPoproś o skan: {{ scan_request_url }}{% endif %}\n\nPozdrawiamy\n{{ office_name }}\n{{ portal_url }}',
        "Adresat: {{ client_name }}\n",
        "",
    ),
    "sk": (
        'Dobrý deň,\n\nprišla nová pošta.\n\nAdresát: {{ client_name }}\nOdosielateľ: {{ mail_sender }}\nDruh: {{ mail_type }}\nPočet zásielok: {{ mail_items }}\nPrijaté: {{ mail_received_at|date:"SHORT_DATETIME_FORMAT" }}{% if additional_info %}\nDoplňujúce informácie: {{ additional_info }}{% endif %}{% if additional_cost %}\nDodatočný poplatok: {{ additional_cost }}{% endif %}{% if has_scan %}\n\nSken nájdete v prílohe.{% elif scan_request_url %}\n\nPožiadať o sken: {{ scan_request_url }}{% endif %}\n\nS pozdravom\n{{ office_name }}\n{{ portal_url }}',
        "Adresát: {{ client_name }}\n",
        "",
    ),
    "en": (
        'Hello{% if recipient_name %} {{ recipient_name }}{% endif %},\n\nnew mail has arrived for {{ client_name }}.\n\nSender: {{ mail_sender }}\nType: {{ mail_type }}\nItems: {{ mail_items }}\nReceived: {{ mail_received_at|date:"SHORT_DATETIME_FORMAT" }}{% if additional_info %}\nAdditional information: {{ additional_info }}{% endif %}{% if additional_cost %}\nAdditional cost: {{ additional_cost }}{% endif %}{% if has_scan %}\n\nThe scan is attached.{% elif scan_request_url %}\n\nRequest a scan: {{ scan_request_url }}{% endif %}\n\nKind regards\n{{ office_name }}\n{{ portal_url }}',
        "new mail has arrived for {{ client_name }}.",
        "new mail has arrived.",
    ),
}


def _text(value: str) -> str:
    """As the template editor stores and compares it (services.config._text)."""
    return value.replace("\r\n", "\n").strip()


def mend(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for template in MessageTemplate.objects.filter(event="mail.new", language__in=CHANGES):
        old, phrase, new_phrase = CHANGES[template.language]
        if _text(template.body) == _text(old):
            template.body = _text(old.replace(phrase, new_phrase))
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0011_polish_approval_word")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
