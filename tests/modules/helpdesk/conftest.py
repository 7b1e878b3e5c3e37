import pytest
from django.utils import translation

from accounts.models import Role
from tests.helpers.offices import member


@pytest.fixture
def staff_a(office_a):
    user = member(office_a, Role.STAFF)
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
