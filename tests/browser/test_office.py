import re
import time
from datetime import timedelta

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Invitation, Role
from accounts.services import invitation_create, membership_create
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def late_scripts(page, monkeypatch):
    """Every page's Bootstrap arrives a second after its HTML, as on a loaded machine (the
    browser's cache is off while the page routes requests). Without waiting for the page to
    load, a click on a collapse button lands before Bootstrap listens and is lost."""
    original = StaticFilesHandler.serve

    def late(self, request):
        if request.path.endswith("bootstrap.bundle.min.js"):
            time.sleep(1)
        return original(self, request)

    monkeypatch.setattr(StaticFilesHandler, "serve", late)
    page.route("**/bootstrap.bundle.min.js", lambda route: route.continue_())


def _arrived(page, office, path: str, heading: str) -> None:
    """After a click that navigates: the new page has loaded (its scripts ran) and shows its
    heading. `expect(page).to_have_url` alone passes as soon as the address changes."""
    page.wait_for_url(office_url(office, path), wait_until="load")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_administration_sections_beside_the_page_and_folded_on_a_phone(
    page, session_offices, committed, late_scripts
):
    _office_a, office_b = session_offices
    user = UserFactory(email=unique_email("admin"), language="en")
    membership_create(user=user, office=office_b, role=Role.ADMIN)
    sign_in(page, office_b, user.email, PASSWORD)

    page.get_by_test_id("main-nav").get_by_role("link", name="Administration").click()
    _arrived(page, office_b, "/administration/general/", "General")
    sections = page.get_by_test_id("admin-sections")
    expect(sections.locator("a.active")).to_have_text("General")
    expect(page.get_by_test_id("general-form")).to_be_visible()
    sections.get_by_role("link", name="Mail").click()
    _arrived(page, office_b, "/administration/mail/", "Mail settings")
    expect(sections.locator("a.active")).to_have_text("Mail")

    page.set_viewport_size({"width": 390, "height": 844})
    toggle = sections.get_by_role("button")
    expect(toggle).to_have_text(re.compile(r"Administration:\s+Mail"))
    expect(sections.get_by_role("link", name="Team")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    sections.get_by_role("link", name="Team").click()
    _arrived(page, office_b, "/administration/team/", "Team")
    expect(sections.get_by_role("button")).to_have_text(re.compile(r"Administration:\s+Team"))


def test_a_pending_invitation_is_sent_again_and_cancelled_on_a_phone(
    page, session_offices, committed
):
    _office_a, office_b = session_offices
    user = UserFactory(email=unique_email("admin"), language="en")
    membership_create(user=user, office=office_b, role=Role.ADMIN)
    invited = unique_email("invited")
    invitation = invitation_create(office=office_b, email=invited, role=Role.STAFF, invited_by=user)
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(minutes=5)
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, office_b, user.email, PASSWORD)
    page.goto(office_url(office_b, "/administration/team/"))
    row = page.locator(f'[data-testid="pending-invitation"][data-email="{invited}"]')
    expect(row).to_be_visible()
    expect(row.get_by_test_id("invitation-delivery")).to_have_attribute("data-delivery", "sent")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    row.get_by_test_id("invitation-resend").click()
    expect(page.locator(".alert")).to_contain_text(f"Invitation sent again to {invited}.")

    asked = []

    def answer(dialog, accept: bool):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    row.get_by_test_id("invitation-cancel").click()
    expect(row).to_be_visible()  # "No" keeps it
    page.once("dialog", lambda dialog: answer(dialog, True))
    row.get_by_test_id("invitation-cancel").click()
    expect(page.locator(".alert")).to_contain_text(f"Invitation for {invited} cancelled.")
    expect(row).to_have_count(0)
    assert (
        asked
        == [f"Cancel the invitation for {invited}? The link in the e-mail will stop working."] * 2
    )
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
