"""A service's name in the office's language is the required one; the others optional."""

from django.utils import translation

from accounts.models import Role
from modules.billing.forms import ServiceForm
from modules.billing.models import Service
from modules.billing.services import service_create
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.scanrequests.conftest import english

DATA = {"unit": "piece", "net_price": "2.50", "vat_rate": "23", "active": "on"}


def _post(office, **names):
    web = OfficeClient(office, user=english(member(office, Role.ADMIN)))
    data = {"kind": "service", **{f"s-{k}": v for k, v in {**DATA, **names}.items()}}
    return web, web.post("/administration/billing/", data)


def test_a_slovak_office_needs_the_slovak_name_not_the_polish_one(office_b):
    with in_office(office_b):
        form = ServiceForm()
        assert next(f for f in form.fields if f.startswith("name_")) == "name_sk"
        assert (form.fields["name_sk"].required, form.fields["name_pl"].required) == (True, False)
    _web, response = _post(office_b, name_sk="Skenovanie")
    assert response.status_code == 302
    with in_office(office_b):
        service = Service.objects.get(name_sk="Skenovanie")
        assert (service.name_pl, service.name_en) == ("", "")
        with translation.override("pl"):
            assert service.name() == "Skenovanie"  # no Polish name: the office's


def test_a_slovak_service_without_the_slovak_name_is_refused_at_the_field(office_b):
    _web, response = _post(office_b, name_pl="Skanowanie")
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Enter the name in the office&#x27;s language." in html or "This field is required." in html
    )
    assert 'value="Skanowanie"' in html
    with in_office(office_b):
        assert not Service.objects.exists()


def test_a_polish_office_still_needs_the_polish_name(office_a):
    _web, response = _post(office_a, name_sk="Skenovanie")
    assert response.status_code == 400
    _web, response = _post(office_a, name_pl="Skanowanie")
    assert response.status_code == 302


def test_the_service_refuses_a_missing_office_language_name_too(in_office_b):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        service_create(actor=None, data={"name_pl": "Skanowanie", "net_price": "1"})
    assert list(caught.value.message_dict) == ["name_sk"]


def test_the_reader_gets_their_language_then_the_offices(in_office_b):
    service = Service(name_sk="Skenovanie", name_en="Scanning")
    assert service.name("en") == "Scanning"
    assert service.name("pl") == "Skenovanie"
    assert service.name("sk") == "Skenovanie"


def test_the_catalogue_is_sorted_by_the_offices_language(in_office_b):
    from modules.billing.selectors import service_list

    for sk, pl in (("Zasadačka", "Sala"), ("Archivácia", "")):
        service_create(actor=None, data={"name_sk": sk, "name_pl": pl, "net_price": "1"})
    assert [s.name_sk for s in service_list()] == ["Archivácia", "Zasadačka"]
