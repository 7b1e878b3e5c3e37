import datetime

import pytest
from django.core.exceptions import ValidationError

from modules.notifications.models import Delivery, NotificationRecipient
from modules.notifications.services import (
    delivery_send,
    notify,
    recipient_set,
    template_save,
)
from tests.helpers.offices import in_office
from tests.modules.notifications.factories import email_recipient

MAIL = {
    "client_name": "X",
    "mail_sender": "ZUS",
    "mail_type": "list",
    "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
}


def test_a_job_for_office_a_reads_only_office_a(office_a, office_b, smtp_server):
    with in_office(office_b):
        template_save(
            event="mail.new",
            language="pl",
            subject="B: {{ mail_sender }}",
            body="Tajne biura B",
            sms="B",
            actor=None,
        )
        email_recipient(address="klient@office-b.sk")
        b_delivery = Delivery.objects.get(
            notification=notify(event="mail.new", client_id=1, context=MAIL)
        )
    with in_office(office_a):
        email_recipient(address="klient@office-a.pl")
        a_delivery = Delivery.objects.get(
            notification=notify(event="mail.new", client_id=1, context=MAIL)
        )
        # The same id may exist in both schemas; the job only ever sees its own office.
        assert delivery_send(delivery_id=a_delivery.pk) == "sent"
        if b_delivery.pk != a_delivery.pk:
            assert delivery_send(delivery_id=b_delivery.pk) == "skipped"
    (message,) = smtp_server.messages
    assert message["To"] == "klient@office-a.pl"
    assert message["Subject"] == "Nowa korespondencja – nadawca: ZUS"
    assert message["X-Vireo-Office"] == office_a.schema_name
    with in_office(office_b):
        assert Delivery.objects.get(pk=b_delivery.pk).status == "queued"


def test_recipient_set_syncs_the_clients_contacts_and_keeps_manual_ones(
    in_office_a, invoice_events
):
    manual = email_recipient(client_id=5, address="recepcja@firma.pl")
    first = recipient_set(
        client_id=5,
        client_label="Firma",
        contacts=[
            {"channel": "email", "address": "Szef@Firma.pl", "language": "pl", "name": "Szef"},
            {
                "channel": "sms",
                "address": "+48 601 000 111",
                "language": "en",
                "events": ["invoice.overdue"],
            },
        ],
    )
    assert [(r.channel, r.address, r.source, r.client_label) for r in first] == [
        ("email", "szef@firma.pl", "clients", "Firma"),
        ("sms", "+48601000111", "clients", "Firma"),
    ]
    assert first[1].events == ["invoice.overdue"]
    second = recipient_set(
        client_id=5,
        client_label="Firma 2",
        contacts=[
            {"channel": "email", "address": "szef@firma.pl", "language": "sk", "name": "Szef"},
        ],
    )
    assert second[0].pk == first[0].pk and second[0].language == "sk"
    assert sorted(
        NotificationRecipient.objects.filter(client_id=5).values_list("address", "client_label")
    ) == [("recepcja@firma.pl", "Firma 2"), ("szef@firma.pl", "Firma 2")]
    recipient_set(client_id=5, contacts=[])
    assert list(NotificationRecipient.objects.filter(client_id=5)) == [manual]


def test_recipient_addresses_are_validated_and_unique(in_office_a):
    email_recipient(address="a@firma.pl")
    with pytest.raises(ValidationError):
        email_recipient(address="A@Firma.pl")
    with pytest.raises(ValidationError):
        email_recipient(address="not-an-email")
    with pytest.raises(ValidationError):
        recipient_set(
            client_id=1, contacts=[{"channel": "sms", "address": "601", "language": "pl"}]
        )
    with pytest.raises(ValidationError):
        email_recipient(address="b@firma.pl", events=["no.such_event"])
