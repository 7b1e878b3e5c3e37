"""Sharing a document tells the client once: an e-mail (on by default) with the company
line and the panel's link naming the company."""

import importlib

from django.apps import apps
from django.core import mail
from django.utils import timezone

from modules.documents.models import Document
from modules.documents.services import document_share
from modules.notifications.models import Delivery, NotificationRecipient
from modules.notifications.services import default_events, delivery_send
from tests.modules.clients.factories import ClientFactory
from tests.modules.documents.factories import document_made
from tests.modules.notifications.factories import email_recipient


def _deliveries():
    return list(Delivery.objects.filter(event="documents.shared").order_by("pk"))


def test_sharing_tells_the_client_once_not_again_when_shared_again(in_office_a, office_a, staff_a):
    assert "documents.shared" in default_events("email")
    client = ClientFactory(name="Kowalski Consulting")
    email_recipient(client_id=client.pk, address="anna@kowalski.pl", language="pl")
    document = document_made(client=client, actor=staff_a, title="Aneks nr 2")
    assert _deliveries() == []  # generated, not shared: nothing
    document_share(document=document, actor=staff_a, shared=True)
    (delivery,) = _deliveries()
    year = timezone.localdate().year
    panel = f"{office_a.url}/portal/documents/?client={client.pk}"
    assert delivery.address == "anna@kowalski.pl"
    assert delivery.subject == "Nowy dokument: Aneks nr 2"
    assert delivery.body.startswith(
        "Firma: Kowalski Consulting\n\nDzień dobry,\n\nw panelu klienta udostępniliśmy Ci nowy "
        f"dokument: Aneks nr 2 (nr DOK/{year}/0001). Pobierzesz go w zakładce Dokumenty:\n{panel}"
    )
    assert delivery.actions[0] == {"label": "Otwórz dokumenty", "url": panel}
    # Stopped and shared again, or shared twice: nobody is told again.
    document_share(document=document, actor=staff_a, shared=False)
    document_share(document=document, actor=staff_a, shared=True)
    document_share(document=document, actor=staff_a, shared=True)
    assert len(_deliveries()) == 1
    assert Document.objects.get(pk=document.pk).client_notified_at is not None


def test_a_document_generated_shared_tells_the_client(in_office_a, staff_a):
    client = ClientFactory(name="Nowak s.r.o.", language="sk")
    email_recipient(client_id=client.pk, address="jan@nowak.sk", language="sk")
    document_made(client=client, actor=staff_a, title="Zmluva", share=True)
    (delivery,) = _deliveries()
    assert delivery.subject == "Nový dokument: Zmluva"
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    (message,) = mail.outbox
    assert message.to == ["jan@nowak.sk"] and message.subject == "Nový dokument: Zmluva"


def test_existing_e_mail_recipients_get_the_event_and_shared_documents_count_as_told(
    in_office_a, staff_a
):
    client = ClientFactory()
    recipient = email_recipient(client_id=client.pk, events=["mail.new"])
    document = document_made(client=client, actor=staff_a, share=True)
    Document.objects.filter(pk=document.pk).update(client_notified_at=None)
    forwards = importlib.import_module(
        "modules.documents.migrations.0008_document_client_notified"
    ).forwards
    forwards(apps, None)
    recipient.refresh_from_db()
    assert recipient.events == ["documents.shared", "mail.new"]
    document.refresh_from_db()
    assert document.client_notified_at == document.shared_at
    assert NotificationRecipient.objects.filter(events__contains=["documents.shared"]).count() == 1
