"""Default texts that put a name where Polish or Slovak needs it declined ("Nowa
korespondencja od: ZUS", "w imieniu Zielony Las sp. z o.o.", "rezerwuje Sala A") now give it
after a colon ("Nowa korespondencja – nadawca: ZUS", "Nadawca: Zielony Las sp. z o.o.",
"rezerwuje salę: Sala A"). Offices without their own wording of an event read the new
defaults at once. An office's saved wording (MessageTemplate) keeps each of its subject,
message and SMS text as saved; a part still exactly the old default (the office changed
another part of that event) is moved to the new default. Whatever an office rewrote stays."""

from django.db import migrations

# (event, language, field): the old default as it was shipped, and the phrase that changed
# in it (the new default is the old one with the phrase replaced).
CHANGES = {
    ("mail.new", "pl", "subject"): (
        "Nowa korespondencja od: {{ mail_sender }}",
        "Nowa korespondencja od: {{ mail_sender }}",
        "Nowa korespondencja – nadawca: {{ mail_sender }}",
    ),
    ("mail.new", "sk", "subject"): (
        "Nová pošta od: {{ mail_sender }}",
        "Nová pošta od: {{ mail_sender }}",
        "Nová pošta – odosielateľ: {{ mail_sender }}",
    ),
    ("mail.sent", "pl", "body"): (
        'Dzień dobry{% if recipient_name %}, {{ recipient_name }}{% endif %},\n\nw imieniu {{ client_name }} wysłaliśmy korespondencję.\n\nAdresat: {{ mail_recipient }}\nRodzaj: {{ mail_type }}\nLiczba przesyłek: {{ mail_items }}\nWysłano: {{ mail_sent_at|date:"SHORT_DATETIME_FORMAT" }}{% if tracking_number %}\nNumer nadania: {{ tracking_number }}{% endif %}{% if additional_info %}\nDodatkowe informacje: {{ additional_info }}{% endif %}{% if additional_cost %}\nDodatkowy koszt: {{ additional_cost }}{% endif %}{% if has_scan %}\n\nSkan znajduje się w załączniku.{% endif %}\n\nPozdrawiamy\n{{ office_name }}\n{{ portal_url }}',
        "w imieniu {{ client_name }} wysłaliśmy korespondencję.\n\nAdresat:",
        "wysłaliśmy w Państwa imieniu korespondencję.\n\nNadawca: {{ client_name }}\nAdresat:",
    ),
    ("mail.sent", "sk", "body"): (
        'Dobrý deň{% if recipient_name %}, {{ recipient_name }}{% endif %},\n\nv mene {{ client_name }} sme odoslali poštu.\n\nAdresát: {{ mail_recipient }}\nDruh: {{ mail_type }}\nPočet zásielok: {{ mail_items }}\nOdoslané: {{ mail_sent_at|date:"SHORT_DATETIME_FORMAT" }}{% if tracking_number %}\nPodacie číslo: {{ tracking_number }}{% endif %}{% if additional_info %}\nDoplňujúce informácie: {{ additional_info }}{% endif %}{% if additional_cost %}\nDodatočný poplatok: {{ additional_cost }}{% endif %}{% if has_scan %}\n\nSken nájdete v prílohe.{% endif %}\n\nS pozdravom\n{{ office_name }}\n{{ portal_url }}',
        "v mene {{ client_name }} sme odoslali poštu.\n\nAdresát:",
        "v mene vašej spoločnosti sme odoslali poštu.\n\nOdosielateľ: {{ client_name }}\nAdresát:",
    ),
    ("rooms.approval_needed", "pl", "body"): (
        '{{ booker_name }} rezerwuje {{ room_name }}, {{ booking_starts_at|date:"SHORT_DATE_FORMAT" }} {{ booking_starts_at|time:"H:i" }}–{{ booking_ends_at|time:"H:i" }}.\nZatwierdź lub odrzuć: {{ manage_url }}',
        "{{ booker_name }} rezerwuje {{ room_name }},",
        "{{ booker_name }} rezerwuje salę: {{ room_name }},",
    ),
    ("rooms.approval_needed", "sk", "body"): (
        '{{ booker_name }} rezervuje {{ room_name }}, {{ booking_starts_at|date:"SHORT_DATE_FORMAT" }} {{ booking_starts_at|time:"H:i" }}–{{ booking_ends_at|time:"H:i" }}.\nSchváliť alebo zamietnuť: {{ manage_url }}',
        "{{ booker_name }} rezervuje {{ room_name }},",
        "{{ booker_name }} rezervuje miestnosť: {{ room_name }},",
    ),
}


def _text(value: str) -> str:
    """As the template editor stores and compares it (services.config._text)."""
    return value.replace("\r\n", "\n").strip()


def mend(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    events = {event for event, _language, _field in CHANGES}
    for template in MessageTemplate.objects.filter(event__in=events, language__in=["pl", "sk"]):
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
    dependencies = [("notifications", "0006_staffalert_subject")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
