"""Browser: the settlements list and a client's month at 390 and 1280 px: nothing wider than
the window (tables included: on a phone the list is a card per client and a summary's
table becomes cards, .table-cards; nothing scrolls sideways). With SCREENSHOT_DIR set,
each page is saved as billing-<name>-<width>.png."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from modules.billing.services import usage_record
from tests.browser.conftest import assert_fits, office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office
from tests.modules.billing.factories import biznes, courier, on_package
from tests.modules.billing.test_close_all import billing_office
from tests.modules.clients.factories import ClientFactory

WIDTHS = (1280, 390)
NO_TABLE_SCROLLS = ".offcanvas:not(.show), .dropdown-menu"  # FITS_SKIP less .table-responsive


def test_settlements_fit_a_phone_and_a_desktop(page, committed):
    office = billing_office()
    tag = uuid.uuid4().hex[:6]
    month = dt.date.today().replace(day=1)
    before = (month - dt.timedelta(days=1)).replace(day=1)
    with in_office(office):
        client = on_package(
            biznes(),
            ClientFactory(name=f"Przedsiębiorstwo Handlowo-Usługowe {tag}", code=f"B{tag}"),
            starts_on=month,
        )
        usage_record(
            client=client,
            date=month,
            quantity=Decimal("2"),
            service=courier(),
            note="Przesyłka kurierska do Krakowa",
        )
    staff = UserFactory(email=unique_email("billing"), language="en")
    membership_create(user=staff, office=office, role=Role.STAFF)
    sign_in(page, office, staff.email, PASSWORD)
    pages = {
        "list": f"/settlements/?month={month:%Y-%m}",
        "client": f"/settlements/clients/{client.pk}/?month={month:%Y-%m}",
        "range": f"/settlements/clients/{client.pk}/?from={before:%Y-%m}&to={month:%Y-%m}",
        "list-range": f"/settlements/?from={before:%Y-%m}&to={month:%Y-%m}",
    }
    for name, path in pages.items():
        page.goto(office_url(office, path))
        for width in WIDTHS:
            assert_fits(page, f"billing-{name}", width, skip=NO_TABLE_SCROLLS)
            if name == "list":
                cards = page.get_by_test_id("summary-cards")
                table = page.get_by_test_id("summaries")
                row = cards.get_by_role("link", name=client.name)
                if width < 768:
                    expect(row).to_be_visible()
                    expect(table).to_be_hidden()
                else:
                    expect(table.get_by_role("link", name=client.name)).to_be_visible()
                    expect(cards).to_be_hidden()
            if name == "client":
                lines = page.get_by_test_id("summary-lines")
                expect(lines).to_contain_text("Courier")
                # A phone shows each line as a card (.table-cards), a desktop the table.
                display = "block" if width < 768 else "table"
                assert lines.evaluate("el => getComputedStyle(el).display") == display
