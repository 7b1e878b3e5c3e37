"""The notification e-mail's HTML as Chromium shows it, at desktop width and on a 390 px
phone: screenshots under .data/screenshots/ for people, layout facts for the test."""

import base64

import pytest
from django.conf import settings

from common.storage import office_delete, office_save
from modules.notifications.channels.email import LOGO_CID, email_build
from modules.notifications.models import Delivery
from modules.notifications.services import notify
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.modules.notifications.factories import email_recipient

PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5E"
    "rkJggg=="
)


def _html(office) -> str:
    email_recipient(language="pl", name="Marek Zieliński")
    notification = notify(
        event="mail.new",
        client_id=1,
        context={
            "client_name": "Zielony Las sp. z o.o.",
            "mail_sender": "Zakład Ubezpieczeń Społecznych, Oddział w Warszawie",
            "mail_type": "list polecony",
            "scan_request_url": f"{office.url}/scan/abc/",
        },
    )
    delivery = Delivery.objects.get(notification=notification)
    name = office_save("office/logo-browser.png", base64.b64decode(PNG))
    office.logo = name
    try:
        message = email_build(delivery=delivery, office=office)
    finally:
        office.logo = ""
        office_delete(name)
    assert message.logo is not None
    (html, _type) = message.alternatives[0]
    # The logo travels as a cid: part; the page gets it inline to show it.
    return html.replace(f"cid:{LOGO_CID}", f"data:image/png;base64,{PNG}")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_email_reads_well_on_desktop_and_phone(in_office_a, office_a, width):
    from playwright.sync_api import sync_playwright

    html = _html(office_a)  # before Playwright: its loop would hide the office's connection
    # A browser of this test's own, closed when it ends: the session's shared one, left
    # open, would keep an event loop running that test_clients' own Playwright refuses.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            _check(browser, html, width, office_a)
        finally:
            browser.close()


def _check(browser, html: str, width: int, office) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.set_content(html)
        folder = settings.BASE_DIR / ".data" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"notification-email-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.get_by_test_id("email-office").inner_text() == office.name
        buttons = page.get_by_test_id("email-button")
        assert buttons.all_inner_texts() == ["Poproś o skan", "Otwórz w panelu klienta"]
        first, second = (buttons.nth(i).bounding_box() for i in range(2))
        assert first["height"] >= 40 and second["height"] >= 40  # big enough to tap
        assert second["x"] + second["width"] <= width
        if width == 390:
            assert second["y"] > first["y"]  # stacked, full width
            assert first["width"] >= 300
        else:
            assert second["y"] == first["y"]  # side by side
        # The company first, then the greeting without the name (modules/notifications).
        body = page.get_by_test_id("email-body").inner_text()
        assert body.startswith("Firma: Zielony Las sp. z o.o.\n\nDzień dobry,\n")
    finally:
        context.close()
