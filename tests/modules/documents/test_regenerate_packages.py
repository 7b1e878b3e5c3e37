"""Annexes generated from the ready-made annex before it asked the new package (migration
0007) kept no `new_package`, so "Generate again" printed the new package as dots. Now
regenerating fills an empty package field from the client's package in force today
(billing's assignment_current); a client without one is asked on the document page to pick
the package first, and nothing is printed until it is."""

import re

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from modules.billing.services import package_create
from modules.documents.models import Document, DocumentTemplate
from modules.documents.services import document_generate, document_regenerate
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import on_package
from tests.modules.clients.factories import ClientFactory
from tests.modules.documents.test_generation import pdf_text

DOTS = "...................."
# What an annex generated before migration 0007 kept: no new package, the date as free text.
OLD_VALUES = {
    "signing_place": "Kraków",
    "agreement_number": "7/2025",
    "effective_date": "1 lipca 2026",
}


def _old_annex(client, actor) -> Document:
    template = DocumentTemplate.objects.get(seed_key="pl_package_annex")
    document = document_generate(
        template=template,
        client=client,
        actor=actor,
        field_values={"signing_place": "Kraków", "agreement_number": "7/2025"},
    )
    Document.objects.filter(pk=document.pk).update(field_values=OLD_VALUES)
    document.refresh_from_db()
    return document


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_regenerating_an_old_annex_takes_the_clients_current_package(in_office_a, admin_a):
    premium = package_create(actor=admin_a, data={"name": "Premium", "price": "249.00"})
    client = on_package(premium)
    document = _old_annex(client, admin_a)
    document = document_regenerate(document=document, actor=admin_a)
    text = _flat(pdf_text(document.versions.get(version=2)))
    assert (
        "Z dniem 1 lipca 2026 strony zmieniają pakiet usług (dotychczas: Premium) na Premium w "
        "cenie 249,00 PLN netto, płatnej miesięcznie." in text
    )
    assert DOTS not in text.split("§ 1")[1].split("§ 2")[0]
    assert document.field_values == {**OLD_VALUES, "new_package": str(premium.pk)}


def test_a_client_without_a_package_is_asked_to_pick_one_first(office_a):
    admin = member(office_a, Role.ADMIN, language="pl")
    with in_office(office_a):
        start = package_create(actor=admin, data={"name": "Start", "price": "99.00"})
        client = ClientFactory()
        document = _old_annex(client, admin)
        with pytest.raises(ValidationError) as refused:
            document_regenerate(document=document, actor=admin)
        assert refused.value.message_dict == {
            "field_new_package": [
                "Nowy pakiet: pick the package before generating again; the client has no "
                "package to fill it with."
            ]
        }
    web = OfficeClient(office_a, user=admin)
    page = web.get(f"/documents/{document.pk}/").content.decode()
    assert (
        "Klient nie ma pakietu, którym można wypełnić dokument: wybierz go przed ponownym "
        "wygenerowaniem." in page
    )
    assert 'name="field_new_package"' in page
    assert f'<option value="{start.pk}">Start (99,00' in page
    # sent without a pick (an old page, no browser check): refused, nothing printed
    page = web.post(f"/documents/{document.pk}/regenerate/", follow=True).content.decode()
    assert (
        "Nowy pakiet: wybierz pakiet przed ponownym wygenerowaniem; klient nie ma pakietu, "
        "którym można go wypełnić." in page
    )
    with in_office(office_a):
        assert Document.objects.get(pk=document.pk).version == 1
    web.post(f"/documents/{document.pk}/regenerate/", {"field_new_package": str(start.pk)})
    with in_office(office_a):
        document.refresh_from_db()
        assert document.version == 2
        assert document.field_values["new_package"] == str(start.pk)
        text = _flat(pdf_text(document.versions.get(version=2)))
        assert "strony zmieniają pakiet usług na Start w cenie 99,00 PLN netto" in text
    # the package is kept now: the page asks nothing more
    page = web.get(f"/documents/{document.pk}/").content.decode()
    assert 'name="field_new_package"' not in page


def test_a_document_whose_package_was_picked_asks_nothing(in_office_a, admin_a):
    start = package_create(actor=admin_a, data={"name": "Start", "price": "99.00"})
    template = DocumentTemplate.objects.get(seed_key="pl_package_annex")
    document = document_generate(
        template=template,
        client=ClientFactory(),
        actor=admin_a,
        field_values={"new_package": str(start.pk), "effective_date": "2026-07-01"},
    )
    document = document_regenerate(document=document, actor=admin_a)
    text = _flat(pdf_text(document.versions.get(version=2)))
    assert "Z dniem 1 lipca 2026 strony zmieniają pakiet usług na Start w cenie 99,00" in text
