import pytest
from django.utils import translation

from tests.modules.invoices.factories import SK_SELLER, office_details


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def sk_office(in_office_b):
    office_details(**SK_SELLER)
    return in_office_b
