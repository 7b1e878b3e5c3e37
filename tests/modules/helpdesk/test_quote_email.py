"""The quote e-mail lists the quoted items (name, quantity, net unit price), in the
recipient's language, not only the total."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from modules.helpdesk.services import quote_create
from modules.notifications.models import Delivery
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised
from tests.modules.notifications.factories import email_recipient

LINES = [
    {
        "description": "Kurier do Berlina",
        "quantity": Decimal("2"),
        "unit_price": Decimal("50"),
        "vat_rate": Decimal("23"),
    },
    {
        "description": "Skan (strona)",
        "quantity": Decimal("1.5"),
        "unit_price": Decimal("1234.5"),
        "vat_rate": Decimal("23"),
    },
]


def test_the_quote_e_mail_lists_each_item_in_the_recipients_language(in_office_a):
    client = ClientFactory(name="Zielony Las")
    events = ["helpdesk.quote_sent"]
    email_recipient(client_id=client.pk, address="anna@las.pl", language="pl", events=events)
    email_recipient(client_id=client.pk, address="jan@las.sk", language="sk", events=events)
    email_recipient(client_id=client.pk, address="tom@las.eu", language="en", events=events)
    quote_create(
        request=raised(client=client),
        actor=None,
        valid_until=timezone.localdate() + dt.timedelta(days=5),
        lines=LINES,
    )
    bodies = dict(
        Delivery.objects.filter(notification__event="helpdesk.quote_sent").values_list(
            "address", "body"
        )
    )
    assert (
        "Pozycje wyceny (ceny netto):\n- Kurier do Berlina: 2 × 50,00\xa0zł\n"
        "- Skan (strona): 1,5 × 1\xa0234,50\xa0zł\n\n" in bodies["anna@las.pl"]
    )
    assert (
        "Položky ponuky (ceny bez DPH):\n- Kurier do Berlina: 2 × 50,00\xa0PLN\n"
        "- Skan (strona): 1,5 × 1\xa0234,50\xa0PLN\n\n" in bodies["jan@las.sk"]
    )
    assert (
        "Quoted items (net prices):\n- Kurier do Berlina: 2 × PLN\xa050.00\n"
        "- Skan (strona): 1.5 × PLN\xa01,234.50\n\n" in bodies["tom@las.eu"]
    )
