"""Browser: every page of the client panel's menu (common.navigation, CLIENT_AREA), whatever
module registered it, at 390, 1200 and 1280 px: nothing wider than the window and nothing
that scrolls sideways (tables turn into cards on a phone; at 1200 px the menu is one row
beside the brand, the narrowest it gets, where Slovak's labels ran 14 px past the window).
Screenshots go to .data/screenshots/panel-<page>-<width>.png (or SCREENSHOT_DIR) to be
checked by eye."""

from __future__ import annotations

import datetime as dt
import os
import uuid

from django.conf import settings
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership, Role, User
from accounts.services import membership_create
from common.navigation import CLIENT_AREA, nav_items
from tests.browser.conftest import OVERFLOW, office_url, overflowing, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office

WIDTHS = (390, 1200, 1280)


def _panel_entries(membership) -> list[dict]:
    """The client menu as the registry gives it (pages added later by modules included)."""
    return nav_items(area=CLIENT_AREA, membership=membership, current_path="/")


def _company_with_a_year_of_mail(office, staff):
    from modules.handover.services import handover_record
    from tests.modules.clients.factories import ClientFactory
    from tests.modules.helpdesk.factories import raised
    from tests.modules.mail.factories import item_register, status
    from tests.modules.scanrequests.factories import allow, requested

    tag = uuid.uuid4().hex[:6].upper()
    company = ClientFactory(
        name=f"Zielony Las Międzynarodowe Usługi Księgowe i Doradcze {tag} sp. z o.o.",
        code=f"ZL-{tag}",
    )
    long_sender = "Zakład Ubezpieczeń Społecznych Oddział w Warszawie II Inspektorat Wola"
    old = timezone.now() - dt.timedelta(days=40)
    waiting = [
        item_register(client=company, sender=f"{long_sender} {n}", received_at=old)
        for n in range(3)
    ]
    scanned = item_register(
        client=company,
        sender=long_sender,
        scans=["skan-decyzji-urzedu-skarbowego-2026-12-01.pdf"],
        status=status("scanned"),
    )
    allow()
    requested(item=item_register(client=company, sender="Urząd Skarbowy Warszawa-Mokotów"))
    picked = item_register(client=company, sender=long_sender, received_at=old)
    handover_record(
        actor=staff,
        item_ids=[picked.pk],
        method="confirmed",
        person_name="Anna Maria Nowak-Wiśniewska",
    )
    raised(client=company, subject="Proszę o przekazanie korespondencji na adres w Krakowie")
    from modules.clients.services.clients import contact_person_save

    for first, last, email, phone in (
        (
            "Anna Maria",
            "Nowak-Wiśniewska",
            "anna.maria.nowak-wisniewska@zielony-las-uslugi.pl",
            "600 100 200",
        ),
        ("Piotr", "Zieliński", "piotr@zielony-las-uslugi.pl", "600 100 201"),
    ):
        contact_person_save(
            client=company,
            actor=staff,
            data={
                "first_name": first,
                "last_name": last,
                "role": "Prezes zarządu",
                "emails": [email],
                "phones": [phone],
                "receives_notifications": True,
            },
        )
    from tests.modules.billing.factories import biznes, on_package

    on_package(biznes(), client=company, starts_on=timezone.localdate().replace(day=1))
    # An issued invoice (the Invoices tab lists it; its page is crawled too).
    from tests.modules.clients.factories import AddressFactory
    from tests.modules.invoices.factories import issued

    company.nip = "1234563218"
    company.save(update_fields=["nip"])
    AddressFactory(client=company, street="ul. Prosta 2", postal_code="00-850", city="Warszawa")
    invoice = issued(client=company)
    # Pages behind the menu's: an item with its scan, the scan request's confirmation, the
    # invoice.
    extra = [
        f"/portal/mail/{scanned.pk}/",
        f"/portal/mail/{waiting[0].pk}/request-scan/",
        f"/portal/invoices/{invoice.pk}/",
    ]
    return company, extra


def test_every_client_panel_page_fits_390_1200_and_1280(page, session_offices, committed):
    office = session_offices[0]
    staff = UserFactory(email=unique_email("panel-staff"), language="en")
    membership_create(user=staff, office=office, role=Role.STAFF)
    from common.singletons import settings_get
    from modules.billing.services import settings_update
    from modules.office.models import OfficeProfile
    from tests.modules.invoices.factories import office_details

    with in_office(office):
        # An invoice needs the seller's details; the office's own are put back afterwards.
        profile = settings_get(OfficeProfile)
        saved = {
            f: getattr(profile, f)
            for f in ("legal_name", "street", "postal_code", "city", "nip", "iban", "email")
        }
        office_details()
        company, extra = _company_with_a_year_of_mail(office, staff)
        # The Billing entry's page is there only when the office shows clients their summary.
        settings_update(actor=None, data={"summaries_for_clients": True})
    connection.set_schema_to_public()
    try:
        _pages_fit(page, office, company, extra)
    finally:
        with in_office(office):
            settings_update(actor=None, data={"summaries_for_clients": False})
            OfficeProfile.objects.filter(pk=1).update(**saved)
        connection.set_schema_to_public()


def _pages_fit(page, office, company, extra):
    person = UserFactory(email=unique_email("panel"), language="en")
    membership_create(
        user=person, office=office, role=Role.CLIENT, client_id=company.pk, client_name=company.name
    )
    membership = Membership.objects.get(user=person, office=office)
    entries = _panel_entries(membership)
    labels = [str(e["label"]) for e in entries]
    assert {"Home", "Mail", "Pickups", "Profile"} <= set(labels), labels

    folder = os.environ.get("SCREENSHOT_DIR") or str(settings.BASE_DIR / ".data" / "screenshots")
    os.makedirs(folder, exist_ok=True)
    sign_in(page, office, person.email, PASSWORD)
    page.goto(office_url(office, "/portal/"))
    menu = page.get_by_test_id("main-nav")
    # The menu on the page is the registry's: nothing registered is missing from it.
    assert sorted(
        menu.locator("a.nav-link").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    ) == sorted(e["url"] for e in entries)
    failures = []
    # In English, then in Slovak: its words are the longest of the three.
    for language in ("en", "sk"):
        User.objects.filter(pk=person.pk).update(language=language)
        for url in [e["url"] for e in entries] + extra:
            name = url.strip("/").replace("/", "-") or "home"
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 844})
                response = page.goto(office_url(office, url))
                assert response.status == 200, (url, response.status)
                assert page.locator("html").get_attribute("lang") == language
                page.wait_for_load_state("networkidle")
                page.screenshot(
                    path=f"{folder}/panel-{language}-{name}-{width}.png", full_page=True
                )
                result = page.evaluate(OVERFLOW)
                if overflowing(result):
                    failures.append((language, url, width, result))
                # The brand's logo (or icon) whole, not squeezed out by a one-row menu.
                cut = page.locator("a.navbar-brand").evaluate(
                    "a => a.querySelector('img, i').getBoundingClientRect().right"
                    " - a.getBoundingClientRect().right"
                )
                if cut > 0.5:
                    failures.append((language, url, width, {"brand cut px": cut}))
    assert failures == [], "\n".join(map(str, failures))
    User.objects.filter(pk=person.pk).update(language="en")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(office_url(office, "/portal/mail/"))
    # The switcher opens on the screen of a phone (it opened 250 px off its left edge).
    page.locator(".navbar-toggler").click()
    page.get_by_test_id("switcher").locator(".dropdown-toggle").click()
    menu = page.get_by_test_id("switcher").locator(".dropdown-menu")
    expect(menu).to_be_visible()
    box = menu.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    page.keyboard.press("Escape")
    row = page.get_by_test_id("portal-row").first
    expect(row).to_be_visible()
    # A phone shows each letter as a card: every value with its label, the "+" in reach.
    assert row.evaluate("el => getComputedStyle(el).display") == "block"

    # On a phone, the client switches the e-mail of "new mail" off for one person.
    page.goto(office_url(office, "/portal/profile/"))
    card = page.get_by_test_id("profile-contact").filter(has_text="Piotr Zieliński")
    box = card.locator("input[name$=email_events][value='mail.new']")
    expect(box).to_be_checked()
    box.uncheck()
    card.get_by_test_id("save-notifications").click()
    expect(page.locator(".alert-success")).to_contain_text("Piotr Zieliński")
    card = page.get_by_test_id("profile-contact").filter(has_text="Piotr Zieliński")
    expect(card.locator("input[name$=email_events][value='mail.new']")).not_to_be_checked()
