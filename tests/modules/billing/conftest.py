import pytest
from django.utils import translation

from accounts.models import Role
from tests.helpers.offices import member
from tests.modules.scanrequests.conftest import english


@pytest.fixture
def staff_a(office_a):
    return english(member(office_a, Role.STAFF))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
