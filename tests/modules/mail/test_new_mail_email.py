"""The "new mail" e-mail opens the letter, not only the panel's home."""

from django.db import connection

from modules.notifications.models import Delivery
from modules.notifications.services import delivery_send
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register
from tests.modules.notifications.conftest import smtp_server  # noqa: F401  (the catcher)
from tests.modules.notifications.factories import email_recipient


def test_the_new_mail_email_has_a_button_to_the_item(
    in_office_a,
    smtp_server,  # noqa: F811
):
    """Audit: the e-mail about a new letter had only "Open in the client panel" (the panel's
    home, ?client=...): the client then looked for the letter; the scan's e-mail already
    opened the item. Now "Open the item" opens the letter's page in the panel."""
    client = ClientFactory()
    email_recipient(client_id=client.pk, address="anna@las.pl", language="en")
    item = item_register(client=client, sender="Sąd Rejonowy", notify_choice="email")
    for pk in list(Delivery.objects.filter(status="queued").values_list("pk", flat=True)):
        assert delivery_send(delivery_id=pk) == "sent"
    (message,) = smtp_server.messages
    html = message.get_body(preferencelist=("html",)).get_content()
    item_url = f"{connection.tenant.url}/portal/mail/{item.pk}/?client={client.pk}"
    assert f'href="{item_url}"' in html
    assert "Open the item" in html
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"Open the item: {item_url}" in text
