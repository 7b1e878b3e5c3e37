import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from common.exceptions import ApplicationError
from tenants.models import Office
from tenants.services import office_pool_add, office_provision, office_slug_change
from tenants.validators import validate_office_slug

pytestmark = pytest.mark.django_db

PLATFORM_NAMES = ["t-template", "template", "t-1", "t-42", "pool-0a1b2c3d4e", "pool-x1"]


@pytest.mark.parametrize("slug", PLATFORM_NAMES)
def test_the_live_slug_check_refuses_the_platforms_own_names(session_offices, slug):
    response = Client(HTTP_HOST="localhost").get("/signup/check/", {"slug": slug})
    assert "reserved" in response.content.decode(), slug


@pytest.mark.parametrize("slug", PLATFORM_NAMES)
def test_every_path_refuses_the_platforms_own_names(session_offices, office_a, slug):
    with pytest.raises(ValidationError):
        validate_office_slug(slug)
    with pytest.raises((ValidationError, ApplicationError)):
        office_provision(name="X", slug=slug, country="PL")
    with pytest.raises((ValidationError, ApplicationError)):
        office_slug_change(office=office_a, slug=slug)
    office_a.refresh_from_db()
    assert office_a.slug == "office-a"
    assert not Office.objects.filter(slug=slug, is_template=False, state="active").exists()


def test_the_pool_still_provisions_its_placeholders(session_offices):
    office = office_pool_add(clone=True)
    assert office.slug.startswith("pool-") and office.state == Office.State.POOLED
