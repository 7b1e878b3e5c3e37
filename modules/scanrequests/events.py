"""The notification events of this module and their default texts in Polish, Slovak and
English, registered by ScanRequestsConfig.ready(): a client asked for a scan (S4; the code
keeps its first name, `mail.scan_requested`, because deliveries, alerts, templates and the
office's channel switches store it) and a request past the office's target time.

The sender is a free name ("Sąd Rejonowy dla Warszawy"), which Polish and Slovak cannot
decline after "od": the texts name it after a colon ("nadawca: ...") instead. Offices hold
no copy of these texts unless they edited one (notifications.template_save), so a change
here reaches every office that did not."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from modules.notifications.hooks import (
    CLIENT,
    EMAIL,
    GREETING,
    INAPP,
    OFFICE,
    SIGNATURE,
    Action,
    Defaults,
    EventType,
    Sample,
    event_register,
)

# The office cancelled a client's request ("-" on the list): the client is told, with the
# reason. Not sent when the letter left the desk (handed over, forwarded...): the client has
# it, or chose where it went.
CANCELLED_EVENT = "scanrequests.cancelled"

WHEN = '{{ requested_at|date:"SHORT_DATETIME_FORMAT" }}'
RECEIVED = '{{ mail_received_at|date:"SHORT_DATETIME_FORMAT" }}'
# The editor's preview, in the template's language.
SENDER_SAMPLE = Sample(
    pl="Urząd Skarbowy Warszawa", sk="Daňový úrad Bratislava", en="HM Revenue & Customs"
)


def events_register() -> None:
    event_register(
        EventType(
            code="mail.scan_requested",
            label=_("Scan requested"),
            audience=OFFICE,
            variables={
                "mail_sender": _("Sender of the mail item"),
                "mail_received_at": _("Date and time it was received"),
                "requested_by": _("Person who asked for the scan"),
                "requests_url": _("Link to the scan requests screen"),
            },
            sample={
                "mail_sender": SENDER_SAMPLE,
                "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
                "requested_by": Sample(pl="Marek Zieliński", sk="Marek Zelený", en="Mark Green"),
                "requests_url": "https://demo.vireo.example/mail/scan-requests/",
            },
            default_channels=frozenset({EMAIL, INAPP}),
            defaults={
                "pl": Defaults(
                    subject="Prośba o skan: {{ client_name }}",
                    body="{{ client_name }} prosi o skan przesyłki (nadawca: {{ mail_sender }}, "
                    "otrzymana " + RECEIVED + ").\nZgłosił(a): {{ requested_by }}\n\n"
                    "{{ requests_url }}",
                    sms="Prośba o skan: {{ client_name }}, nadawca {{ mail_sender }}.",
                ),
                "sk": Defaults(
                    subject="Žiadosť o sken: {{ client_name }}",
                    body="{{ client_name }} žiada o sken zásielky (odosielateľ: "
                    "{{ mail_sender }}, prijatá " + RECEIVED + ").\nPožiadal(a): "
                    "{{ requested_by }}\n\n"
                    "{{ requests_url }}",
                    sms="Žiadosť o sken: {{ client_name }}, odosielateľ {{ mail_sender }}.",
                ),
                "en": Defaults(
                    subject="Scan requested: {{ client_name }}",
                    body="{{ client_name }} asks for a scan of an item (sender: {{ mail_sender }}, "
                    "received " + RECEIVED + ").\nRequested by: {{ requested_by }}\n\n"
                    "{{ requests_url }}",
                    sms="Scan requested: {{ client_name }}, sender {{ mail_sender }}.",
                ),
            },
        )
    )
    event_register(
        EventType(
            code="scanrequests.overdue",
            label=_("Scan request past the target time"),
            audience=OFFICE,
            variables={
                "mail_sender": _("Sender of the mail item"),
                "requested_at": _("When the scan was requested"),
                "waiting_hours": _("Hours the request has waited"),
                "target_hours": _("The office's target time (hours)"),
                "requests_url": _("Link to the scan requests screen"),
            },
            sample={
                "mail_sender": SENDER_SAMPLE,
                "requested_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
                "waiting_hours": 26,
                "target_hours": 24,
                "requests_url": "https://demo.vireo.example/mail/scan-requests/?overdue=1",
            },
            default_channels=frozenset({INAPP}),
            defaults={
                "pl": Defaults(
                    subject="Prośba o skan czeka {{ waiting_hours }} h: {{ client_name }}",
                    body="Prośba o skan przesyłki (klient: {{ client_name }}, nadawca: "
                    "{{ mail_sender }}, zgłoszona " + WHEN + ") czeka już {{ waiting_hours }} h, "
                    "dłużej niż zakładane {{ target_hours }} h.\n\n{{ requests_url }}",
                    sms="Prośba o skan czeka {{ waiting_hours }} h: {{ client_name }}, "
                    "nadawca {{ mail_sender }}.",
                ),
                "sk": Defaults(
                    subject="Žiadosť o sken čaká {{ waiting_hours }} h: {{ client_name }}",
                    body="Žiadosť o sken zásielky (klient: {{ client_name }}, odosielateľ: "
                    "{{ mail_sender }}, podaná " + WHEN + ") čaká už {{ waiting_hours }} h, "
                    "dlhšie ako stanovených {{ target_hours }} h.\n\n{{ requests_url }}",
                    sms="Žiadosť o sken čaká {{ waiting_hours }} h: {{ client_name }}, "
                    "odosielateľ {{ mail_sender }}.",
                ),
                "en": Defaults(
                    subject="Scan request waiting {{ waiting_hours }} h: {{ client_name }}",
                    body="A request for a scan (client: {{ client_name }}, sender: "
                    "{{ mail_sender }}, made " + WHEN + ") has waited {{ waiting_hours }} h, "
                    "longer than the target of {{ target_hours }} h.\n\n{{ requests_url }}",
                    sms="Scan request waiting {{ waiting_hours }} h: {{ client_name }}, "
                    "sender {{ mail_sender }}.",
                ),
            },
        )
    )
    event_register(
        EventType(
            code=CANCELLED_EVENT,
            label=_("Scan request cancelled"),
            audience=CLIENT,
            variables={
                "mail_sender": _("Sender of the mail item"),
                "mail_received_at": _("Date and time it was received"),
                "cancel_reason": _("Why the office cancelled the request"),
                "mail_url": _("Link to the item in the client panel"),
            },
            sample={
                "mail_sender": SENDER_SAMPLE,
                "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
                "cancel_reason": Sample(
                    pl="Przesyłka jest zaklejona taśmą, skan nie byłby czytelny.",
                    sk="Zásielka je prelepená páskou, sken by nebol čitateľný.",
                    en="The envelope is taped shut; a scan would not be legible.",
                ),
                "mail_url": "https://demo.vireo.example/portal/mail/42/",
            },
            actions=(Action("mail_url", _("Open the item")),),
            defaults={
                "pl": Defaults(
                    subject="Prośba o skan anulowana (nadawca: {{ mail_sender }})",
                    body=GREETING["pl"]
                    + "biuro anulowało Twoją prośbę o skan przesyłki otrzymanej "
                    + RECEIVED
                    + ".\nNadawca: {{ mail_sender }}"
                    + "{% if cancel_reason %}\nPowód: {{ cancel_reason }}{% endif %}"
                    + SIGNATURE["pl"],
                    sms="{{ office_name }}: anulowano prośbę o skan przesyłki "
                    "(nadawca: {{ mail_sender }}).",
                ),
                "sk": Defaults(
                    subject="Žiadosť o sken zrušená (odosielateľ: {{ mail_sender }})",
                    body=GREETING["sk"]
                    + "kancelária zrušila vašu žiadosť o sken zásielky prijatej "
                    + RECEIVED
                    + ".\nOdosielateľ: {{ mail_sender }}"
                    + "{% if cancel_reason %}\nDôvod: {{ cancel_reason }}{% endif %}"
                    + SIGNATURE["sk"],
                    sms="{{ office_name }}: žiadosť o sken zásielky zrušená "
                    "(odosielateľ: {{ mail_sender }}).",
                ),
                "en": Defaults(
                    subject="Scan request cancelled (sender: {{ mail_sender }})",
                    body=GREETING["en"]
                    + "the office has cancelled your request for a scan of the item received "
                    + RECEIVED
                    + ".\nSender: {{ mail_sender }}"
                    + "{% if cancel_reason %}\nReason: {{ cancel_reason }}{% endif %}"
                    + SIGNATURE["en"],
                    sms="{{ office_name }}: scan request cancelled (sender: {{ mail_sender }}).",
                ),
            },
        )
    )
