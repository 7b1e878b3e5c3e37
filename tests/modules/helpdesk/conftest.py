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


@pytest.fixture(autouse=True)
def _no_committed_requests(office_a, office_b):
    """Browser tests commit their requests (the live server needs them); each test here
    starts without them and with fresh numbering. The deletion is rolled back with the test."""
    from modules.helpdesk.models import Category, HelpdeskCounter, Request
    from modules.notifications.models import Notification
    from tests.helpers.offices import in_office

    for office in (office_a, office_b):
        with in_office(office):
            Request.objects.all().delete()
            Category.objects.all().delete()
            HelpdeskCounter.objects.all().delete()
            Notification.objects.all().delete()


@pytest.fixture
def raw_emails_removed(session_offices):
    """The e-mail intake keeps each message as a file: removed after the test."""
    from tests.modules.helpdesk.intake_helpers import raw_emails_remove

    yield
    raw_emails_remove(session_offices)
