import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from modules.helpdesk.models import Category, CategoryField, Change, Request
from modules.helpdesk.services import field_create
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised

pytestmark = pytest.mark.django_db


def _fields(office):
    with in_office(office):
        category = Category.objects.create(name_pl="Forwarding")
        other = Category.objects.create(name_pl="Invoices")
        country = field_create(
            actor=None,
            category=category,
            label="Country",
            kind="choice",
            required=True,
            choices=["DE", "FR"],
        )
        weight = field_create(actor=None, category=category, label="Weight (kg)", kind="number")
        when = field_create(actor=None, category=category, label="Send on", kind="date")
        insured = field_create(actor=None, category=category, label="Insured", kind="yes_no")
        note = field_create(actor=None, category=other, label="Invoice number", kind="text")
    return category, other, country, weight, when, insured, note


def test_values_are_checked_and_stored_typed_with_history(office_a):
    category, other, country, weight, when, insured, note = _fields(office_a)
    with in_office(office_a):
        req = raised(
            category=category,
            fields={
                country.pk: "DE",
                weight.pk: "2,5",
                when.pk: dt.date(2026, 12, 24),
                insured.pk: "yes",
            },
        )
        assert Request.objects.get(pk=req.pk).fields == {
            str(country.pk): "DE",
            str(weight.pk): 2.5,
            str(when.pk): "2026-12-24",
            str(insured.pk): True,
        }
        assert Change.objects.get(request=req, field="fields").new == req.fields
        for values, errors in (
            ({}, {f"cf_{country.pk}": ["“Country” is required."]}),
            ({country.pk: "PL"}, {f"cf_{country.pk}": ["Choose one of: DE, FR."]}),
            (
                {country.pk: "DE", weight.pk: "heavy", insured.pk: "maybe"},
                {f"cf_{weight.pk}": ["Enter a number."], f"cf_{insured.pk}": ["Answer yes or no."]},
            ),
            (
                {country.pk: "DE", note.pk: "FV/1"},
                {f"cf_{note.pk}": ["This field does not belong to the request's category."]},
            ),
        ):
            with pytest.raises(ValidationError) as refused:
                raised(category=category, fields=values)
            assert refused.value.message_dict == errors
        assert Request.objects.count() == 1
        assert raised(category=other).fields == {}


def test_the_client_form_asks_the_categorys_fields_and_both_pages_show_them(office_a):
    category, _other, country, weight, _when, insured, _note = _fields(office_a)
    with in_office(office_a):
        client = ClientFactory()
        marek = client_user(office_a, client)
    web = OfficeClient(office_a, user=marek)
    page = web.get("/portal/helpdesk/new/").content.decode()
    assert f'name="cf_{country.pk}"' in page
    assert f'data-category="{category.pk}"' in page
    refused = web.post(
        "/portal/helpdesk/new/",
        {
            "subject": "Send abroad",
            "priority": "normal",
            "description": "x",
            "category": category.pk,
        },
    )
    assert refused.status_code == 400
    assert "“Country” is required." in refused.content.decode()
    response = web.post(
        "/portal/helpdesk/new/",
        {
            "subject": "Send abroad",
            "priority": "normal",
            "description": "x",
            "category": category.pk,
            f"cf_{country.pk}": "FR",
            f"cf_{weight.pk}": "3",
            f"cf_{insured.pk}": "no",
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        req = Request.objects.get()
        assert req.fields == {str(country.pk): "FR", str(weight.pk): 3, str(insured.pk): False}
    portal = web.get(f"/portal/helpdesk/{req.pk}/").content.decode()
    assert '<dt class="col-sm-4">Country</dt><dd class="col-sm-8">FR</dd>' in portal
    admin = member(office_a, Role.ADMIN)
    admin.language = "en"
    admin.save(update_fields=["language"])
    staff = OfficeClient(office_a, user=admin)
    detail = staff.get(f"/helpdesk/{req.pk}/").content.decode()
    assert '<dt class="col-sm-4">Insured</dt><dd class="col-sm-8">No</dd>' in detail


def test_the_queue_filters_by_a_categorys_field(office_a):
    category, _other, country, *_rest = _fields(office_a)
    with in_office(office_a):
        de = raised(subject="To Germany", category=category, fields={country.pk: "DE"})
        fr = raised(subject="To France", category=category, fields={country.pk: "FR"})
    staff = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    page = staff.get(
        "/helpdesk/", {"saved": "all", "category": category.pk, f"cf_{country.pk}": "FR"}
    ).content.decode()
    assert fr.number in page
    assert de.number not in page
    assert 'data-testid="custom-filter"' in page


def test_fields_are_added_by_admins_only_and_per_office(office_a, office_b):
    with in_office(office_a):
        category = Category.objects.create(name_pl="Forwarding")
    data = {"category": category.pk, "label": "Country", "kind": "choice", "choices": "DE\nFR"}
    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    refused = admin.post("/administration/helpdesk/fields/", {**data, "choices": ""})
    assert refused.status_code == 400
    assert admin.post("/administration/helpdesk/fields/", data).status_code == 302
    with in_office(office_a):
        assert list(CategoryField.objects.values_list("label", "choices")) == [
            ("Country", ["DE", "FR"])
        ]
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/helpdesk/fields/",
        data={**data, "label": "Other"},
        expect={"anonymous": 302, "client": 403, "staff": 403, "other_office": 403},
        unchanged=lambda: CategoryField.objects.count() == 1,
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        "/administration/helpdesk/fields/",
        data={**data, "label": "Other"},
        unchanged=lambda: CategoryField.objects.count() == 1,
    )
