import re
import uuid

from django.core import mail
from playwright.sync_api import expect

from signup.models import SignupRequest
from tests.browser.conftest import unique_email


def test_signup_from_the_landing_page_to_the_new_offices_dashboard(
    page, live_server_url, committed, clean_cache
):
    slug = f"browser-{uuid.uuid4().hex[:8]}"
    email = unique_email("signup")
    page.goto(f"{live_server_url}/")
    page.get_by_test_id("landing-signup").click()
    expect(page.get_by_test_id("signup-form")).to_be_visible()

    page.fill("input[name=office_name]", "Biuro Przeglądarka")
    page.fill("input[name=slug]", "admin")
    expect(page.get_by_test_id("slug-taken")).to_contain_text("reserved")
    page.fill("input[name=slug]", slug)
    expect(page.get_by_test_id("slug-free")).to_contain_text(f"{slug}.localhost")
    page.fill("input[name=full_name]", "Jan Kowalski")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "Zielone-okno-42")
    page.select_option("select[name=country]", "PL")
    page.check("input[name=accept_terms]")
    page.get_by_test_id("signup-submit").click()
    expect(page.get_by_test_id("signup-sent")).to_be_visible()

    (message,) = [m for m in mail.outbox if m.to == [email]]
    link = re.search(r"http://\S+/signup/verify/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_test_id("verify-submit").click()  # the e-mail's link acts on a click only
    # Verified: the office exists and its owner is signed in on its own subdomain.
    expect(page).to_have_url(re.compile(rf"^http://{slug}\.localhost:\d+/welcome/$"))
    checklist = page.get_by_test_id("onboarding-checklist")
    # The owner reads the language they signed up in (the browser's English here); the
    # office itself writes Polish, its country's.
    expect(checklist).to_contain_text("Invite your staff")
    from tenants.models import Office

    assert Office.objects.get(slug=slug).language == "pl"
    expect(page.get_by_test_id("billing-banner")).to_be_visible()  # the free trial
    checklist.locator("[data-step=team] a").click()
    expect(page).to_have_url(re.compile(rf"^http://{slug}\.localhost:\d+/administration/team/$"))
    page.goto(page.url.replace("/administration/team/", "/dashboard/"))
    expect(page.get_by_test_id("dashboard-figures")).to_be_visible()
    SignupRequest.objects.filter(email=email).delete()
