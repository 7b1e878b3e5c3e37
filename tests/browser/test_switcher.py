import re

from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory


def test_sign_in_switch_office_and_change_language(page, session_offices, committed):
    office_a, office_b = session_offices
    user = UserFactory(email=unique_email("switcher"), full_name="Ewa Browser")
    membership_create(user=user, office=office_a, role=Role.STAFF)
    membership_create(user=user, office=office_b, role=Role.ADMIN)

    sign_in(page, office_a, user.email, PASSWORD)
    expect(page).to_have_url(office_url(office_a))
    expect(page.get_by_test_id("switcher-current")).to_have_text(office_a.name)
    # No language chosen yet: each office speaks its own (A Polish, B Slovak).
    expect(page.get_by_test_id("main-nav")).to_contain_text("Pulpit")

    page.get_by_test_id("switcher").get_by_role("button").click()
    page.click(f"[data-switch=office-{office_b.slug}]")
    # Another host: the hand-off link signed the person in there too.
    expect(page).to_have_url(office_url(office_b))
    expect(page.get_by_test_id("switcher-current")).to_have_text(office_b.name)
    expect(page.get_by_test_id("main-nav")).to_contain_text("Administrácia")  # admin in office B
    expect(page.locator("html")).to_have_attribute("lang", "sk")

    page.get_by_test_id("language-switcher").get_by_role("button").click()
    page.click("[data-language=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("main-nav")).to_contain_text("Administration")
    user.refresh_from_db()
    assert user.language == "en"

    # Back to office A through the switcher: the person's choice wins over the office's.
    page.get_by_test_id("switcher").get_by_role("button").click()
    page.click(f"[data-switch=office-{office_a.slug}]")
    expect(page).to_have_url(re.compile(re.escape(office_url(office_a))))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("main-nav")).to_contain_text("Dashboard")


def test_office_without_membership_shows_no_access(page, session_offices, committed):
    office_a, office_b = session_offices
    user = UserFactory(email=unique_email("outsider"))
    membership_create(user=user, office=office_a, role=Role.STAFF)
    sign_in(page, office_a, user.email, PASSWORD)
    page.goto(office_url(office_b))
    # Not signed in on B's host (no cookie travels to it): the login page, then no access.
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Bez prístupu")  # office B's language
