import pytest
from django.core.exceptions import ValidationError

from modules.audit.models import AuditEntry
from modules.documents import seeds, variables
from modules.documents.html import html_clean
from modules.documents.models import DocumentTemplate
from modules.documents.services import (
    template_fields_parse,
    template_preview,
    template_update,
)
from modules.notifications.hooks import template_problems
from tests.helpers.offices import in_office
from tests.modules.documents.factories import template_made


def test_template_keeps_the_editor_markup_and_drops_the_rest(in_office_a, staff_a):
    template = template_made(
        actor=staff_a,
        body=(
            '<p class="ql-align-center bad" style="color:red" onclick="x()">{{ client_name }}</p>'
            '<ol><li data-list="bullet">a</li></ol><script>alert(1)</script>'
            '<img src="file:///etc/passwd"><a href="http://127.0.0.1/">link</a>'
            "<style>@import url(http://127.0.0.1/x.css);</style>"
        ),
    )
    assert template.body == (
        '<p class="ql-align-center">{{ client_name }}</p><ol><li data-list="bullet">a</li></ol>link'
    )
    entry = AuditEntry.objects.get(action="documents.template_created")
    assert entry.changes == {"name": "Umowa", "language": "pl"}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<p>{% load static %}</p>", "Line 1: the tag “load” is not allowed; use only if and for."),
        ("<p>{% include 'base.html' %}</p>", "the tag “include” is not allowed"),
        ("<p>{% debug %}</p>", "the tag “debug” is not allowed"),
        ("<p>{% extends 'x' %}</p>", "the tag “extends” is not allowed"),
        ("<p>{{ client_name.__class__ }}</p>", "the template cannot be read"),
        ("<p>{{ client_name.upper }}</p>", "variables have no parts"),
        ("<p>{{ settings.SECRET_KEY }}</p>", "“settings.SECRET_KEY” is not a variable"),
        ("<p>{{ request }}</p>", "“request” is not a variable of this message"),
        ("<p>{{ client_name|safe }}</p>", "the filter “safe” is not allowed"),
        ("<p>{% if client_name %}open</p>", "a tag is not closed"),
    ],
)
def test_sandbox_escapes_are_refused_at_save(in_office_a, staff_a, body, problem):
    before = DocumentTemplate.objects.count()
    with pytest.raises(ValidationError) as caught:
        template_made(actor=staff_a, body=body)
    assert any(problem in message for message in caught.value.message_dict["body"])
    assert DocumentTemplate.objects.count() == before


def test_update_refuses_an_escape_and_keeps_the_saved_text(in_office_a, staff_a):
    template = template_made(actor=staff_a)
    with pytest.raises(ValidationError):
        template_update(template=template, actor=staff_a, data={"body": "<p>{% load x %}</p>"})
    template.refresh_from_db()
    assert template.body.startswith("<h1>Umowa {{ document_number }}</h1>")


def test_update_audits_the_changed_fields(in_office_a, staff_a):
    template = template_made(actor=staff_a)
    template_update(
        template=template,
        actor=staff_a,
        data={"name": "Umowa B", "body": "<p>{{ client_name }}</p>"},
    )
    entry = AuditEntry.objects.get(action="documents.template_changed")
    assert entry.changes == {"name": ["Umowa", "Umowa B"], "body": ["…", "…"]}


def test_free_fields_are_parsed_and_checked():
    assert template_fields_parse("place: Place of signing\n\nnote") == [
        {"key": "place", "label": "Place of signing"},
        {"key": "note", "label": "note"},
    ]
    with pytest.raises(ValidationError) as caught:
        template_fields_parse("Bad Key: x\nclient_name: Name\nplace: a\nplace: b")
    assert caught.value.message_dict["fields"] == [
        "Line 1: “Bad Key” cannot be a field name (small letters, digits, _).",
        "Line 2: “client_name” is already a variable of every document.",
        "Line 4: “place” twice.",
    ]


def test_a_template_may_use_only_its_own_free_fields(in_office_a, staff_a):
    with pytest.raises(ValidationError) as caught:
        template_made(actor=staff_a, body="<p>{{ place }} {{ other }}</p>")
    assert caught.value.message_dict["body"] == [
        "Line 1: “other” is not a variable of this message."
    ]


def test_preview_fills_in_example_values_escaped(office_a):
    html, problems = template_preview(
        body="<p>{{ client_name }} {{ place }}</p>",
        fields=[{"key": "place", "label": "<b>P</b>"}],
        language="pl",
        office=office_a,
    )
    assert problems == []
    assert html == "<p>Alfa Consulting sp. z o.o. [&lt;b&gt;P&lt;/b&gt;]</p>"


def test_preview_gives_examples_in_the_templates_language_with_the_offices_name(office_b):
    body = (
        "<p>{{ client_name }}, IČO {{ client_ico }}, {{ office_name }}, {{ office_currency }}</p>"
    )
    slovak, _problems = template_preview(body=body, fields=[], language="sk", office=office_b)
    assert slovak == f"<p>Alfa Consulting s.r.o., IČO 50123456, {office_b.name}, EUR</p>"
    # An English template of a Slovak office: the Slovak company's identifiers.
    english, _problems = template_preview(
        body="<p>{{ client_ic_dph }} {{ document_title }}</p>",
        fields=[],
        language="en",
        office=office_b,
    )
    assert english == "<p>SK2120123456 Agreement</p>"


def test_variables_cover_client_office_and_document():
    assert {"client_name", "client_nip", "client_ico", "client_address", "package_name"} <= set(
        variables.CLIENT_VARIABLES
    )
    assert {"office_name", "office_address", "office_nip", "office_iban"} <= set(
        variables.OFFICE_VARIABLES
    )
    assert set(variables.DOCUMENT_VARIABLES) == {
        "document_number",
        "document_date",
        "document_title",
    }
    assert set(variables.SAMPLE) == set(variables.BUILTIN)
    assert set(variables.SAMPLE_SK) == set(variables.BUILTIN)


def test_the_editor_lists_the_identifiers_of_the_offices_country():
    def names(country):
        return {
            n for _key, _label, rows in variables.variable_groups(country=country) for n, _t in rows
        }

    assert {"client_nip", "client_regon", "client_krs", "office_nip"} <= names("PL")
    assert not names("PL") & {"client_ico", "client_dic", "client_ic_dph", "office_ico"}
    assert {"client_ico", "client_dic", "client_ic_dph", "office_ico", "office_ic_dph"} <= names(
        "SK"
    )
    assert not names("SK") & {"client_nip", "client_regon", "client_krs", "office_nip"}
    assert names("CZ") == set(variables.BUILTIN)


def test_each_office_has_the_ready_made_templates_of_its_country(office_a, office_b):
    def keys(office):
        with in_office(office):
            return dict(
                DocumentTemplate.objects.exclude(seed_key="").values_list("seed_key", "language")
            )

    assert keys(office_a) == {
        "pl_service_agreement": "pl",
        "pl_seat_consent": "pl",
        "pl_package_annex": "pl",
        "pl_termination": "pl",
        "pl_forwarding_authorisation": "pl",
    }
    assert keys(office_b) == {
        "sk_service_agreement": "sk",
        "sk_seat_consent": "sk",
        "sk_package_annex": "sk",
        "sk_termination": "sk",
        "sk_forwarding_authorisation": "sk",
    }
    with in_office(office_b):
        assert seeds.templates_seed(DocumentTemplate) == 5  # the template schema: all
        assert seeds.templates_seed(DocumentTemplate) == 0  # seeding again adds nothing


@pytest.mark.parametrize("seed", seeds.TEMPLATES, ids=lambda t: t["seed_key"])
def test_ready_made_templates_pass_the_checks_they_would_meet_on_save(seed):
    assert html_clean(seed["body"]) == seed["body"]
    assert (
        template_problems(
            seed["body"],
            variables=variables.template_variables(seed["fields"]),
            max_length=200_000,
        )
        == []
    )


def test_slovak_seat_consent_asks_for_a_certified_signature():
    consent = next(t for t in seeds.TEMPLATES if t["seed_key"] == "sk_seat_consent")
    assert "úradne osvedčený" in consent["body"]
    assert "legalizačná doložka" in consent["body"]
    assert consent["body"].endswith("<p><br></p>" * 8)


def test_ready_made_templates_name_the_place_without_declining_it():
    """A town's name cannot be put in the locative by a variable ("w Warszawa", "v
    Bratislava"): the ready-made texts give it as a place, "miejsce zawarcia: Warszawa" and
    "Warszawa, 06.12.2026", never after "w"/"v"."""
    for seed in seeds.TEMPLATES:
        body = seed["body"]
        for before in (" w {{ signing_place", " v {{ signing_place", ">V {{ signing_place"):
            assert before not in body, (seed["seed_key"], before)
    agreement = next(t for t in seeds.TEMPLATES if t["seed_key"].startswith("pl_"))
    assert "(miejsce zawarcia: {{ signing_place|default:office_city }})" in agreement["body"]


def test_offices_seeded_before_get_the_mended_wording(in_office_a):
    """Migration 0003: a seeded template with the old phrases gets the new ones; a phrase an
    office rewrote, and a template of its own, stay as they are."""
    import importlib

    from django.apps import apps

    from modules.documents.models import DocumentTemplate

    mend = importlib.import_module("modules.documents.migrations.0003_ready_made_wording").mend
    seeds.templates_seed(DocumentTemplate)  # a Polish office has no Slovak ones of its own
    old = (
        '<p>uzavretá dňa {{ document_date|date:"d.m.Y" }} v {{ signing_place|default:office_city }}'
        ' medzi:</p><p>Lipa, zastúpená {{ client_contact_name|default:"..." }}, s výpovednou '
        "lehotou {{ package_notice_months|default:1 }} mesiac(e), ktorá začína</p>"
    )
    seeded = DocumentTemplate.objects.filter(seed_key="sk_service_agreement").get()
    seeded.body = old
    seeded.save()
    own = DocumentTemplate.objects.create(name="Vlastná", language="sk", body=old)
    mend(apps, None)
    seeded.refresh_from_db()
    assert seeded.body == (
        '<p>uzavretá dňa {{ document_date|date:"d.m.Y" }} (miesto uzavretia: '
        "{{ signing_place|default:office_city }}) medzi:</p><p>Lipa, zastúpená: "
        '{{ client_contact_name|default:"..." }}, s výpovednou lehotou '
        "{{ package_notice_months|default:1|months }}, ktorá začína</p>"
    )
    own.refresh_from_db()
    assert own.body == old
    for seed in seeds.TEMPLATES:
        assert "mesiac(e)" not in seed["body"]


def _migration_0004():
    import importlib

    return importlib.import_module("modules.documents.migrations.0004_country_templates")


def test_a_slovak_office_seeded_before_loses_its_untouched_unused_polish_templates(office_b):
    """Migration 0004 in a Slovak office seeded with every language: the Polish ready-made
    templates go unless the office edited, retired or used them; its own stay."""
    from django.apps import apps

    from tests.modules.clients.factories import ClientFactory
    from tests.modules.documents.factories import document_made

    with in_office(office_b):
        seeds.templates_seed(DocumentTemplate)  # as migration 0002 left every office
        edited = DocumentTemplate.objects.get(seed_key="pl_termination")
        edited.body += "<p>Nasza klauzula.</p>"
        edited.save()
        DocumentTemplate.objects.filter(seed_key="pl_seat_consent").update(active=False)
        used = DocumentTemplate.objects.get(seed_key="pl_package_annex")
        document_made(template=used, client=ClientFactory(), actor=None)
        _migration_0004().forwards(apps, _Editor())
        left = set(DocumentTemplate.objects.exclude(seed_key="").values_list("seed_key", flat=True))
    assert left == {
        "pl_termination",
        "pl_seat_consent",
        "pl_package_annex",
        "sk_service_agreement",
        "sk_seat_consent",
        "sk_package_annex",
        "sk_termination",
        "sk_forwarding_authorisation",
    }


def test_a_polish_office_keeps_what_it_has(office_a):
    from django.apps import apps

    with in_office(office_a):
        seeds.templates_seed(DocumentTemplate)
        _migration_0004().forwards(apps, _Editor())
        assert DocumentTemplate.objects.exclude(seed_key="").count() == 10


def test_the_slovak_agreement_names_the_obchodny_register_not_krs(office_b):
    """Migration 0004: an untouched Slovak agreement gets the register entry and its free
    field; an edited one stays as the office wrote it."""
    from django.apps import apps

    agreement = seeds.BY_KEY["sk_service_agreement"]
    assert "zapísaná v Obchodnom registri {{ register_entry }}" in agreement["body"]
    assert seeds.SK_REGISTER_FIELD in agreement["fields"]
    for seed in seeds.TEMPLATES:
        if seed["language"] == "sk":
            assert "krs" not in seed["body"].lower() and "nip" not in seed["body"].lower()
    with in_office(office_b):
        old_body = agreement["body"].replace(seeds.SK_REGISTER, "")
        DocumentTemplate.objects.filter(seed_key="sk_service_agreement").update(
            body=old_body, fields=[seeds.SK_PLACE]
        )
        annex = seeds.BY_KEY["sk_package_annex"]
        edited = annex["body"].replace(seeds.SK_REGISTER, "") + "<p>Vlastné.</p>"
        DocumentTemplate.objects.filter(seed_key="sk_package_annex").update(body=edited)
        _migration_0004().forwards(apps, _Editor())
        mended = DocumentTemplate.objects.get(seed_key="sk_service_agreement")
        assert (mended.body, mended.fields) == (agreement["body"], agreement["fields"])
        assert DocumentTemplate.objects.get(seed_key="sk_package_annex").body == edited


def test_an_office_claimed_from_the_pool_as_slovak_keeps_the_slovak_templates(office_a):
    from django.db import connection

    from tenants.services import office_pool_add, office_pool_claim

    connection.set_schema_to_public()
    office_pool_add()
    office = office_pool_claim(name="Bratislava", slug="docs-pool-sk", country="SK")
    with in_office(office):
        languages = set(
            DocumentTemplate.objects.exclude(seed_key="").values_list("language", flat=True)
        )
    assert languages == {"sk"}


class _Editor:
    """What RunPython hands a migration: the connection, in the office's schema."""

    @property
    def connection(self):
        from django.db import connection

        return connection


def test_polish_ready_made_texts_keep_names_in_the_nominative_and_old_offices_are_mended(
    in_office_a,
):
    """No name after "w imieniu" or "z" (it would need the genitive or the instrumental);
    migration 0005 gives a seeded template the new phrases, so it stays equal to its seed."""
    import importlib

    from django.apps import apps

    from modules.documents.models import DocumentTemplate

    for seed in seeds.TEMPLATES:
        assert "w imieniu {{" not in seed["body"] and "zawartą z {{" not in seed["body"]
    mend = importlib.import_module("modules.documents.migrations.0005_names_in_the_nominative").mend
    seeds.templates_seed(DocumentTemplate)
    for key, old, new in (
        (
            "pl_seat_consent",
            "podpis osoby uprawnionej w imieniu {{ office_legal_name }}",
            "{{ office_legal_name }} – podpis osoby uprawnionej",
        ),
        ("pl_termination", "zawartą z {{ client_name }},", "zawartą z Państwem,"),
    ):
        seeded = DocumentTemplate.objects.get(seed_key=key)
        assert seeds.seed_untouched(seeded)
        seeded.body = seeded.body.replace(new, old)
        seeded.save()
        mend(apps, None)
        seeded.refresh_from_db()
        assert new in seeded.body and old not in seeded.body
        assert seeds.seed_untouched(seeded)


def test_the_ready_made_annex_is_zawarty_and_the_agreement_zawarta():
    by_key = {seed["seed_key"]: seed["body"] for seed in seeds.TEMPLATES}
    assert "<p>zawarty w dniu " in by_key["pl_package_annex"]
    assert "zawarta w dniu" not in by_key["pl_package_annex"]
    assert "<p>zawarta w dniu " in by_key["pl_service_agreement"]
    assert "<p>uzavretý dňa " in by_key["sk_package_annex"]
    assert "<p>uzavretá dňa " in by_key["sk_service_agreement"]


def test_seeded_annexes_get_zawarty_and_rewritten_ones_stay(in_office_a):
    """Migration 0006: the seeded annexes' old opening is mended; an agreement (zawarta is
    right there) and an annex an office rewrote stay as they are."""
    import importlib

    from django.apps import apps

    mend = importlib.import_module("modules.documents.migrations.0006_annex_wording").mend
    seeds.templates_seed(DocumentTemplate)
    annex = DocumentTemplate.objects.get(seed_key="pl_package_annex")
    annex.body = annex.body.replace("<p>zawarty w dniu ", "<p>zawarta w dniu ")
    annex.save()
    agreement = DocumentTemplate.objects.get(seed_key="pl_service_agreement")
    agreement_body = agreement.body
    own = DocumentTemplate.objects.create(name="Własny aneks", language="pl", body=annex.body)
    mend(apps, None)
    annex.refresh_from_db()
    agreement.refresh_from_db()
    own.refresh_from_db()
    assert "<p>zawarty w dniu " in annex.body and "zawarta w dniu" not in annex.body
    assert agreement.body == agreement_body
    assert "<p>zawarta w dniu " in own.body
