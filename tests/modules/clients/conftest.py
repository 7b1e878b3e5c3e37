import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Requests activate the person's language and leave it active in the thread; service
    calls in a test then assert English messages, so each test starts in English."""
    with translation.override("en"):
        yield
