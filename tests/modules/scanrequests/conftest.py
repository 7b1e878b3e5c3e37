import dramatiq
import pytest
from django.utils import translation

from accounts.models import Role
from modules.mail.tasks import QUEUE
from tests.helpers.offices import member


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def staff_a(office_a):
    """Office A speaks Polish; these tests read English."""
    return english(member(office_a, Role.STAFF))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_queues():
    broker = dramatiq.get_broker()
    for queue in (QUEUE, "default"):
        broker.flush(queue)
    yield
    for queue in (QUEUE, "default"):
        broker.flush(queue)


@pytest.fixture(autouse=True)
def _no_committed_requests(office_a, office_b):
    """Browser tests commit their requests and notifications (the live server needs them);
    each test here starts without them. The deletion is rolled back with the test."""
    from modules.notifications.models import Notification
    from modules.scanrequests.models import ScanRequest
    from tests.helpers.offices import in_office

    for office in (office_a, office_b):
        with in_office(office):
            ScanRequest.objects.all().delete()
            Notification.objects.all().delete()
