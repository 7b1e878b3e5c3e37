"""Browser: the staff sidebar and the client panel at 1280, 1024 and 390 px: nothing wider
than the window, the menu beside the page or behind the menu button, shortcuts and counts.

With SCREENSHOT_DIR set, each page is also saved there as <name>-<width>.png."""

from __future__ import annotations

import pytest
from django.db import connection
from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from tests.browser.conftest import assert_fits, office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office

WIDTHS = (1280, 1024, 390)
STAFF_PAGES = ("/dashboard/", "/mail/", "/mail/hand-over/", "/clients/", "/notifications/")


def _fits(page, name: str, width: int) -> None:
    assert_fits(page, name, width)


@pytest.fixture
def admin(session_offices, committed):
    office = session_offices[1]
    user = UserFactory(email=unique_email("nav"), language="en")
    membership_create(user=user, office=office, role=Role.ADMIN)
    return office, user


def test_staff_pages_fit_every_width_with_the_menu_beside_or_behind_a_button(page, admin):
    office, user = admin
    sign_in(page, office, user.email, PASSWORD)
    for path in STAFF_PAGES:
        page.goto(office_url(office, path))
        for width in WIDTHS:
            _fits(page, path.strip("/").replace("/", "-") or "home", width)
            sidebar = page.locator("#sidebar")
            if width >= 992:
                expect(sidebar.get_by_role("link", name="Clients")).to_be_visible()
                expect(page.get_by_test_id("menu-button")).to_be_hidden()
            else:
                expect(sidebar.get_by_role("link", name="Clients")).to_be_hidden()
                expect(page.get_by_test_id("switcher")).to_be_visible()
                expect(page.get_by_test_id("alert-bell")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_test_id("menu-button").click()
    page.locator("#sidebar").get_by_role("link", name="Clients").click()
    expect(page).to_have_url(office_url(office, "/clients/"))


def test_menu_folds_groups_fold_and_shortcuts_lead_to_the_entries(page, admin):
    office, user = admin
    sign_in(page, office, user.email, PASSWORD)
    page.goto(office_url(office, "/dashboard/"))
    sidebar = page.locator("#sidebar")
    mail_group = sidebar.locator("[data-nav-group=mail]")
    expect(mail_group.get_by_role("link", name="Register mail")).to_be_visible()
    mail_group.get_by_role("button", name="Mail").click()
    expect(mail_group.get_by_role("link", name="Register mail")).to_be_hidden()
    page.reload()
    expect(mail_group.get_by_role("link", name="Register mail")).to_be_hidden()  # remembered
    mail_group.get_by_role("button", name="Mail").click()

    width = sidebar.bounding_box()["width"]
    page.get_by_test_id("fold-menu").click()
    expect(sidebar.locator(".nav-label").first).to_be_hidden()
    assert sidebar.bounding_box()["width"] < width / 2
    page.get_by_test_id("fold-menu").click()
    expect(sidebar.locator(".nav-label").first).to_be_visible()

    page.locator("body").press("g")
    page.locator("body").press("c")
    expect(page).to_have_url(office_url(office, "/clients/"))
    # The client list puts the cursor in its search box: typing there is not a shortcut.
    page.keyboard.press("g")
    page.keyboard.press("h")
    expect(page).to_have_url(office_url(office, "/clients/"))
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("g")
    page.keyboard.press("h")
    expect(page).to_have_url(office_url(office, "/mail/hand-over/"))
    page.goto(office_url(office, "/dashboard/"))
    page.keyboard.press("/")
    expect(page.locator("[data-search-input]")).to_be_focused()


def test_the_counts_appear_beside_the_entries(page, admin, django_db_blocker):
    from modules.mail.models import MailItem
    from tests.modules.handover.factories import waiting

    office, user = admin
    with django_db_blocker.unblock(), in_office(office):
        before = MailItem.objects.filter(status__routes_to_handover=True).count()
        waiting(count=2)
    connection.set_schema_to_public()
    sign_in(page, office, user.email, PASSWORD)
    page.goto(office_url(office, "/dashboard/"))
    badge = page.locator("[data-nav-count='handover.waiting']")
    expect(badge).to_have_text(str(before + 2))
    expect(page.locator("[data-nav-count='scanrequests.new']")).to_be_hidden()


def test_client_panel_pages_fit_every_width(page, session_offices, committed, django_db_blocker):
    from tests.modules.clients.factories import ClientFactory
    from tests.modules.handover.factories import waiting

    office = session_offices[1]
    with django_db_blocker.unblock(), in_office(office):
        company = ClientFactory(name="Zelený Háj s.r.o.")
        waiting(company, count=2)
    connection.set_schema_to_public()
    person = UserFactory(email=unique_email("panel"), language="en")
    membership_create(
        user=person, office=office, role=Role.CLIENT, client_id=company.pk, client_name=company.name
    )
    sign_in(page, office, person.email, PASSWORD)
    for path in ("/portal/", "/portal/mail/", "/portal/pickups/"):
        page.goto(office_url(office, path))
        for width in WIDTHS:
            _fits(page, "panel-" + (path.strip("/").replace("/", "-")), width)


def test_the_top_bars_search_shows_what_was_typed(page, admin, django_db_blocker):
    from modules.clients.services.search import client_search_refresh
    from tests.modules.clients.factories import AddressFactory, ClientFactory

    office, user = admin
    word = "".join(chr(97 + int(c, 16)) for c in unique_email("q").split("@")[0][-8:])
    street = "Mickiewicza" + word
    with django_db_blocker.unblock(), in_office(office):
        found = ClientFactory(name="Topbar Szukany sp. z o.o.")
        AddressFactory(client=found, street=street, city="Kraków")
        client_search_refresh(client_ids=[found.pk])
    connection.set_schema_to_public()
    sign_in(page, office, user.email, PASSWORD)
    page.goto(office_url(office, "/dashboard/"))
    page.keyboard.press("/")
    page.keyboard.type(street)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("client-search")).to_have_value(street)
    hits = page.get_by_test_id("search-hit")
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text("Topbar Szukany sp. z o.o.")
