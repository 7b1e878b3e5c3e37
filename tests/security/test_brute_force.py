import pyotp
import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token

from console.models import TwoFactorDevice
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import OfficeClient, member

pytestmark = pytest.mark.django_db


def _login(client, email, password, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


def test_office_login_locks_the_email_and_address_pair_after_five_wrong_passwords(office_a):
    user = member(office_a)
    attacker = OfficeClient(office_a, REMOTE_ADDR="203.0.113.7")
    for _attempt in range(4):
        assert _login(attacker, user.email, "wrong-password-1").status_code == 200
    assert _login(attacker, user.email, "wrong-password-1").status_code == 429
    locked = _login(attacker, user.email, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in attacker.session
    # The person on their own address is not locked out by the attacker.
    person = OfficeClient(office_a, REMOTE_ADDR="198.51.100.4")
    assert _login(person, user.email, PASSWORD).status_code == 302
    assert person.session["_auth_user_id"] == str(user.pk)


def test_a_forged_forwarded_for_header_does_not_reset_the_counter(office_a):
    user = member(office_a)
    attacker = OfficeClient(office_a, REMOTE_ADDR="203.0.113.8")
    for attempt in range(5):
        _login(attacker, user.email, "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")
    locked = _login(attacker, user.email.upper(), PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert locked.status_code == 429
    assert AccessAttempt.objects.get(username=user.email).ip_address == "203.0.113.8"


def test_the_django_admin_login_is_locked_out_too():
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR="203.0.113.9")
    for _attempt in range(5):
        client.post("/admin/login/", {"username": admin.email, "password": "wrong"})
    response = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_at_most_three_emails_per_address_an_hour(
    office_a, django_capture_on_commit_callbacks
):
    user = member(office_a)
    client = OfficeClient(office_a, REMOTE_ADDR="203.0.113.10")
    for _attempt in range(5):
        with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
            response = client.post("/accounts/password-reset/", {"email": user.email})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password-reset/sent/"
    assert [message.to for message in mail.outbox] == [[user.email]] * 3


def test_password_reset_sends_at_most_ten_emails_per_client_address_an_hour(
    office_a, django_capture_on_commit_callbacks
):
    people = [member(office_a) for _ in range(12)]
    client = OfficeClient(office_a, REMOTE_ADDR="203.0.113.11")
    for person in people:
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/accounts/password-reset/", {"email": person.email})
    assert len(mail.outbox) == 10


def test_the_console_refuses_every_code_after_five_wrong_ones():
    admin = UserFactory(is_staff=True)
    client = Client(HTTP_HOST="console.localhost")
    client.force_login(admin)
    client.get("/2fa/")
    device = TwoFactorDevice.objects.get(user=admin)
    for _attempt in range(5):
        assert client.post("/2fa/", {"code": "000000"}).status_code == 400
    refused = client.post("/2fa/", {"code": pyotp.TOTP(device.secret).now()})
    assert refused.status_code == 400
    assert "Too many wrong codes" in refused.content.decode()
    device.refresh_from_db()
    assert device.confirmed_at is None


def test_wrong_api_tokens_are_throttled_per_client_address(office_a):
    user = member(office_a)
    token = Token.objects.create(user=user)
    client = OfficeClient(office_a, REMOTE_ADDR="203.0.113.12")
    for attempt in range(20):
        wrong = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token wrong{attempt:034d}")
        assert wrong.status_code == 401
    throttled = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    other = OfficeClient(office_a, REMOTE_ADDR="198.51.100.5")
    assert other.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
