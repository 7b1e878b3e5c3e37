import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _no_committed_conversations(office_a, office_b):
    """Browser tests commit their conversations (the live server needs them); each test here
    starts without them. The deletion is rolled back with the test."""
    from modules.messaging.models import Announcement, Conversation
    from modules.notifications.models import Notification
    from tests.helpers.offices import in_office

    for office in (office_a, office_b):
        with in_office(office):
            Conversation.objects.all().delete()
            Announcement.objects.all().delete()
            Notification.objects.all().delete()
