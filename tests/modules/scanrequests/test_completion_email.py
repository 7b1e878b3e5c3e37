from decimal import Decimal

from django.db import connection

from modules.notifications.models import Delivery
from modules.notifications.services import delivery_send
from modules.notifications.services import settings_update as notification_settings_update
from modules.scanrequests.services import scan_request_complete
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import staged
from tests.modules.notifications.conftest import smtp_server  # noqa: F401  (the catcher)
from tests.modules.notifications.factories import email_recipient
from tests.modules.scanrequests.factories import allow, requested, waiting_item


def _complete(client):
    scan_request = requested(item=waiting_item(client=client, sender="Sąd Rejonowy"))
    scan_request_complete(
        scan_request=scan_request,
        staged=[staged("wezwanie.pdf")],
        actor=None,
        additional_info="",
        additional_cost=Decimal("0"),
    )
    for pk in list(Delivery.objects.filter(status="queued").values_list("pk", flat=True)):
        assert delivery_send(delivery_id=pk) == "sent"
    return scan_request.item_id


def _files(message) -> list[tuple[str, str]]:
    return [
        (part.get_filename(), part.get_content_type())
        for part in message.iter_attachments()
        if part.get_filename() and part.get_content_type() == "application/pdf"
    ]


def test_the_completion_email_carries_the_scan_and_opens_the_item(
    in_office_a,
    smtp_server,  # noqa: F811
):
    allow()
    client = ClientFactory()
    email_recipient(client_id=client.pk, address="anna@las.pl", language="en")
    item_id = _complete(client)
    (message,) = smtp_server.messages
    assert message["To"] == "anna@las.pl"
    assert _files(message) == [("wezwanie.pdf", "application/pdf")]
    (pdf,) = [p for p in message.iter_attachments() if p.get_filename() == "wezwanie.pdf"]
    assert pdf.get_content().startswith(b"%PDF")
    html = message.get_body(preferencelist=("html",)).get_content()
    # The panel's link names the company (a person may act for several).
    item_url = f"{connection.tenant.url}/portal/mail/{item_id}/?client={client.pk}"
    assert f'href="{item_url}"' in html
    assert "Open the item" in html


def test_a_scan_over_the_offices_limit_is_linked_not_attached(
    in_office_a,
    smtp_server,  # noqa: F811
):
    allow()
    notification_settings_update(actor=None, attachment_max_bytes=10)
    client = ClientFactory()
    email_recipient(client_id=client.pk, address="anna@las.pl", language="en")
    item_id = _complete(client)
    (message,) = smtp_server.messages
    assert _files(message) == []
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "The files are too large to attach; download them here:" in text
    assert "- wezwanie.pdf: " in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="{connection.tenant.url}/portal/mail/{item_id}/?client={client.pk}"' in html
