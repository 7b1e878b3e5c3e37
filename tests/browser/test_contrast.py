"""Browser: axe-core (node_modules, a dev dependency: nothing is fetched) checks WCAG 2 A and
AA on every staff menu entry and Administration section (the demo-like office of
test_staff_pages.py), the room calendar with a booking in a mid-tone room colour, a page of
an invoice, a client, a mail item and a request, and the client panel's pages: colour
contrast, names of controls and images, ARIA. It found links, outline buttons and code just
under 4.5:1 on the light grey page, white text on light status colours, unnamed filter
selects, an icon-only button and a combobox without aria-expanded."""

from __future__ import annotations

from pathlib import Path

from django.db import connection

from accounts.models import Role
from accounts.services import membership_create
from common.administration import admin_nav
from common.navigation import CLIENT_AREA, STAFF_AREA, nav_items
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.browser.test_staff_pages import screens  # noqa: F401 - the fixture
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office

AXE = (Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js").read_text()
RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}});
  return result.violations.map((v) => ({
    rule: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""


def _violations(browser, office, email: str, urls: list[str]) -> list[tuple]:
    # The page's CSP refuses inline scripts: this context alone lets the test inject axe.
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 1280, "height": 860}, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = []
    try:
        sign_in(page, office, email, PASSWORD)
        for url in urls:
            response = page.goto(office_url(office, url))
            assert response.status == 200, (url, response.status)
            page.wait_for_load_state("networkidle")
            page.add_script_tag(content=AXE)
            for violation in page.evaluate(RUN):
                found.append((url, violation["rule"], violation["impact"], violation["nodes"]))
    finally:
        context.close()
    return found


def test_staff_pages_pass_axe(browser, live_server_url, screens):  # noqa: F811
    office, owner, membership = screens
    with in_office(office):
        sections = admin_nav(membership=membership, current_path="/")
        day = _mid_tone_room_booked()
        details = _detail_pages()
    connection.set_schema_to_public()
    urls = [e["url"] for e in nav_items(area=STAFF_AREA, membership=membership, current_path="/")]
    urls += [e["url"] for e in sections]
    urls += [f"/rooms/calendar/?date={day:%Y-%m-%d}", "/helpdesk/new/", "/notifications/"]
    urls += details
    found = _violations(browser, office, owner.email, urls)
    assert found == [], "\n".join(map(str, found))


def test_client_panel_pages_pass_axe(browser, live_server_url, screens):  # noqa: F811
    office, _owner, _membership = screens
    from modules.clients.models import Client

    with in_office(office):
        company = Client.objects.order_by("pk").first()
    connection.set_schema_to_public()
    person = UserFactory(email=unique_email("axe-client"), language="en")
    client_membership = membership_create(
        user=person, office=office, role=Role.CLIENT, client_id=company.pk
    )
    entries = nav_items(area=CLIENT_AREA, membership=client_membership, current_path="/")
    urls = [e["url"] for e in entries]
    assert "/portal/mail/" in urls
    found = _violations(browser, office, person.email, urls)
    assert found == [], "\n".join(map(str, found))


def _mid_tone_room_booked():
    """A room in #6f8f2f (neither black nor white text reaches 4.5:1 on it) with a booking
    on a Wednesday ahead: that day, for the calendar's week of it."""
    from modules.rooms.models import Booking, Room
    from tests.modules.rooms.factories import book, next_weekday, room_make

    day = next_weekday(weekday=2, weeks=1)
    room = Room.objects.filter(name="Sala Axe").first()
    if room is None:
        room = room_make(name="Sala Axe", colour="#6f8f2f")
    if not Booking.objects.filter(room=room, title="Axe").exists():
        book(room, day, 10, 11, title="Axe")
    return day


def _detail_pages() -> list[str]:
    """A page of one of each: an invoice (its status buttons), a client's card, a mail
    item, a helpdesk request."""
    from modules.clients.models import Client
    from modules.helpdesk.models import Request
    from modules.invoices.models import Invoice
    from modules.mail.models import MailItem

    invoice = Invoice.objects.exclude(status="draft").order_by("pk").first()
    return [
        f"/invoices/{invoice.pk}/",
        f"/clients/{Client.objects.order_by('pk').first().pk}/",
        f"/mail/{MailItem.objects.order_by('pk').first().pk}/",
        f"/helpdesk/{Request.objects.order_by('pk').first().pk}/",
    ]
