"""Typed free fields: a template asks a date (a calendar) or a package (a choice of the
office's packages), and the ready-made annex names the NEW package, not the current one."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from modules.billing.services import assignment_set, package_create
from modules.documents import seeds
from modules.documents.models import Document, DocumentTemplate
from modules.documents.services import (
    document_generate,
    document_regenerate,
    template_fields_parse,
    template_fields_text,
    template_preview,
)
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.documents.factories import template_made
from tests.modules.documents.test_generation import pdf_text


def test_fields_are_typed_in_any_of_the_three_languages_and_written_back():
    fields = template_fields_parse(
        "place: Place\nnew_package (package): New package\nfrom (data): Od\nto (dátum): Do"
    )
    assert fields == [
        {"key": "place", "label": "Place"},
        {"key": "new_package", "label": "New package", "type": "package"},
        {"key": "from", "label": "Od", "type": "date"},
        {"key": "to", "label": "Do", "type": "date"},
    ]
    assert template_fields_text(fields) == (
        "place: Place\nnew_package (package): New package\nfrom (date): Od\nto (date): Do"
    )


def test_an_unknown_type_and_a_name_a_package_field_takes_are_refused():
    with pytest.raises(ValidationError) as refused:
        template_fields_parse("when (time): When\nnew (package): New\nnew_price: Price")
    assert refused.value.message_dict["fields"] == [
        "Line 1: “time” is not a field type (text, date, package).",
        "Line 3: “new_price” twice.",
    ]
    with pytest.raises(ValidationError) as refused:
        template_fields_parse("package (package): Package")  # package_price is built in
    assert refused.value.message_dict["fields"] == [
        "Line 1: “package” is already a variable of every document."
    ]


def _packages(admin):
    standard = package_create(actor=admin, data={"name": "Standard", "price": "149.00"})
    premium = package_create(actor=admin, data={"name": "Premium", "price": "249.00"})
    return standard, premium


def test_the_seeded_annex_asks_the_new_package_and_a_date_and_prints_them(office_a, admin_a):
    with in_office(office_a):
        seeds.templates_seed(DocumentTemplate)
        annex = DocumentTemplate.objects.get(seed_key="pl_package_annex")
        standard, premium = _packages(admin_a)
        client = ClientFactory(name="Delta sp. z o.o.")
        assignment_set(
            client=client, package=standard, starts_on=dt.date(2026, 1, 1), actor=admin_a
        )
    web = OfficeClient(office_a, user=admin_a)
    url = f"/documents/clients/{client.pk}/generate/{annex.pk}/"
    form = web.get(url).content.decode()
    assert 'type="date" name="field_effective_date"' in form
    # The picker offers the office's packages with the price the document will print.
    assert re.findall(r"<option[^>]*>[^<]*", form)[1:] == [
        f'<option value="{premium.pk}">Premium (PLN\xa0249.00)',
        f'<option value="{standard.pk}">Standard (PLN\xa0149.00)',
    ]
    response = web.post(
        url,
        {
            "field_signing_place": "Warszawa",
            "field_agreement_number": "DOK/2026/0001",
            "field_new_package": str(premium.pk),
            "field_effective_date": "2026-07-01",
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        document = Document.objects.get(client=client)
        assert document.field_values == {
            "signing_place": "Warszawa",
            "agreement_number": "DOK/2026/0001",
            "new_package": str(premium.pk),
            "effective_date": "2026-07-01",
        }
        text = " ".join(pdf_text(document.versions.get()).split())
    # The new package and its price, the current one as the one before, the date as Polish
    # writes it (the month in the genitive).
    assert (
        "Z dniem 1 lipca 2026 strony zmieniają pakiet usług (dotychczas: Standard) na "
        "Premium w cenie 249,00 PLN netto, płatnej miesięcznie." in text
    )


def test_the_slovak_annex_prints_the_date_as_slovak_writes_it(in_office_a, admin_a):
    seeds.templates_seed(DocumentTemplate)
    annex = DocumentTemplate.objects.get(seed_key="sk_package_annex")
    _standard, premium = _packages(admin_a)
    document = document_generate(
        template=annex,
        client=ClientFactory(),
        actor=admin_a,
        field_values={"new_package": str(premium.pk), "effective_date": "2026-07-01"},
    )
    text = " ".join(pdf_text(document.versions.get()).split())
    assert (
        "Dňom 1. júla 2026 sa strany dohodli na zmene balíka služieb na Premium za 249,00 PLN "
        "bez DPH, splatných mesačne." in text
    )


def test_a_wrong_date_or_package_is_refused_at_its_field(in_office_a, admin_a):
    template = template_made(
        actor=admin_a,
        body="<p>{{ when }} {{ pick }} {{ pick_price }}</p>",
        fields=template_fields_parse("when (date): When\npick (package): Package"),
    )
    with pytest.raises(ValidationError) as refused:
        document_generate(
            template=template,
            client=ClientFactory(),
            actor=admin_a,
            field_values={"when": "1.7.2026", "pick": "999999"},
        )
    assert refused.value.message_dict == {
        "field_when": ["When: not a date (YYYY-MM-DD)."],
        "field_pick": ["Package: no such package."],
    }
    assert Document.objects.count() == 0


def test_generate_again_reads_the_package_kept_by_id(in_office_a, admin_a):
    _standard, premium = _packages(admin_a)
    template = template_made(
        actor=admin_a,
        body="<p>{{ pick }}: {{ pick_price|floatformat:2 }} {{ when|date:'d.m.Y' }}</p>",
        fields=template_fields_parse("when (date): When\npick (package): Package"),
    )
    document = document_generate(
        template=template,
        client=ClientFactory(),
        actor=admin_a,
        field_values={"when": "2026-07-01", "pick": str(premium.pk)},
    )
    assert "Premium: 249,00 01.07.2026" in pdf_text(document.versions.get())
    document = document_regenerate(document=document, actor=admin_a)
    assert "Premium: 249,00 01.07.2026" in pdf_text(document.versions.get(version=2))


def test_the_preview_shows_example_package_and_date(in_office_a, office_a):
    html, problems = template_preview(
        body="<p>{{ when }} {{ pick }} {{ pick_price|floatformat:2 }} {{ pick_frequency }}</p>",
        fields=template_fields_parse("when (date): When\npick (package): Package"),
        language="pl",
        office=office_a,
    )
    assert (html, problems) == ("<p>1 kwietnia 2026 Premium 249,00 miesięcznie</p>", [])


def test_seeded_annexes_are_moved_to_the_new_package_and_rewritten_ones_stay(in_office_a):
    migration = importlib.import_module("modules.documents.migrations.0007_annex_new_package")
    seeds.templates_seed(DocumentTemplate)
    annex = DocumentTemplate.objects.get(seed_key="pl_package_annex")
    old_pl, new_pl, old_fields, _new = migration.CHANGES["pl_package_annex"]
    annex.body, annex.fields = annex.body.replace(new_pl, old_pl), old_fields
    annex.save()
    slovak = DocumentTemplate.objects.get(seed_key="sk_package_annex")
    old_sk, new_sk, sk_fields, _new = migration.CHANGES["sk_package_annex"]
    own_sentence = old_sk.replace("sa strany", "sa strany písomne")
    slovak.body, slovak.fields = slovak.body.replace(new_sk, own_sentence), sk_fields
    slovak.save()
    migration.mend(apps, None)
    annex.refresh_from_db()
    slovak.refresh_from_db()
    assert seeds.seed_untouched(annex)  # exactly as seeded now
    assert slovak.fields == sk_fields and own_sentence in slovak.body  # rewritten: stays
