"""A usage recorded without a service takes the VAT rate chosen on "Record a service" (the
office country's rates, the standard one first), not always 23 %."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from modules.billing.models import UsageRecord
from modules.billing.services import usage_record
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import courier
from tests.modules.clients.factories import ClientFactory


def test_the_service_records_the_rate_given_and_refuses_another_countrys(in_office_a):
    client = ClientFactory()
    record = usage_record(
        client=client,
        date=dt.date(2026, 3, 5),
        quantity=Decimal("1"),
        description="Szkolenie",
        unit_price=Decimal("100.00"),
        vat_rate="8",
    )
    assert record.vat_rate == "8"
    plain = usage_record(
        client=client,
        date=dt.date(2026, 3, 5),
        quantity=Decimal("1"),
        description="Ksero",
        unit_price=Decimal("1.00"),
    )
    assert plain.vat_rate == "23"  # the office's standard rate
    with pytest.raises(ValidationError) as exc:
        usage_record(
            client=client,
            date=dt.date(2026, 3, 5),
            quantity=Decimal("1"),
            description="X",
            unit_price=Decimal("1.00"),
            vat_rate="19",  # Slovak
        )
    assert list(exc.value.message_dict) == ["vat_rate"]


def test_the_form_offers_the_countrys_rates_and_records_the_chosen_one(office_a):
    with in_office(office_a):
        client = ClientFactory()
        service = courier()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))

    page = web.get("/settlements/usage/new/").content.decode()
    select = page.split('name="vat_rate"')[1].split("</select>")[0]
    assert '<option value="23" selected>23%</option>' in select
    assert '<option value="zw">zw.</option>' in select and 'value="19"' not in select

    web.post(
        "/settlements/usage/new/",
        {
            "client": client.pk,
            "description": "Szkolenie BHP",
            "date": "2026-03-05",
            "quantity": "1",
            "unit_price": "100.00",
            "vat_rate": "zw",
        },
    )
    web.post(
        "/settlements/usage/new/",
        {
            "client": client.pk,
            "service": service.pk,
            "date": "2026-03-05",
            "quantity": "1",
            "vat_rate": "zw",  # a service keeps its own rate
        },
    )
    with in_office(office_a):
        rates = dict(UsageRecord.objects.values_list("description", "vat_rate"))
        assert rates["Szkolenie BHP"] == "zw"
        assert UsageRecord.objects.get(service=service).vat_rate == "23"


def test_a_slovak_office_offers_its_own_rates(office_b):
    web = OfficeClient(office_b, user=member(office_b, Role.STAFF, language="sk"))
    page = web.get("/settlements/usage/new/").content.decode()
    select = page.split('name="vat_rate"')[1].split("</select>")[0]
    assert 'value="19"' in select and 'value="zw"' not in select
