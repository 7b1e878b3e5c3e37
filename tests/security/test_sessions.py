from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Membership, Role
from tests.factories import PASSWORD
from tests.helpers.offices import OfficeClient, member

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nowe-haslo-2026-x"


def _signed_in(office, user, **extra) -> Client:
    browser = Client(**extra)  # one cookie jar for every host, as the parent-domain cookie
    response = browser.post(
        "/accounts/login/",
        {"username": user.email, "password": PASSWORD},
        HTTP_HOST=office.host,
    )
    assert response.status_code == 302
    return browser


def _staff_in_both(office_a, office_b):
    user = member(office_a)
    Membership.objects.create(user=user, office=office_b, role=Role.STAFF)
    return user


def test_signing_out_on_one_office_host_signs_the_cookie_out_on_the_others(office_a, office_b):
    user = _staff_in_both(office_a, office_b)
    browser = _signed_in(office_a, user)
    assert browser.get("/dashboard/", HTTP_HOST=office_b.host).status_code == 200
    assert browser.post("/accounts/logout/", HTTP_HOST=office_a.host).status_code == 302
    after = browser.get("/dashboard/", HTTP_HOST=office_b.host)
    assert (after.status_code, after["Location"]) == (302, "/accounts/login/?next=/dashboard/")


def test_signing_out_ends_the_persons_sessions_in_other_browsers(office_a, office_b):
    user = _staff_in_both(office_a, office_b)
    laptop, phone = _signed_in(office_a, user), _signed_in(office_b, user)
    assert phone.get("/dashboard/", HTTP_HOST=office_b.host).status_code == 200
    laptop.post("/accounts/logout/", HTTP_HOST=office_a.host)
    assert phone.get("/dashboard/", HTTP_HOST=office_b.host).status_code == 302
    assert phone.get("/dashboard/", HTTP_HOST=office_a.host).status_code == 302
    # Signing in again works as before.
    again = _signed_in(office_a, user)
    assert again.get("/dashboard/", HTTP_HOST=office_a.host).status_code == 200


def test_deactivating_a_person_ends_their_sessions(office_a, office_b):
    user = _staff_in_both(office_a, office_b)
    browser = _signed_in(office_a, user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert browser.get("/dashboard/", HTTP_HOST=office_b.host).status_code == 302


def test_a_new_password_ends_the_other_sessions(
    office_a, office_b, django_capture_on_commit_callbacks
):
    user = _staff_in_both(office_a, office_b)
    other = _signed_in(office_b, user)
    reset = OfficeClient(office_a)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        reset.post("/accounts/password-reset/", {"email": user.email})
    (link,) = [w for w in mail.outbox[0].body.split() if "/accounts/password-reset/" in w]
    form = reset.get(urlsplit(link).path, follow=True)
    reset.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert other.get("/dashboard/", HTTP_HOST=office_b.host).status_code == 302


def _switch_link(office_a, office_b):
    user = _staff_in_both(office_a, office_b)
    membership_b = Membership.objects.get(user=user, office=office_b)
    on_a = OfficeClient(office_a, user=user, HTTP_USER_AGENT="Firefox/140")
    link = urlsplit(on_a.post(f"/accounts/switch/{membership_b.pk}/")["Location"])
    token = parse_qs(link.query)["t"][0]
    return user, f"{link.path}?{link.query}", token


def test_the_handoff_link_signs_in_only_by_the_post_of_its_page(office_a, office_b):
    user, path, token = _switch_link(office_a, office_b)
    browser = Client(HTTP_HOST=office_b.host, HTTP_USER_AGENT="Firefox/140")
    for method in (browser.get, browser.head):
        assert method(path).status_code == 200
        assert "_auth_user_id" not in browser.session
    page = browser.get(path).content.decode()
    assert 'method="post" data-autosubmit' in page and user.email in page
    landed = browser.post("/accounts/handoff/", {"t": token})
    assert (landed.status_code, landed["Location"]) == (302, "/")
    assert browser.session["_auth_user_id"] == str(user.pk)


def test_the_handoff_link_signs_nobody_in_in_another_browser(office_a, office_b):
    _user, _path, token = _switch_link(office_a, office_b)
    elsewhere = Client(HTTP_HOST=office_b.host, HTTP_USER_AGENT="Chrome/141")
    refused = elsewhere.post("/accounts/handoff/", {"t": token})
    assert (refused.status_code, refused["Location"]) == (302, "/accounts/login/")
    assert "_auth_user_id" not in elsewhere.session
