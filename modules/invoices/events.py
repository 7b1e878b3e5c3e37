"""The notification events of invoices (I2, I3) and their default texts in Polish, Slovak and
English. Registered by InvoicesConfig.ready(); sent by services.delivery."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from modules.notifications.hooks import (
    CLIENT,
    EMAIL,
    GREETING,
    SIGNATURE,
    Defaults,
    EventType,
    event_register,
)

NEW_EVENT = "invoices.new"
REMINDER_EVENT = "invoices.reminder"

VARIABLES = {
    "invoice_number": _("Invoice number"),
    "invoice_total": _("Amount to pay, with the currency"),
    "invoice_due_date": _("Due date"),
    "invoice_url": _("Link to the invoice in the client panel"),
}
SAMPLE = {
    "invoice_number": "FV/12/03/2026",
    "invoice_total": "246.00 PLN",
    "invoice_due_date": datetime.date(2026, 4, 14),
    "invoice_url": "https://demo.vireo.example/portal/invoices/12/",
}
DUE = '{{ invoice_due_date|date:"SHORT_DATE_FORMAT" }}'


def events_register() -> None:
    event_register(
        EventType(
            code=NEW_EVENT,
            label=_("New invoice"),
            audience=CLIENT,
            variables=VARIABLES,
            sample=SAMPLE,
            default_channels=frozenset({EMAIL}),
            defaults={
                "pl": Defaults(
                    subject="Faktura {{ invoice_number }}",
                    body=GREETING["pl"]
                    + "w załączniku przesyłamy fakturę {{ invoice_number }} na kwotę "
                    "{{ invoice_total }}, płatną do " + DUE + "." + SIGNATURE["pl"],
                    sms="{{ office_name }}: faktura {{ invoice_number }}, {{ invoice_total }}, "
                    "termin " + DUE + ".",
                ),
                "sk": Defaults(
                    subject="Faktúra {{ invoice_number }}",
                    body=GREETING["sk"]
                    + "v prílohe vám posielame faktúru {{ invoice_number }} na sumu "
                    "{{ invoice_total }} so splatnosťou " + DUE + "." + SIGNATURE["sk"],
                    sms="{{ office_name }}: faktúra {{ invoice_number }}, {{ invoice_total }}, "
                    "splatná " + DUE + ".",
                ),
                "en": Defaults(
                    subject="Invoice {{ invoice_number }}",
                    body=GREETING["en"] + "please find attached invoice {{ invoice_number }} for "
                    "{{ invoice_total }}, due on " + DUE + "." + SIGNATURE["en"],
                    sms="{{ office_name }}: invoice {{ invoice_number }}, {{ invoice_total }}, "
                    "due " + DUE + ".",
                ),
            },
        )
    )
    event_register(
        EventType(
            code=REMINDER_EVENT,
            label=_("Overdue invoice reminder"),
            audience=CLIENT,
            variables=VARIABLES,
            sample=SAMPLE,
            default_channels=frozenset({EMAIL}),
            defaults={
                "pl": Defaults(
                    subject="Przypomnienie o płatności: faktura {{ invoice_number }}",
                    body=GREETING["pl"]
                    + "przypominamy, że termin płatności faktury {{ invoice_number }} "
                    "({{ invoice_total }}) minął " + DUE + ". Jeśli płatność została już "
                    "wysłana, prosimy zignorować tę wiadomość." + SIGNATURE["pl"],
                    sms="{{ office_name }}: przypomnienie o płatności faktury "
                    "{{ invoice_number }} ({{ invoice_total }}).",
                ),
                "sk": Defaults(
                    subject="Pripomienka platby: faktúra {{ invoice_number }}",
                    body=GREETING["sk"] + "pripomíname, že splatnosť faktúry {{ invoice_number }} "
                    "({{ invoice_total }}) uplynula " + DUE + ". Ak ste už zaplatili, "
                    "túto správu prosím ignorujte." + SIGNATURE["sk"],
                    sms="{{ office_name }}: pripomienka platby faktúry {{ invoice_number }} "
                    "({{ invoice_total }}).",
                ),
                "en": Defaults(
                    subject="Payment reminder: invoice {{ invoice_number }}",
                    body=GREETING["en"] + "this is a reminder that invoice {{ invoice_number }} "
                    "({{ invoice_total }}) was due on " + DUE + ". If you have already paid, "
                    "please ignore this message." + SIGNATURE["en"],
                    sms="{{ office_name }}: payment reminder for invoice {{ invoice_number }} "
                    "({{ invoice_total }}).",
                ),
            },
        )
    )
