"""The notification events of this module and their default texts in Polish, Slovak and
English (N1, N2, M9). Registered by MailConfig.ready(); sent by services.items.mail_notify."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from common.money import money
from modules.notifications.hooks import (
    CLIENT,
    EMAIL,
    GREETING,
    SIGNATURE,
    SMS,
    Action,
    Defaults,
    EventType,
    Sample,
    event_register,
)

WHEN = '{{ mail_received_at|date:"SHORT_DATETIME_FORMAT" }}'
SENT_WHEN = '{{ mail_sent_at|date:"SHORT_DATETIME_FORMAT" }}'
# Outgoing mail (sent for the client): its own event, never "new mail from <recipient>".
SENT_EVENT = "mail.sent"
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
# The editor's preview, in the template's language (notifications' sample_context).
MAIL_SENDER_SAMPLE = Sample(
    pl="Urząd Skarbowy Warszawa", sk="Daňový úrad Bratislava", en="HM Revenue & Customs"
)
MAIL_SAMPLE = {
    "mail_sender": MAIL_SENDER_SAMPLE,
    "mail_type": Sample(pl="list polecony", sk="doporučený list", en="registered letter"),
    "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
    "mail_items": 1,
    "additional_info": "",
    "additional_cost": lambda *, language, office: money(
        Decimal("2.50"), office.currency, language=language
    ),
}


def events_register() -> None:
    event_register(
        EventType(
            code="mail.new",
            label=_("New mail"),
            audience=CLIENT,
            variables={
                **MAIL_VARIABLES,
                "has_scan": _("True when the scan is attached or linked"),
                "scan_request_url": _("Link to request a scan (empty when a scan is attached)"),
                "mail_url": _("Link to the item in the client panel"),
            },
            sample={
                **MAIL_SAMPLE,
                "has_scan": False,
                "scan_request_url": "https://demo.vireo.example/portal/mail/7/scan/",
                "mail_url": "https://demo.vireo.example/portal/mail/7/",
            },
            default_channels=frozenset({EMAIL, SMS}),
            # "Open the item": the letter's page in the panel, as the scan's e-mail has it
            # (the panel's home alone left the client to find the letter).
            actions=(
                Action("scan_request_url", _("Request scan")),
                Action("mail_url", _("Open the item")),
            ),
            defaults={
                "pl": Defaults(
                    subject="Nowa korespondencja – nadawca: {{ mail_sender }}",
                    body=GREETING["pl"] + "przyszła nowa korespondencja.\n\n"
                    "Nadawca: {{ mail_sender }}\nRodzaj: {{ mail_type }}\n"
                    "Liczba przesyłek: {{ mail_items }}\nOtrzymano: "
                    + WHEN
                    + EXTRA_PL
                    + "{% if has_scan %}\n\nSkan znajduje się w załączniku."
                    "{% elif scan_request_url %}\n\nPoproś o skan: "
                    "{{ scan_request_url }}{% endif %}" + SIGNATURE["pl"],
                    sms="{{ office_name }}: nowa korespondencja, nadawca: {{ mail_sender }} "
                    "({{ mail_type }}).",
                ),
                "sk": Defaults(
                    subject="Nová pošta – odosielateľ: {{ mail_sender }}",
                    body=GREETING["sk"] + "prišla nová pošta.\n\n"
                    "Odosielateľ: {{ mail_sender }}\nDruh: {{ mail_type }}\n"
                    "Počet zásielok: {{ mail_items }}\nPrijaté: "
                    + WHEN
                    + EXTRA_SK
                    + "{% if has_scan %}\n\nSken nájdete v prílohe.{% elif scan_request_url %}"
                    "\n\nPožiadať o sken: {{ scan_request_url }}{% endif %}" + SIGNATURE["sk"],
                    sms="{{ office_name }}: nová pošta, odosielateľ: {{ mail_sender }} "
                    "({{ mail_type }}).",
                ),
                "en": Defaults(
                    subject="New mail from {{ mail_sender }}",
                    body=GREETING["en"] + "new mail has arrived.\n\n"
                    "Sender: {{ mail_sender }}\nType: {{ mail_type }}\n"
                    "Items: {{ mail_items }}\nReceived: "
                    + WHEN
                    + EXTRA_EN
                    + "{% if has_scan %}\n\nThe scan is attached.{% elif scan_request_url %}"
                    "\n\nRequest a scan: {{ scan_request_url }}{% endif %}" + SIGNATURE["en"],
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
            variables={
                **MAIL_VARIABLES,
                "scan_count": _("Number of scanned files"),
                "mail_url": _("Link to the item in the client panel"),
            },
            sample={
                **MAIL_SAMPLE,
                "scan_count": 2,
                "mail_url": "https://demo.vireo.example/portal/mail/42/",
            },
            # The item's page in the panel (its scans, also when they are too large to
            # attach), as a fixed button the office's own wording cannot drop.
            actions=(Action("mail_url", _("Open the item")),),
            defaults={
                "pl": Defaults(
                    subject="Skan korespondencji (nadawca: {{ mail_sender }})",
                    body=GREETING["pl"]
                    + "zeskanowaliśmy przesyłkę otrzymaną "
                    + WHEN
                    + ".\nNadawca: {{ mail_sender }}\nLiczba plików: {{ scan_count }}."
                    + EXTRA_PL
                    + SIGNATURE["pl"],
                    sms="{{ office_name }}: dodano skan przesyłki (nadawca: {{ mail_sender }}).",
                ),
                "sk": Defaults(
                    subject="Sken pošty (odosielateľ: {{ mail_sender }})",
                    body=GREETING["sk"]
                    + "naskenovali sme zásielku prijatú "
                    + WHEN
                    + ".\nOdosielateľ: {{ mail_sender }}\nPočet súborov: {{ scan_count }}."
                    + EXTRA_SK
                    + SIGNATURE["sk"],
                    sms="{{ office_name }}: pridaný sken zásielky "
                    "(odosielateľ: {{ mail_sender }}).",
                ),
                "en": Defaults(
                    subject="Scan of your mail (sender: {{ mail_sender }})",
                    body=GREETING["en"]
                    + "we have scanned an item received "
                    + WHEN
                    + ".\nSender: {{ mail_sender }}\nFiles: {{ scan_count }}."
                    + EXTRA_EN
                    + SIGNATURE["en"],
                    sms="{{ office_name }}: scan added (sender: {{ mail_sender }}).",
                ),
            },
        )
    )
    event_register(
        EventType(
            code=SENT_EVENT,
            label=_("Mail sent on your behalf"),
            audience=CLIENT,
            variables={
                "mail_recipient": _("Recipient of the item sent"),
                "mail_type": MAIL_VARIABLES["mail_type"],
                "mail_sent_at": _("Date and time it was sent"),
                "mail_items": MAIL_VARIABLES["mail_items"],
                "tracking_number": _("Tracking number"),
                "additional_info": MAIL_VARIABLES["additional_info"],
                "additional_cost": MAIL_VARIABLES["additional_cost"],
                "has_scan": _("True when the scan is attached or linked"),
            },
            sample={
                "mail_recipient": Sample(
                    pl="Sąd Rejonowy dla Warszawy", sk="Okresný súd Bratislava", en="County Court"
                ),
                "mail_type": MAIL_SAMPLE["mail_type"],
                "mail_sent_at": MAIL_SAMPLE["mail_received_at"],
                "mail_items": 1,
                "tracking_number": "RR123456789PL",
                "additional_info": "",
                "additional_cost": MAIL_SAMPLE["additional_cost"],
                "has_scan": True,
            },
            default_channels=frozenset({EMAIL}),
            defaults={
                "pl": Defaults(
                    subject="Wysłaliśmy korespondencję w Twoim imieniu",
                    body=GREETING["pl"] + "wysłaliśmy w Twoim imieniu korespondencję.\n\n"
                    "Nadawca: {{ client_name }}\nAdresat: {{ mail_recipient }}\n"
                    "Rodzaj: {{ mail_type }}\n"
                    "Liczba przesyłek: {{ mail_items }}\nWysłano: "
                    + SENT_WHEN
                    + "{% if tracking_number %}\nNumer nadania: {{ tracking_number }}{% endif %}"
                    + EXTRA_PL
                    + "{% if has_scan %}\n\nSkan znajduje się w załączniku.{% endif %}"
                    + SIGNATURE["pl"],
                    sms="{{ office_name }}: wysłaliśmy w Twoim imieniu korespondencję "
                    "({{ mail_type }}).",
                ),
                "sk": Defaults(
                    subject="V mene vašej spoločnosti sme odoslali poštu",
                    body=GREETING["sk"] + "v mene vašej spoločnosti sme odoslali poštu.\n\n"
                    "Odosielateľ: {{ client_name }}\nAdresát: {{ mail_recipient }}\n"
                    "Druh: {{ mail_type }}\n"
                    "Počet zásielok: {{ mail_items }}\nOdoslané: "
                    + SENT_WHEN
                    + "{% if tracking_number %}\nPodacie číslo: {{ tracking_number }}{% endif %}"
                    + EXTRA_SK
                    + "{% if has_scan %}\n\nSken nájdete v prílohe.{% endif %}"
                    + SIGNATURE["sk"],
                    sms="{{ office_name }}: v mene vašej spoločnosti sme odoslali poštu "
                    "({{ mail_type }}).",
                ),
                "en": Defaults(
                    subject="Mail sent on your behalf",
                    body=GREETING["en"] + "we have sent mail on behalf of {{ client_name }}.\n\n"
                    "Recipient: {{ mail_recipient }}\nType: {{ mail_type }}\n"
                    "Items: {{ mail_items }}\nSent: "
                    + SENT_WHEN
                    + "{% if tracking_number %}\nTracking number: {{ tracking_number }}{% endif %}"
                    + EXTRA_EN
                    + "{% if has_scan %}\n\nThe scan is attached.{% endif %}"
                    + SIGNATURE["en"],
                    sms="{{ office_name }}: mail sent on your behalf ({{ mail_type }}).",
                ),
            },
        )
    )
