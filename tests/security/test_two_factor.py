from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from accounts.handoff import SECOND_FACTOR_SESSION_KEY
from console.models import SupportAccess
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import OfficeClient, handoff_follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def _second_factor(client, user):
    session = client.session
    session[SECOND_FACTOR_SESSION_KEY] = user.pk
    session.save()


def test_the_admin_refuses_a_password_only_session(superuser):
    admin = Client(HTTP_HOST="localhost")
    signed_in = admin.post("/admin/login/", {"username": superuser.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    for path in ("/admin/", "/admin/accounts/user/", "/admin/authtoken/tokenproxy/add/"):
        response = admin.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/two-factor/?next="), path
    _second_factor(admin, superuser)
    assert admin.get("/admin/accounts/user/").status_code == 200


def test_the_admins_second_factor_is_the_consoles_totp(superuser):
    admin = Client(HTTP_HOST="localhost")
    admin.force_login(superuser)
    page = admin.get("/admin/two-factor/?next=/admin/")
    assert page.status_code == 200 and 'data-testid="totp-secret"' in page.content.decode()


def test_support_access_needs_a_session_past_the_second_factor(office_a):
    platform_admin = UserFactory(is_staff=True)
    SupportAccess.objects.create(
        office=office_a,
        user=platform_admin,
        reason="Ticket 7",
        expires_at=timezone.now() + timedelta(minutes=30),
    )
    password_only = OfficeClient(office_a, user=platform_admin)
    assert password_only.get("/administration/team/").status_code in (302, 403)
    _second_factor(password_only, platform_admin)
    assert password_only.get("/administration/team/").status_code == 200


def test_enter_office_carries_the_second_factor_to_the_office_host(office_a):
    platform_admin = UserFactory(is_staff=True)
    console = Client(HTTP_HOST="console.localhost")
    console.force_login(platform_admin)
    _second_factor(console, platform_admin)
    response = console.post(f"/offices/{office_a.pk}/enter/", {"reason": "Ticket 8: import"})
    link = urlsplit(response["Location"])
    assert parse_qs(link.query)["t"]
    office = Client(HTTP_HOST=office_a.host)
    handoff_follow(office, f"{link.path}?{link.query}")
    assert office.get("/administration/team/").status_code == 200
