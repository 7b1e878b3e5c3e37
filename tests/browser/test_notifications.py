"""The notification e-mail's HTML as Chromium shows it, at desktop width and on a 390 px
phone: screenshots under .data/screenshots/ for people, layout facts for the test."""

import base64

import pytest
from django.conf import settings

from common.storage import office_delete, office_save
from modules.notifications.channels.email import LOGO_CID, email_build
from modules.notifications.models import Delivery
from modules.notifications.services import notify
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
def test_the_email_reads_well_on_desktop_and_phone(in_office_a, office_a, browser, width):
    html = _html(office_a)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.set_content(html)
        folder = settings.BASE_DIR / ".data" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"notification-email-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.get_by_test_id("email-office").inner_text() == office_a.name
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
        assert "Marek Zieliński" in page.get_by_test_id("email-body").inner_text()
    finally:
        context.close()
