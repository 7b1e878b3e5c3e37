import pytest
from django.utils import translation

from accounts.models import Role
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
def _media(settings, tmp_path):
    """Each test writes its PDFs and signatures into its own folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
