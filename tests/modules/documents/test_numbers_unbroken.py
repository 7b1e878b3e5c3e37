"""A document's number is printed whole: a title that wraps never breaks it at a slash."""

from django.utils import timezone

from modules.documents import seeds
from modules.documents.models import DocumentTemplate
from modules.documents.services import document_generate
from tests.modules.clients.factories import ClientFactory
from tests.modules.documents.test_generation import pdf_text


def test_the_agreement_title_keeps_the_document_number_on_one_line(in_office_a, staff_a):
    seeds.templates_seed(DocumentTemplate)
    agreement = DocumentTemplate.objects.get(seed_key="pl_service_agreement")
    for _ in range(3):  # the auditor's DOK/2026/0003
        document = document_generate(template=agreement, client=ClientFactory(), actor=staff_a)
    number = f"DOK/{timezone.localdate().year}/0003"
    assert document.number == number
    lines = pdf_text(document.versions.get()).splitlines()
    title = [line for line in lines if "Umowa o świadczenie" in line or number in line]
    # The title wraps before the number, never inside it (the number is also in the footer).
    assert title[0].strip() == "Umowa o świadczenie usług wirtualnego biura nr"
    assert title[1].strip() == number
