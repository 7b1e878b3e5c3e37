"""Browser: the alerts bell opens its list on every staff page (one of the four places a scan
request reaches the office, S4)."""

from __future__ import annotations

import uuid

from django.db import connection
from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from modules.notifications.models import StaffAlert
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office


def test_the_bell_opens_and_shows_the_alert(page, session_offices, committed, django_db_blocker):
    office = session_offices[1]
    user = UserFactory(email=unique_email("bell"), language="en")
    membership_create(user=user, office=office, role=Role.STAFF)
    title = f"Scan requested {uuid.uuid4().hex[:6]}"
    with django_db_blocker.unblock(), in_office(office):
        StaffAlert.objects.create(user=user, event="scan.requested", title=title, link="/mail/")
    connection.set_schema_to_public()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, office, user.email, PASSWORD)
    for path in ("/", "/mail/"):
        page.goto(office_url(office, path))
        bell = page.get_by_test_id("alert-bell")
        expect(bell.get_by_test_id("alert-count")).to_contain_text("1")
        bell.get_by_role("button", name="Alerts").click()
        menu = page.get_by_test_id("alert-menu")
        expect(menu).to_be_visible()
        expect(menu.get_by_role("button", name=title)).to_be_visible()
    # Opening it from the bell reads it ("read and go") and leads to its page.
    page.goto(office_url(office, "/"))
    bell = page.get_by_test_id("alert-bell")
    bell.get_by_role("button", name="Alerts").click()
    page.get_by_test_id("alert-menu").get_by_role("button", name=title).click()
    page.wait_for_url("**/mail/")
    expect(page.get_by_test_id("alert-count")).to_have_attribute("data-unread", "0")
    assert errors == []
