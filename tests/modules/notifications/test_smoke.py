import datetime

from modules.notifications.models import Delivery
from modules.notifications.services import delivery_send, notify
from tests.modules.notifications.factories import email_recipient


def test_mail_new_is_rendered_and_sent_by_smtp(in_office_a, smtp_server):
    email_recipient()
    notification = notify(
        event="mail.new",
        client_id=1,
        context={
            "client_name": "Zielony Las",
            "mail_sender": "ZUS",
            "mail_type": "list",
            "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
        },
    )
    delivery = Delivery.objects.get(notification=notification)
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert len(smtp_server.messages) == 1
    print(smtp_server.messages[0])
