"""The rooms events' SMS said only the room and the time, the same for a confirmation, a
change and a cancellation. The defaults (events.py) now say what happened. Defaults are not
stored per office; an office's template row exists only once it edited the event, and it
copied the default SMS when only the subject or the e-mail was edited: a row whose SMS is
still exactly the old default gets the new text. An SMS the office wrote stays as written.
The texts are frozen here, not read from events.py."""

from django.db import migrations

WHEN = (
    '{{ booking_starts_at|date:"SHORT_DATE_FORMAT" }} {{ booking_starts_at|time:"H:i" }}–'
    '{{ booking_ends_at|time:"H:i" }}'
)
OLD = "{{ office_name }}: {{ room_name }} " + WHEN
WHAT = {
    "rooms.booking_confirmed": {
        "pl": "rezerwacja potwierdzona",
        "sk": "rezervácia potvrdená",
        "en": "booking confirmed",
    },
    "rooms.booking_requested": {
        "pl": "rezerwacja czeka na zatwierdzenie",
        "sk": "rezervácia čaká na schválenie",
        "en": "booking waiting for approval",
    },
    "rooms.booking_approved": {
        "pl": "rezerwacja zatwierdzona",
        "sk": "rezervácia schválená",
        "en": "booking approved",
    },
    "rooms.booking_refused": {
        "pl": "rezerwacja niezatwierdzona, termin wolny",
        "sk": "rezervácia neschválená, termín je voľný",
        "en": "booking not approved, the time is free",
    },
    "rooms.booking_changed": {
        "pl": "rezerwacja zmieniona, nowy termin",
        "sk": "rezervácia zmenená, nový termín",
        "en": "booking changed, new time",
    },
    "rooms.booking_cancelled": {
        "pl": "rezerwacja odwołana",
        "sk": "rezervácia zrušená",
        "en": "booking cancelled",
    },
    "rooms.booking_reminder": {
        "pl": "przypomnienie o rezerwacji",
        "sk": "pripomienka rezervácie",
        "en": "booking reminder",
    },
}
FEE = {
    "pl": "{% if cancel_fee %}. Opłata: {{ cancel_fee }}{% endif %}",
    "sk": "{% if cancel_fee %}. Poplatok: {{ cancel_fee }}{% endif %}",
    "en": "{% if cancel_fee %}. Fee: {{ cancel_fee }}{% endif %}",
}


def new_sms(event: str, language: str) -> str:
    text = "{{ office_name }}: " + WHAT[event][language] + ": {{ room_name }} " + WHEN
    return text + FEE[language] if event == "rooms.booking_cancelled" else text


def mend(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for event, texts in WHAT.items():
        for language in texts:
            MessageTemplate.objects.filter(event=event, language=language, sms=OLD).update(
                sms=new_sms(event, language)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("rooms", "0005_booking_cancel_fee_hours"),
        ("notifications", "0004_delivery_actions"),
    ]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
