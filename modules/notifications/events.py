"""The events Vireo ships with (N1, N2, S4, R4, I2, I3, X1, T13) and their default
templates in Polish, Slovak and English. Registered by NotificationsConfig.ready()."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from modules.notifications.hooks import (
    CLIENT,
    EMAIL,
    INAPP,
    OFFICE,
    SMS,
    Defaults,
    EventType,
    event_register,
)

SIGN_PL = "\n\nPozdrawiamy\n{{ office_name }}\n{{ portal_url }}"
SIGN_SK = "\n\nS pozdravom\n{{ office_name }}\n{{ portal_url }}"
SIGN_EN = "\n\nKind regards\n{{ office_name }}\n{{ portal_url }}"
HELLO_PL = "Dzień dobry{% if recipient_name %} {{ recipient_name }}{% endif %},\n\n"
HELLO_SK = "Dobrý deň{% if recipient_name %} {{ recipient_name }}{% endif %},\n\n"
HELLO_EN = "Hello{% if recipient_name %} {{ recipient_name }}{% endif %},\n\n"
WHEN = '{{ mail_received_at|date:"SHORT_DATETIME_FORMAT" }}'
EXTRA_PL = (
    "{% if additional_info %}\nDodatkowe informacje: {{ additional_info }}{% endif %}"
    "{% if additional_cost %}\nDodatkowy koszt: {{ additional_cost }}{% endif %}"
)
EXTRA_SK = (
    "{% if additional_info %}\nDoplňujúce informácie: {{ additional_info }}{% endif %}"
    "{% if additional_cost %}\nDodatočný poplatok: {{ additional_cost }}{% endif %}"
)
EXTRA_EN = (
    "{% if additional_info %}\nAdditional information: {{ additional_info }}{% endif %}"
    "{% if additional_cost %}\nAdditional cost: {{ additional_cost }}{% endif %}"
)

MAIL_VARIABLES = {
    "mail_sender": _("Sender of the mail item"),
    "mail_type": _("Type of the item (letter, parcel...)"),
    "mail_received_at": _("Date and time it was received"),
    "mail_items": _("Number of items"),
    "additional_info": _("Additional information (M9)"),
    "additional_cost": _("Additional cost (M9)"),
}
MAIL_SAMPLE = {
    "mail_sender": "Urząd Skarbowy Warszawa",
    "mail_type": "list polecony",
    "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
    "mail_items": 1,
    "additional_info": "",
    "additional_cost": Decimal("0"),
}
COMMON_SAMPLE = {
    "office_name": "Biuro Wirtualne Demo",
    "office_url": "https://demo.vireo.example",
    "portal_url": "https://demo.vireo.example/portal/",
    "client_name": "Zielony Las sp. z o.o.",
    "recipient_name": "Marek Zieliński",
}


def _register_mail() -> None:
    event_register(
        EventType(
            code="mail.new",
            label=_("New mail"),
            audience=CLIENT,
            variables={
                **MAIL_VARIABLES,
                "has_scan": _("True when the scan is attached or linked"),
                "scan_request_url": _("Link to request a scan (empty when a scan is attached)"),
            },
            sample={
                **MAIL_SAMPLE,
                "has_scan": False,
                "scan_request_url": "https://demo.vireo.example/portal/mail/7/scan/",
            },
            default_channels=frozenset({EMAIL, SMS}),
            defaults={
                "pl": Defaults(
                    subject="Nowa korespondencja od: {{ mail_sender }}",
                    body=HELLO_PL + "dla {{ client_name }} przyszła nowa korespondencja.\n\n"
                    "Nadawca: {{ mail_sender }}\nRodzaj: {{ mail_type }}\n"
                    "Liczba przesyłek: {{ mail_items }}\nOtrzymano: "
                    + WHEN
                    + EXTRA_PL
                    + "{% if has_scan %}\n\nSkan znajduje się w załączniku."
                    "{% elif scan_request_url %}\n\nPoproś o skan: "
                    "{{ scan_request_url }}{% endif %}" + SIGN_PL,
                    sms="{{ office_name }}: nowa korespondencja od {{ mail_sender }} "
                    "({{ mail_type }}).",
                ),
                "sk": Defaults(
                    subject="Nová pošta od: {{ mail_sender }}",
                    body=HELLO_SK + "pre {{ client_name }} prišla nová pošta.\n\n"
                    "Odosielateľ: {{ mail_sender }}\nDruh: {{ mail_type }}\n"
                    "Počet zásielok: {{ mail_items }}\nPrijaté: "
                    + WHEN
                    + EXTRA_SK
                    + "{% if has_scan %}\n\nSken nájdete v prílohe.{% elif scan_request_url %}"
                    "\n\nPožiadať o sken: {{ scan_request_url }}{% endif %}" + SIGN_SK,
                    sms="{{ office_name }}: nová pošta od {{ mail_sender }} ({{ mail_type }}).",
                ),
                "en": Defaults(
                    subject="New mail from: {{ mail_sender }}",
                    body=HELLO_EN + "new mail has arrived for {{ client_name }}.\n\n"
                    "Sender: {{ mail_sender }}\nType: {{ mail_type }}\n"
                    "Items: {{ mail_items }}\nReceived: "
                    + WHEN
                    + EXTRA_EN
                    + "{% if has_scan %}\n\nThe scan is attached.{% elif scan_request_url %}"
                    "\n\nRequest a scan: {{ scan_request_url }}{% endif %}" + SIGN_EN,
                    sms="{{ office_name }}: new mail from {{ mail_sender }} ({{ mail_type }}).",
                ),
            },
        )
    )
    event_register(
        EventType(
            code="mail.scan_added",
            label=_("Scan added"),
            audience=CLIENT,
            variables={**MAIL_VARIABLES, "scan_count": _("Number of scanned files")},
            sample={**MAIL_SAMPLE, "scan_count": 2},
            defaults={
                "pl": Defaults(
                    subject="Skan korespondencji od: {{ mail_sender }}",
                    body=HELLO_PL
                    + "zeskanowaliśmy korespondencję od {{ mail_sender }} otrzymaną "
                    + WHEN
                    + ".\nLiczba plików: {{ scan_count }}."
                    + EXTRA_PL
                    + SIGN_PL,
                    sms="{{ office_name }}: dodano skan korespondencji od {{ mail_sender }}.",
                ),
                "sk": Defaults(
                    subject="Sken pošty od: {{ mail_sender }}",
                    body=HELLO_SK
                    + "naskenovali sme poštu od {{ mail_sender }} prijatú "
                    + WHEN
                    + ".\nPočet súborov: {{ scan_count }}."
                    + EXTRA_SK
                    + SIGN_SK,
                    sms="{{ office_name }}: pridaný sken pošty od {{ mail_sender }}.",
                ),
                "en": Defaults(
                    subject="Scan of your mail from: {{ mail_sender }}",
                    body=HELLO_EN
                    + "we have scanned the mail from {{ mail_sender }} received "
                    + WHEN
                    + ".\nFiles: {{ scan_count }}."
                    + EXTRA_EN
                    + SIGN_EN,
                    sms="{{ office_name }}: scan added for mail from {{ mail_sender }}.",
                ),
            },
        )
    )
    event_register(
        EventType(
            code="mail.scan_requested",
            label=_("Scan requested"),
            audience=OFFICE,
            variables={
                "mail_sender": MAIL_VARIABLES["mail_sender"],
                "mail_received_at": MAIL_VARIABLES["mail_received_at"],
                "requested_by": _("Person who asked for the scan"),
                "requests_url": _("Link to the scan requests screen"),
            },
            sample={
                "mail_sender": MAIL_SAMPLE["mail_sender"],
                "mail_received_at": MAIL_SAMPLE["mail_received_at"],
                "requested_by": "Marek Zieliński",
                "requests_url": "https://demo.vireo.example/mail/scan-requests/",
            },
            default_channels=frozenset({EMAIL, INAPP}),
            defaults={
                "pl": Defaults(
                    subject="Prośba o skan: {{ client_name }}",
                    body="{{ client_name }} prosi o skan korespondencji od {{ mail_sender }} "
                    "(otrzymanej " + WHEN + ").\nZgłosił(a): {{ requested_by }}\n\n"
                    "{{ requests_url }}",
                    sms="Prośba o skan: {{ client_name }}, nadawca {{ mail_sender }}.",
                ),
                "sk": Defaults(
                    subject="Žiadosť o sken: {{ client_name }}",
                    body="{{ client_name }} žiada o sken pošty od {{ mail_sender }} "
                    "(prijatej " + WHEN + ").\nPožiadal(a): {{ requested_by }}\n\n"
                    "{{ requests_url }}",
                    sms="Žiadosť o sken: {{ client_name }}, odosielateľ {{ mail_sender }}.",
                ),
                "en": Defaults(
                    subject="Scan requested: {{ client_name }}",
                    body="{{ client_name }} asks for a scan of the mail from {{ mail_sender }} "
                    "(received " + WHEN + ").\nRequested by: {{ requested_by }}\n\n"
                    "{{ requests_url }}",
                    sms="Scan requested: {{ client_name }}, sender {{ mail_sender }}.",
                ),
            },
        )
    )


def _register_rooms_invoices() -> None:
    start = '{{ reservation_start|date:"SHORT_DATETIME_FORMAT" }}'
    end = '{{ reservation_end|time:"TIME_FORMAT" }}'
    event_register(
        EventType(
            code="room.reservation",
            label=_("Room reservation"),
            audience=CLIENT,
            variables={
                "room_name": _("Conference room"),
                "reservation_start": _("Start"),
                "reservation_end": _("End"),
                "reservation_status": _("Status of the reservation"),
                "extras": _("Ordered extras, comma separated"),
            },
            sample={
                "room_name": "Sala Konferencyjna A",
                "reservation_start": datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC),
                "reservation_end": datetime.datetime(2026, 3, 5, 11, 0, tzinfo=datetime.UTC),
                "reservation_status": "potwierdzona",
                "extras": "projektor, kawa",
            },
            defaults={
                "pl": Defaults(
                    subject="Rezerwacja sali: {{ room_name }}, " + start,
                    body=HELLO_PL
                    + "rezerwacja sali {{ room_name }} od "
                    + start
                    + " do "
                    + end
                    + " ma status: {{ reservation_status }}."
                    "{% if extras %}\nDodatki: {{ extras }}{% endif %}" + SIGN_PL,
                    sms="{{ office_name }}: rezerwacja {{ room_name }} "
                    + start
                    + " – {{ reservation_status }}.",
                ),
                "sk": Defaults(
                    subject="Rezervácia miestnosti: {{ room_name }}, " + start,
                    body=HELLO_SK
                    + "rezervácia miestnosti {{ room_name }} od "
                    + start
                    + " do "
                    + end
                    + " má stav: {{ reservation_status }}."
                    "{% if extras %}\nDoplnky: {{ extras }}{% endif %}" + SIGN_SK,
                    sms="{{ office_name }}: rezervácia {{ room_name }} "
                    + start
                    + " – {{ reservation_status }}.",
                ),
                "en": Defaults(
                    subject="Room reservation: {{ room_name }}, " + start,
                    body=HELLO_EN
                    + "your reservation of {{ room_name }} from "
                    + start
                    + " to "
                    + end
                    + " is {{ reservation_status }}."
                    "{% if extras %}\nExtras: {{ extras }}{% endif %}" + SIGN_EN,
                    sms="{{ office_name }}: {{ room_name }} "
                    + start
                    + " – {{ reservation_status }}.",
                ),
            },
        )
    )
    invoice_variables = {
        "invoice_number": _("Invoice number"),
        "invoice_total": _("Amount due"),
        "invoice_currency": _("Currency"),
        "invoice_due_date": _("Due date"),
        "invoice_url": _("Link to the invoice in the client panel"),
    }
    invoice_sample = {
        "invoice_number": "FV/2026/03/017",
        "invoice_total": Decimal("369.00"),
        "invoice_currency": "PLN",
        "invoice_due_date": datetime.date(2026, 3, 14),
        "invoice_url": "https://demo.vireo.example/portal/invoices/17/",
    }
    due = '{{ invoice_due_date|date:"SHORT_DATE_FORMAT" }}'
    event_register(
        EventType(
            code="invoice.new",
            label=_("New invoice"),
            audience=CLIENT,
            variables=invoice_variables,
            sample=invoice_sample,
            defaults={
                "pl": Defaults(
                    subject="Nowa faktura {{ invoice_number }}",
                    body=HELLO_PL + "wystawiliśmy fakturę {{ invoice_number }} na kwotę "
                    "{{ invoice_total }} {{ invoice_currency }}, termin płatności " + due + ".\n\n"
                    "{{ invoice_url }}" + SIGN_PL,
                    sms="{{ office_name }}: faktura {{ invoice_number }}, {{ invoice_total }} "
                    "{{ invoice_currency }}, termin " + due + ".",
                ),
                "sk": Defaults(
                    subject="Nová faktúra {{ invoice_number }}",
                    body=HELLO_SK + "vystavili sme faktúru {{ invoice_number }} na sumu "
                    "{{ invoice_total }} {{ invoice_currency }}, splatnosť " + due + ".\n\n"
                    "{{ invoice_url }}" + SIGN_SK,
                    sms="{{ office_name }}: faktúra {{ invoice_number }}, {{ invoice_total }} "
                    "{{ invoice_currency }}, splatnosť " + due + ".",
                ),
                "en": Defaults(
                    subject="New invoice {{ invoice_number }}",
                    body=HELLO_EN + "we have issued invoice {{ invoice_number }} for "
                    "{{ invoice_total }} {{ invoice_currency }}, due " + due + ".\n\n"
                    "{{ invoice_url }}" + SIGN_EN,
                    sms="{{ office_name }}: invoice {{ invoice_number }}, {{ invoice_total }} "
                    "{{ invoice_currency }}, due " + due + ".",
                ),
            },
        )
    )
    event_register(
        EventType(
            code="invoice.overdue",
            label=_("Overdue invoice"),
            audience=CLIENT,
            variables={**invoice_variables, "days_overdue": _("Days after the due date")},
            sample={**invoice_sample, "days_overdue": 7},
            default_channels=frozenset({EMAIL, SMS}),
            defaults={
                "pl": Defaults(
                    subject="Przypomnienie o płatności: faktura {{ invoice_number }}",
                    body=HELLO_PL + "termin płatności faktury {{ invoice_number }} na kwotę "
                    "{{ invoice_total }} {{ invoice_currency }} minął " + due + " "
                    "(dni po terminie: {{ days_overdue }}). Prosimy o uregulowanie należności."
                    "\n\n{{ invoice_url }}" + SIGN_PL,
                    sms="{{ office_name }}: faktura {{ invoice_number }} jest po terminie "
                    "({{ invoice_total }} {{ invoice_currency }}).",
                ),
                "sk": Defaults(
                    subject="Upomienka: faktúra {{ invoice_number }}",
                    body=HELLO_SK + "splatnosť faktúry {{ invoice_number }} na sumu "
                    "{{ invoice_total }} {{ invoice_currency }} uplynula " + due + " "
                    "(dní po splatnosti: {{ days_overdue }}). Prosíme o úhradu."
                    "\n\n{{ invoice_url }}" + SIGN_SK,
                    sms="{{ office_name }}: faktúra {{ invoice_number }} je po splatnosti "
                    "({{ invoice_total }} {{ invoice_currency }}).",
                ),
                "en": Defaults(
                    subject="Payment reminder: invoice {{ invoice_number }}",
                    body=HELLO_EN + "invoice {{ invoice_number }} for {{ invoice_total }} "
                    "{{ invoice_currency }} was due " + due + " ({{ days_overdue }} days ago). "
                    "Please arrange payment.\n\n{{ invoice_url }}" + SIGN_EN,
                    sms="{{ office_name }}: invoice {{ invoice_number }} is overdue "
                    "({{ invoice_total }} {{ invoice_currency }}).",
                ),
            },
        )
    )


def _register_messages_helpdesk() -> None:
    event_register(
        EventType(
            code="message.new",
            label=_("New message"),
            audience=CLIENT,
            variables={
                "message_subject": _("Subject of the message"),
                "message_excerpt": _("Beginning of the message"),
                "message_author": _("Author"),
                "message_url": _("Link to the conversation"),
            },
            sample={
                "message_subject": "Aneks do umowy",
                "message_excerpt": "W załączeniu aneks…",
                "message_author": "Anna Nowak",
                "message_url": "https://demo.vireo.example/portal/messages/3/",
            },
            defaults={
                "pl": Defaults(
                    subject="Nowa wiadomość: {{ message_subject }}",
                    body=HELLO_PL + "{{ message_author }} przesłał(a) wiadomość "
                    "„{{ message_subject }}”:\n\n{{ message_excerpt }}\n\n{{ message_url }}"
                    + SIGN_PL,
                    sms="{{ office_name }}: nowa wiadomość „{{ message_subject }}”.",
                ),
                "sk": Defaults(
                    subject="Nová správa: {{ message_subject }}",
                    body=HELLO_SK + "{{ message_author }} vám poslal(a) správu "
                    "„{{ message_subject }}“:\n\n{{ message_excerpt }}\n\n{{ message_url }}"
                    + SIGN_SK,
                    sms="{{ office_name }}: nová správa „{{ message_subject }}“.",
                ),
                "en": Defaults(
                    subject="New message: {{ message_subject }}",
                    body=HELLO_EN + "{{ message_author }} sent you a message "
                    "“{{ message_subject }}”:\n\n{{ message_excerpt }}\n\n{{ message_url }}"
                    + SIGN_EN,
                    sms="{{ office_name }}: new message “{{ message_subject }}”.",
                ),
            },
        )
    )
    event_register(
        EventType(
            code="helpdesk.update",
            label=_("Helpdesk update"),
            audience=CLIENT,
            variables={
                "ticket_number": _("Request number"),
                "ticket_title": _("Title of the request"),
                "ticket_status": _("Current status"),
                "update_summary": _("What changed"),
                "ticket_url": _("Link to the request"),
            },
            sample={
                "ticket_number": "HD-1042",
                "ticket_title": "Drukarka w sali B",
                "ticket_status": "w realizacji",
                "update_summary": "Technik przyjdzie jutro.",
                "ticket_url": "https://demo.vireo.example/portal/helpdesk/1042/",
            },
            defaults={
                "pl": Defaults(
                    subject="[{{ ticket_number }}] {{ ticket_title }}: {{ ticket_status }}",
                    body=HELLO_PL
                    + "zgłoszenie {{ ticket_number }} „{{ ticket_title }}” ma status: "
                    "{{ ticket_status }}.\n\n{{ update_summary }}\n\n{{ ticket_url }}" + SIGN_PL,
                    sms="{{ office_name }}: zgłoszenie {{ ticket_number }} – {{ ticket_status }}.",
                ),
                "sk": Defaults(
                    subject="[{{ ticket_number }}] {{ ticket_title }}: {{ ticket_status }}",
                    body=HELLO_SK + "požiadavka {{ ticket_number }} „{{ ticket_title }}“ má stav: "
                    "{{ ticket_status }}.\n\n{{ update_summary }}\n\n{{ ticket_url }}" + SIGN_SK,
                    sms="{{ office_name }}: požiadavka {{ ticket_number }} – {{ ticket_status }}.",
                ),
                "en": Defaults(
                    subject="[{{ ticket_number }}] {{ ticket_title }}: {{ ticket_status }}",
                    body=HELLO_EN + "request {{ ticket_number }} “{{ ticket_title }}” is now "
                    "{{ ticket_status }}.\n\n{{ update_summary }}\n\n{{ ticket_url }}" + SIGN_EN,
                    sms="{{ office_name }}: request {{ ticket_number }} – {{ ticket_status }}.",
                ),
            },
        )
    )


def register_builtin_events() -> None:
    _register_mail()
    _register_rooms_invoices()
    _register_messages_helpdesk()
