import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from common.exceptions import ApplicationError
from common.storage import office_exists, office_read
from modules.audit.models import AuditEntry
from modules.billing.services import assignment_set, package_create
from modules.documents import seeds
from modules.documents.models import Document, DocumentTemplate, DocumentVersion
from modules.documents.services import (
    document_regenerate,
    document_share,
    template_update,
)
from modules.office.services import office_details_update
from tests.modules.clients.factories import AddressFactory, ClientFactory, ContactFactory
from tests.modules.documents.factories import document_made, template_made


def pdf_text(version: DocumentVersion) -> str:
    reader = PdfReader(io.BytesIO(office_read(version.path)))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_generate_fills_in_client_office_and_document(in_office_a, staff_a):
    client = ClientFactory(name="Alfa sp. z o.o.", nip="5252248481")
    AddressFactory(client=client, street="ul. Prosta 7", postal_code="00-838", city="Warszawa")
    ContactFactory(client=client, first_name="Anna", last_name="Nowak")
    ContactFactory(client=client, first_name="Jan", last_name="Kowalski")
    document = document_made(
        client=client, actor=staff_a, field_values={"place": "Kraków", "unknown": "x"}
    )
    year = timezone.localdate().year
    assert document.number == f"DOK/{year}/0001"
    assert (document.version, document.title, document.source) == (1, "Umowa", "generated")
    assert document.field_values == {"place": "Kraków"}
    assert not document.shared
    version = DocumentVersion.objects.get(document=document)
    assert (version.version, version.content_type) == (1, "application/pdf")
    assert version.original_name == f"DOK-{year}-0001.pdf"
    assert version.path.startswith(f"documents/{client.pk}/")
    assert version.size == len(office_read(version.path))
    text = pdf_text(version)
    assert f"Umowa DOK/{year}/0001" in text
    assert "Alfa sp. z o.o., NIP 5252248481" in text
    assert "Anna Nowak;Jan Kowalski;" in text
    assert "Biuro A · Kraków" in text
    assert text.count(f"DOK/{year}/0001") == 2  # the heading and the footer
    assert "1 / 1" in text  # page numbers
    entry = AuditEntry.objects.get(action="documents.generated")
    assert entry.changes == {"number": f"DOK/{year}/0001", "template": "Umowa", "shared": False}


def test_numbers_follow_each_other(in_office_a, staff_a):
    template = template_made(actor=staff_a)
    numbers = [document_made(template=template, actor=staff_a).number for _ in range(3)]
    year = timezone.localdate().year
    assert numbers == [f"DOK/{year}/0001", f"DOK/{year}/0002", f"DOK/{year}/0003"]


def test_package_and_office_details_reach_the_document(in_office_a, admin_a):
    from django.db import connection

    office_details_update(
        office=connection.tenant,
        actor=admin_a,
        data={
            "legal_name": "Biuro A sp. z o.o.",
            "street": "ul. Biurowa 2",
            "postal_code": "00-002",
            "city": "Warszawa",
            "iban": "PL61 1090 1014 0000 0712 1981 2874",
        },
    )
    client = ClientFactory()
    package = package_create(actor=admin_a, data={"name": "Premium", "price": "249.00"})
    assignment_set(client=client, package=package, starts_on=dt.date(2026, 1, 1), actor=admin_a)
    template = template_made(
        actor=admin_a,
        body=(
            "<p>{{ office_legal_name }}, {{ office_address }}</p><p>{{ office_iban }}</p>"
            "<p>{{ package_name }} {{ package_price|floatformat:2 }} {{ office_currency }} "
            "{{ package_starts_on|date:'d.m.Y' }}</p>"
        ),
        fields=[],
    )
    text = pdf_text(document_made(template=template, client=client).versions.get())
    assert "Biuro A sp. z o.o., ul. Biurowa 2, 00-002 Warszawa" in text
    assert "Premium 249,00 PLN 01.01.2026" in text  # in the template's language (pl)
    assert "PL61 1090 1014 0000 0712 1981 2874" in text  # the demo crashed on the IBAN


def test_values_are_escaped_not_run(in_office_a, staff_a):
    client = ClientFactory(name="<b>Bold</b> {{ office_name }}")
    template = template_made(actor=staff_a, body="<p>{{ client_name }}</p>", fields=[])
    text = pdf_text(document_made(template=template, client=client).versions.get())
    assert "<b>Bold</b> {{ office_name }}" in text


def test_regenerate_keeps_the_old_version(in_office_a, staff_a):
    template = template_made(actor=staff_a, body="<p>First {{ place }}</p>")
    document = document_made(template=template, actor=staff_a, field_values={"place": "Wrocław"})
    first = document.versions.get()
    template_update(template=template, actor=staff_a, data={"body": "<p>Second {{ place }}</p>"})
    document = document_regenerate(document=document, actor=staff_a)
    assert document.version == 2
    versions = list(document.versions.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].path == first.path and office_exists(first.path)
    assert "First Wrocław" in pdf_text(versions[0])
    assert "Second Wrocław" in pdf_text(versions[1])
    assert Document.objects.get(pk=document.pk).number == document.number
    entry = AuditEntry.objects.get(action="documents.regenerated")
    assert entry.changes == {"version": [1, 2]}


def test_regenerate_refuses_an_uploaded_document(in_office_a, staff_a):
    document = document_made(actor=staff_a)
    Document.objects.filter(pk=document.pk).update(source="uploaded")
    document.refresh_from_db()
    with pytest.raises(ApplicationError):
        document_regenerate(document=document, actor=staff_a)
    assert document.versions.count() == 1


def test_an_inactive_template_makes_no_document(in_office_a, staff_a):
    template = template_made(actor=staff_a, active=False)
    with pytest.raises(ApplicationError):
        document_made(template=template)
    assert Document.objects.count() == 0


def test_share_and_stop_sharing_are_audited(in_office_a, staff_a):
    document = document_made(actor=staff_a)
    document = document_share(document=document, actor=staff_a, shared=True)
    assert document.shared and document.shared_by_id == staff_a.pk
    assert (
        document_share(document=document, actor=staff_a, shared=True).shared_at
        == document.shared_at
    )
    document = document_share(document=document, actor=staff_a, shared=False)
    assert (document.shared_at, document.shared_by_id) == (None, None)
    assert list(
        AuditEntry.objects.filter(action__startswith="documents.")
        .exclude(action="documents.template_created")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["documents.generated", "documents.shared", "documents.unshared"]


@pytest.mark.parametrize(
    "seed_key",
    [
        "pl_service_agreement",
        "sk_seat_consent",
        "pl_package_annex",
        "sk_termination",
        "pl_forwarding_authorisation",
    ],
)
def test_ready_made_templates_generate(in_office_a, staff_a, seed_key):
    client = ClientFactory(name="Beta s.r.o.", ico="35757442")
    ContactFactory(client=client, first_name="Eva", last_name="Nová")
    seeds.templates_seed(DocumentTemplate)  # a Polish office keeps only the Polish ones
    template = DocumentTemplate.objects.get(seed_key=seed_key)
    document = document_made(
        template=template,
        client=client,
        actor=staff_a,
        field_values={"signing_place": "Bratislava"},
    )
    text = pdf_text(document.versions.get())
    assert "Beta s.r.o." in text
    assert "Bratislava" in text


def test_sharing_with_a_message_sends_the_pdf_in_a_conversation(in_office_a, staff_a):
    from modules.messaging.models import Attachment, Conversation

    document = document_made(actor=staff_a)
    version = document.versions.get(version=document.version)
    document_share(document=document, actor=staff_a, shared=True, message="Umowa do podpisu.")

    conversation = Conversation.objects.get(client=document.client)
    assert conversation.subject == document.title
    message = conversation.messages.get()
    assert message.body == "Umowa do podpisu."
    attachment = Attachment.objects.get(message=message)
    assert attachment.original_name == version.original_name
    assert attachment.name != version.path  # a copy the message keeps
    assert office_read(attachment.name) == office_read(version.path)
    # Sharing again, or without a message, sends nothing more.
    document_share(document=document, actor=staff_a, shared=True)
    assert conversation.messages.count() == 1


def test_client_name_carries_the_legal_form(in_office_b):
    from modules.documents.variables import client_values

    client = ClientFactory(name="Čerešňa Účtovníctvo", legal_form="s.r.o.", country="SK")
    values = client_values(client, day=dt.date(2026, 3, 2))
    assert (values["client_name"], values["client_legal_form"]) == (
        "Čerešňa Účtovníctvo s.r.o.",
        "s.r.o.",
    )
