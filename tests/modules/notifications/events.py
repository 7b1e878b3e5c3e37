"""Client events of a module that does not exist yet (invoicing), registered only by the
tests that need a second client event or an amount and a due date in a message."""

from modules.notifications.hooks import (
    CLIENT,
    EMAIL,
    GREETING,
    SIGNATURE,
    SMS,
    Defaults,
    EventType,
    event_register,
)

DUE = '{{ invoice_due_date|date:"SHORT_DATE_FORMAT" }}'
VARIABLES = {
    "invoice_number": "Invoice number",
    "invoice_total": "Amount due",
    "invoice_currency": "Currency",
    "invoice_due_date": "Due date",
    "invoice_url": "Link to the invoice in the client panel",
}


def _defaults(pl: str, sk: str, en: str) -> dict:
    return {
        lang: Defaults(subject="{{ invoice_number }}", body=body, sms="{{ invoice_number }}")
        for lang, body in (("pl", pl), ("sk", sk), ("en", en))
    }


def invoice_events_register() -> None:
    event_register(
        EventType(
            code="invoice.new",
            label="New invoice",
            audience=CLIENT,
            variables=VARIABLES,
            sample={},
            defaults=_defaults(
                GREETING["pl"] + "wystawiliśmy fakturę {{ invoice_number }} na kwotę "
                "{{ invoice_total }} {{ invoice_currency }}, termin płatności "
                + DUE
                + ".\n\n{{ invoice_url }}"
                + SIGNATURE["pl"],
                GREETING["sk"] + "vystavili sme faktúru {{ invoice_number }} na sumu "
                "{{ invoice_total }} {{ invoice_currency }}, splatnosť "
                + DUE
                + ".\n\n{{ invoice_url }}"
                + SIGNATURE["sk"],
                GREETING["en"] + "we have issued invoice {{ invoice_number }} for "
                "{{ invoice_total }} {{ invoice_currency }}, due "
                + DUE
                + ".\n\n{{ invoice_url }}"
                + SIGNATURE["en"],
            ),
        )
    )
    event_register(
        EventType(
            code="invoice.overdue",
            label="Overdue invoice",
            audience=CLIENT,
            variables=VARIABLES,
            sample={},
            default_channels=frozenset({EMAIL, SMS}),
            defaults=_defaults(
                "{{ invoice_number }}", "{{ invoice_number }}", "{{ invoice_number }}"
            ),
        )
    )
