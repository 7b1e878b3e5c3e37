import re

from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory


def test_administration_sections_beside_the_page_and_folded_on_a_phone(
    page, session_offices, committed
):
    _office_a, office_b = session_offices
    user = UserFactory(email=unique_email("admin"), language="en")
    membership_create(user=user, office=office_b, role=Role.ADMIN)
    sign_in(page, office_b, user.email, PASSWORD)

    page.get_by_test_id("main-nav").get_by_role("link", name="Administration").click()
    expect(page).to_have_url(office_url(office_b, "/administration/general/"))
    sections = page.get_by_test_id("admin-sections")
    expect(sections.locator("a.active")).to_have_text("General")
    expect(page.get_by_test_id("general-form")).to_be_visible()
    sections.get_by_role("link", name="Mail").click()
    expect(page).to_have_url(office_url(office_b, "/administration/mail/"))
    expect(sections.locator("a.active")).to_have_text("Mail")

    page.set_viewport_size({"width": 390, "height": 844})
    toggle = sections.get_by_role("button")
    expect(toggle).to_have_text(re.compile(r"Administration:\s+Mail"))
    expect(sections.get_by_role("link", name="Team")).to_be_hidden()
    toggle.click()
    sections.get_by_role("link", name="Team").click()
    expect(page).to_have_url(office_url(office_b, "/administration/team/"))
    expect(sections.get_by_role("button")).to_have_text(re.compile(r"Administration:\s+Team"))
