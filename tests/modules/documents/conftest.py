import pytest
from django.utils import translation

from tests.helpers.offices import in_office


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _no_committed_documents(office_a, office_b):
    """Browser tests commit their documents (the live server needs them); each test here
    starts without them and with fresh numbering. The deletion is rolled back with the test."""
    from modules.documents.models import Document, DocumentCounter

    for office in (office_a, office_b):
        with in_office(office):
            Document.objects.all().delete()
            DocumentCounter.objects.all().delete()


def _english_person(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def staff_a(office_a):
    from accounts.models import Role
    from tests.helpers.offices import member

    return _english_person(member(office_a, Role.STAFF))


@pytest.fixture
def admin_a(office_a):
    from accounts.models import Role
    from tests.helpers.offices import member

    return _english_person(member(office_a, Role.ADMIN))
