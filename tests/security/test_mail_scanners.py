import pytest
from django.core import signing
from django.test import Client

from signup.models import SignupRequest
from signup.services import SALT, signup_request_create
from tenants.models import Office

pytestmark = pytest.mark.django_db


def _verify_path() -> tuple[SignupRequest, str]:
    signup = signup_request_create(
        office_name="Biuro Skaner",
        slug="biuro-skaner",
        full_name="Ewa Skaner",
        email="ewa@example.com",
        password="Zielone-okno-42",
        country="PL",
        language="pl",
        ip="127.0.0.1",
        verify_url_base="http://localhost/signup/verify/",
    )
    return signup, f"/signup/verify/{signing.dumps(signup.pk, salt=SALT)}/"


def test_a_scanner_opening_the_verification_link_creates_nothing(session_offices):
    signup, path = _verify_path()
    scanner = Client(HTTP_HOST="localhost")
    assert scanner.head(path).status_code == 200
    page = scanner.get(path)
    assert page.status_code == 200
    assert 'data-testid="verify-submit"' in page.content.decode()
    signup.refresh_from_db()
    assert (signup.completed_at, signup.office_id) == (None, None)
    assert not Office.objects.filter(slug="biuro-skaner").exists()
    assert "_auth_user_id" not in scanner.session


def test_the_click_on_the_verification_page_creates_the_office(session_offices):
    _signup, path = _verify_path()
    response = Client(HTTP_HOST="localhost").post(path)
    office = Office.objects.get(slug="biuro-skaner")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{office.url}/accounts/handoff/?t=")
