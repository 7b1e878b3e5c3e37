import pytest
from django.db import connection
from django.utils import translation

from tests.helpers.offices import in_office
from tests.modules.invoices.factories import SK_SELLER, office_details


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def in_office_b(office_b):
    with in_office(office_b):
        yield office_b
    connection.set_schema_to_public()


@pytest.fixture
def sk_office(in_office_b):
    office_details(**SK_SELLER)
    return in_office_b
