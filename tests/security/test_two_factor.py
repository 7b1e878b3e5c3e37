import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from accounts.handoff import SECOND_FACTOR_SESSION_KEY
from accounts.models import Role
from console.models import SupportAccess, TwoFactorDevice
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import OfficeClient, handoff_follow, member

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


def _enrol(client):
    client.get("/accounts/two-factor/")
    device = TwoFactorDevice.objects.get(user_id=int(client.session["_auth_user_id"]))
    page = client.post(
        "/accounts/two-factor/", {"action": "enrol", "code": pyotp.TOTP(device.secret).now()}
    )
    assert page.status_code == 200
    return device, re.findall(r"<li>([0-9a-f]{6}-[0-9a-f]{6})</li>", page.content.decode())


def test_an_owner_enrols_with_a_qr_code_and_gets_backup_codes(office_a):
    owner = member(office_a, Role.OWNER)
    web = OfficeClient(office_a, user=owner)
    page = web.get("/accounts/two-factor/").content.decode()
    assert 'src="data:image/svg+xml' in page and 'data-testid="totp-qr"' in page
    device, codes = _enrol(web)
    device.refresh_from_db()
    assert device.confirmed_at is not None and len(codes) == 10


def test_signing_in_with_a_second_factor_asks_for_the_code_once_per_code(office_a):
    owner = member(office_a, Role.OWNER)
    device, codes = _enrol(OfficeClient(office_a, user=owner))
    browser = OfficeClient(office_a, REMOTE_ADDR="198.51.100.20")
    step = browser.post("/accounts/login/", {"username": owner.email, "password": PASSWORD})
    assert step["Location"].startswith("/accounts/two-factor/code/")
    assert "_auth_user_id" not in browser.session
    assert browser.get("/dashboard/").status_code == 302
    used = pyotp.TOTP(device.secret).now()  # spent by the enrolment: no replay
    assert browser.post(step["Location"], {"code": used}).status_code == 400
    assert browser.post(step["Location"], {"code": codes[0]}).status_code == 302
    assert browser.session["_auth_user_id"] == str(owner.pk)
    assert browser.get("/dashboard/").status_code == 200
    again = OfficeClient(office_a, REMOTE_ADDR="198.51.100.21")
    step = again.post("/accounts/login/", {"username": owner.email, "password": PASSWORD})
    assert again.post(step["Location"], {"code": codes[0]}).status_code == 400  # used once


def test_owners_can_require_a_second_factor_for_their_staff(office_a):
    owner, staff = member(office_a, Role.OWNER), member(office_a, Role.STAFF)
    owner_web = OfficeClient(office_a, user=owner)
    _enrol(owner_web)
    admin_web = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    admin_web.post("/accounts/two-factor/", {"action": "require", "required": "1"})
    office_a.refresh_from_db()
    assert office_a.staff_two_factor_required is False  # administrators cannot
    owner_web.post("/accounts/two-factor/", {"action": "require", "required": "1"})
    office_a.refresh_from_db()
    assert office_a.staff_two_factor_required is True
    staff_web = OfficeClient(office_a, user=staff)
    refused = staff_web.get("/dashboard/")
    assert refused["Location"].startswith("/accounts/two-factor/code/?next=")
    _enrol(staff_web)
    assert staff_web.get("/dashboard/").status_code == 200


def test_the_account_menu_leads_to_the_two_factor_page(office_a):
    """The page was linked from nowhere: an owner found it only by typing its address."""
    for role in (Role.OWNER, Role.STAFF):
        page = OfficeClient(office_a, user=member(office_a, role)).get("/dashboard/")
        menu = page.content.decode()
        assert (
            '<a class="dropdown-item" href="/accounts/two-factor/" data-testid="two-factor-link">'
            in menu
        )


def test_staff_stopped_by_the_owners_rule_are_told_why_and_go_on_where_they_were_going(
    office_a,
):
    office_a.staff_two_factor_required = True
    office_a.save(update_fields=["staff_two_factor_required"])
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    step = web.get("/mail/register/")
    assert step["Location"] == "/accounts/two-factor/code/?next=/mail/register/"
    enrol = web.get(step["Location"])
    assert enrol["Location"] == "/accounts/two-factor/?next=%2Fmail%2Fregister%2F"
    page = web.get(enrol["Location"]).content.decode()
    assert 'data-testid="two-factor-required"' in page
    assert "Biuro A wymaga od pracowników logowania z uwierzytelnianiem dwuskładnikowym." in page
    device = TwoFactorDevice.objects.get(user_id=int(web.session["_auth_user_id"]))
    done = web.post(
        enrol["Location"], {"action": "enrol", "code": pyotp.TOTP(device.secret).now()}
    ).content.decode()
    assert (
        '<a class="btn btn-outline-primary" href="/mail/register/" '
        'data-testid="two-factor-back">Przejdź dalej</a>' in done
    )
    assert web.get("/mail/register/").status_code == 200
