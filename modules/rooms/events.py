"""The notification events of the rooms module (R4) and their default texts in Polish,
Slovak and English. Registered by RoomsConfig.ready(); sent by services (notifications.py
of this module): to the client's recipients, or to the visitor's e-mail for bookings made
through the public link, each e-mail with the booking as an .ics attachment."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from common.money import money
from modules.notifications.hooks import (
    CLIENT,
    COMMON_SAMPLE,
    EMAIL,
    GREETING,
    INAPP,
    OFFICE,
    Action,
    Defaults,
    EventType,
    Sample,
    event_register,
)

CONFIRMED = "rooms.booking_confirmed"
REQUESTED = "rooms.booking_requested"
APPROVAL_NEEDED = "rooms.approval_needed"
APPROVED = "rooms.booking_approved"
REFUSED = "rooms.booking_refused"
CHANGED = "rooms.booking_changed"
CANCELLED = "rooms.booking_cancelled"
REMINDER = "rooms.booking_reminder"

VARIABLES = {
    "room_name": _("Conference room"),
    "booking_starts_at": _("Start of the booking"),
    "booking_ends_at": _("End of the booking"),
    "booker_name": _("Who booked (person or company)"),
    "booking_total": _("Price of the booking with extras"),
    "booking_price": _("Price of the booking with extras, in words for package hours"),
    "booking_extras": _("Ordered extras with quantities and prices, one a line"),
    "cancel_fee": _("Cancellation fee"),
    "manage_url": _("Link to view, change or cancel the booking"),
}
# The editor's preview, in the template's language (notifications' sample_context): names
# in that language, amounts in the office's currency as that language writes them.
SAMPLE = {
    "room_name": Sample(pl="Sala Wisła", sk="Miestnosť Dunaj", en="Thames Room"),
    "booking_starts_at": datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
    "booking_ends_at": datetime.datetime(2026, 3, 2, 11, 0, tzinfo=datetime.UTC),
    "booker_name": COMMON_SAMPLE["client_name"],
    "booking_total": lambda *, language, office: money(
        Decimal("100.00"), office.currency, language=language
    ),
    "booking_price": lambda *, language, office: money(
        Decimal("100.00"), office.currency, language=language
    ),
    "booking_extras": lambda *, language, office: (
        "- "
        + {"pl": "Kawa", "sk": "Káva", "en": "Coffee"}[language]
        + " ×4: "
        + money(Decimal("30.00"), office.currency, language=language)
    ),
    "cancel_fee": lambda *, language, office: money(
        Decimal("35.00"), office.currency, language=language
    ),
    "manage_url": "https://demo.vireo.example/portal/rooms/42/",
}
WHEN = (
    '{{ booking_starts_at|date:"SHORT_DATE_FORMAT" }} {{ booking_starts_at|time:"H:i" }}–'
    '{{ booking_ends_at|time:"H:i" }}'
)
SIGN = {
    "pl": "\n\nPozdrawiamy\n{{ office_name }}",
    "sk": "\n\nS pozdravom\n{{ office_name }}",
    "en": "\n\nKind regards\n{{ office_name }}",
}
LINK = {
    "pl": "{% if manage_url %}\n\nZobacz, zmień lub odwołaj rezerwację: "
    "{{ manage_url }}{% endif %}",
    "sk": "{% if manage_url %}\n\nZobraziť, zmeniť alebo zrušiť rezerváciu: "
    "{{ manage_url }}{% endif %}",
    "en": "{% if manage_url %}\n\nView, change or cancel your booking: {{ manage_url }}{% endif %}",
}
ICS = {
    "pl": "\nW załączniku rezerwacja do kalendarza (.ics).",
    "sk": "\nV prílohe je rezervácia do kalendára (.ics).",
    "en": "\nThe booking is attached for your calendar (.ics).",
}
# A cancelled or refused booking's .ics takes the event out of the calendar (METHOD:CANCEL).
ICS_CANCEL = {
    "pl": "\nW załączniku odwołanie wydarzenia w kalendarzu (.ics).",
    "sk": "\nV prílohe je zrušenie udalosti pre kalendár (.ics).",
    "en": "\nThe cancellation is attached for your calendar (.ics).",
}
# Its link comes before the sign-off, like the others' (the plain-text e-mail would list it
# after the signature otherwise).
LINK_CLOSED = {
    "pl": "{% if manage_url %}\n\nSzczegóły: {{ manage_url }}{% endif %}",
    "sk": "{% if manage_url %}\n\nPodrobnosti: {{ manage_url }}{% endif %}",
    "en": "{% if manage_url %}\n\nDetails: {{ manage_url }}{% endif %}",
}

# code -> label, audience, {language: (subject, first sentence, sms)}
TEXTS = {
    CONFIRMED: (
        _("Room booking confirmed"),
        CLIENT,
        {
            "pl": ("Rezerwacja potwierdzona: {{ room_name }}", "potwierdzamy rezerwację sali:"),
            "sk": ("Rezervácia potvrdená: {{ room_name }}", "potvrdzujeme rezerváciu miestnosti:"),
            "en": ("Booking confirmed: {{ room_name }}", "your booking is confirmed:"),
        },
    ),
    REQUESTED: (
        _("Room booking waiting for approval"),
        CLIENT,
        {
            "pl": (
                "Rezerwacja czeka na zatwierdzenie: {{ room_name }}",
                "otrzymaliśmy rezerwację, która czeka na zatwierdzenie przez biuro:",
            ),
            "sk": (
                "Rezervácia čaká na schválenie: {{ room_name }}",
                "prijali sme rezerváciu, ktorá čaká na schválenie kanceláriou:",
            ),
            "en": (
                "Booking waiting for approval: {{ room_name }}",
                "we have received your booking; it waits for the office's approval:",
            ),
        },
    ),
    APPROVED: (
        _("Room booking approved"),
        CLIENT,
        {
            "pl": ("Rezerwacja zatwierdzona: {{ room_name }}", "biuro zatwierdziło rezerwację:"),
            "sk": ("Rezervácia schválená: {{ room_name }}", "kancelária schválila rezerváciu:"),
            "en": ("Booking approved: {{ room_name }}", "the office has approved your booking:"),
        },
    ),
    REFUSED: (
        _("Room booking refused"),
        CLIENT,
        {
            "pl": (
                "Rezerwacja niezatwierdzona: {{ room_name }}",
                "niestety biuro nie zatwierdziło rezerwacji, termin jest znowu wolny:",
            ),
            "sk": (
                "Rezervácia neschválená: {{ room_name }}",
                "kancelária žiaľ rezerváciu neschválila, termín je opäť voľný:",
            ),
            "en": (
                "Booking not approved: {{ room_name }}",
                "unfortunately the office has not approved your booking; the time is free again:",
            ),
        },
    ),
    CHANGED: (
        _("Room booking changed"),
        CLIENT,
        {
            "pl": ("Rezerwacja zmieniona: {{ room_name }}", "rezerwacja ma nowy termin:"),
            "sk": ("Rezervácia zmenená: {{ room_name }}", "rezervácia má nový termín:"),
            "en": ("Booking changed: {{ room_name }}", "your booking has a new time:"),
        },
    ),
    CANCELLED: (
        _("Room booking cancelled"),
        CLIENT,
        {
            "pl": ("Rezerwacja odwołana: {{ room_name }}", "rezerwacja została odwołana:"),
            "sk": ("Rezervácia zrušená: {{ room_name }}", "rezervácia bola zrušená:"),
            "en": ("Booking cancelled: {{ room_name }}", "your booking is cancelled:"),
        },
    ),
    REMINDER: (
        _("Room booking reminder"),
        CLIENT,
        {
            "pl": ("Przypomnienie: {{ room_name }}", "przypominamy o rezerwacji:"),
            "sk": ("Pripomienka: {{ room_name }}", "pripomíname rezerváciu:"),
            "en": ("Reminder: {{ room_name }}", "a reminder of your booking:"),
        },
    ),
}
# What the booking costs, in the messages about a booking that stands (not cancelled/refused).
PRICE = {
    "pl": "{% if booking_extras %}\nDodatki:\n{{ booking_extras }}{% endif %}"
    "\nCena: {{ booking_price }}",
    "sk": "{% if booking_extras %}\nDoplnky:\n{{ booking_extras }}{% endif %}"
    "\nCena: {{ booking_price }}",
    "en": "{% if booking_extras %}\nExtras:\n{{ booking_extras }}{% endif %}"
    "\nPrice: {{ booking_price }}",
}
FEE = {
    "pl": "{% if cancel_fee %}\nOpłata za odwołanie: {{ cancel_fee }}{% endif %}",
    "sk": "{% if cancel_fee %}\nPoplatok za zrušenie: {{ cancel_fee }}{% endif %}",
    "en": "{% if cancel_fee %}\nCancellation fee: {{ cancel_fee }}{% endif %}",
}
# What happened, first in the SMS: the same time in six messages told the reader nothing.
SMS_WHAT = {
    CONFIRMED: {
        "pl": "rezerwacja potwierdzona",
        "sk": "rezervácia potvrdená",
        "en": "booking confirmed",
    },
    REQUESTED: {
        "pl": "rezerwacja czeka na zatwierdzenie",
        "sk": "rezervácia čaká na schválenie",
        "en": "booking waiting for approval",
    },
    APPROVED: {
        "pl": "rezerwacja zatwierdzona",
        "sk": "rezervácia schválená",
        "en": "booking approved",
    },
    REFUSED: {
        "pl": "rezerwacja niezatwierdzona, termin wolny",
        "sk": "rezervácia neschválená, termín je voľný",
        "en": "booking not approved, the time is free",
    },
    CHANGED: {
        "pl": "rezerwacja zmieniona, nowy termin",
        "sk": "rezervácia zmenená, nový termín",
        "en": "booking changed, new time",
    },
    CANCELLED: {
        "pl": "rezerwacja odwołana",
        "sk": "rezervácia zrušená",
        "en": "booking cancelled",
    },
    REMINDER: {
        "pl": "przypomnienie o rezerwacji",
        "sk": "pripomienka rezervácie",
        "en": "booking reminder",
    },
}
SMS_FEE = {
    "pl": "{% if cancel_fee %}. Opłata: {{ cancel_fee }}{% endif %}",
    "sk": "{% if cancel_fee %}. Poplatok: {{ cancel_fee }}{% endif %}",
    "en": "{% if cancel_fee %}. Fee: {{ cancel_fee }}{% endif %}",
}


def _sms(code: str, lang: str) -> str:
    text = "{{ office_name }}: " + SMS_WHAT[code][lang] + ": {{ room_name }} " + WHEN
    return text + SMS_FEE[lang] if code == CANCELLED else text


OFFICE_TEXTS = {
    "pl": Defaults(
        subject="Rezerwacja do zatwierdzenia: {{ room_name }}",
        body="{{ booker_name }} rezerwuje salę: {{ room_name }}, " + WHEN + ".\n"
        "Zatwierdź lub odrzuć: {{ manage_url }}",
        sms="{{ booker_name }}: {{ room_name }} " + WHEN + " czeka na zatwierdzenie.",
    ),
    "sk": Defaults(
        subject="Rezervácia na schválenie: {{ room_name }}",
        body="{{ booker_name }} rezervuje miestnosť: {{ room_name }}, " + WHEN + ".\n"
        "Schváliť alebo zamietnuť: {{ manage_url }}",
        sms="{{ booker_name }}: {{ room_name }} " + WHEN + " čaká na schválenie.",
    ),
    "en": Defaults(
        subject="Booking to approve: {{ room_name }}",
        body="{{ booker_name }} books {{ room_name }}, " + WHEN + ".\n"
        "Approve or refuse: {{ manage_url }}",
        sms="{{ booker_name }}: {{ room_name }} " + WHEN + " waits for approval.",
    ),
}


def _defaults(texts: dict, code: str) -> dict:
    result = {}
    for lang, (subject, opening) in texts.items():
        body = GREETING[lang] + opening + "\n{{ room_name }}, " + WHEN
        if code == CANCELLED:
            body += FEE[lang]
        elif code != REFUSED:
            body += PRICE[lang]
        if code in {CANCELLED, REFUSED}:
            body += ICS_CANCEL[lang] + LINK_CLOSED[lang]
        else:
            body += ICS[lang] + LINK[lang]
        result[lang] = Defaults(subject=subject, body=body + SIGN[lang], sms=_sms(code, lang))
    return result


def events_register() -> None:
    for code, (label, audience, texts) in TEXTS.items():
        event_register(
            EventType(
                code=code,
                label=label,
                audience=audience,
                variables=VARIABLES,
                sample=SAMPLE,
                actions=(Action("manage_url", _("Open the booking")),),
                defaults=_defaults(texts, code),
            )
        )
    event_register(
        EventType(
            code=APPROVAL_NEEDED,
            label=_("Room booking to approve"),
            audience=OFFICE,
            variables=VARIABLES,
            # The office's e-mail opens the booking's staff page, not the panel's list.
            sample={**SAMPLE, "manage_url": "https://demo.vireo.example/rooms/bookings/42/"},
            # The staff bell too, like a scan request or a new helpdesk request: a booking
            # waiting for approval is released unless someone answers in time. Offices
            # that stored the former default (e-mail only) got it in migration 0007.
            default_channels=frozenset({EMAIL, INAPP}),
            actions=(Action("manage_url", _("Open the booking")),),
            defaults=OFFICE_TEXTS,
        )
    )
