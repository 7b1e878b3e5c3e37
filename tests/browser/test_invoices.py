"""Browser: issuing a draft asks first (data-confirm, static/js/vireo.js): "No" keeps the
draft, "Yes" issues it."""

from __future__ import annotations

import uuid

from django.db import connection
from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from modules.invoices.models import Invoice
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office
from tests.modules.billing.test_close_all import billing_office
from tests.modules.invoices.factories import buyer, draft, office_details


def test_issuing_a_draft_asks_first(page, committed):
    office = billing_office()
    staff = UserFactory(email=unique_email("issuer"), language="en")
    membership_create(user=staff, office=office, role=Role.STAFF)
    with in_office(office):
        office_details()
        made = draft(buyer())
    connection.set_schema_to_public()
    sign_in(page, office, staff.email, PASSWORD)
    page.goto(office_url(office, f"/invoices/{made.pk}/"))
    asked = []

    def answer(dialog, accept: bool):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_test_id("issue").click()
    expect(page.get_by_test_id("issue")).to_be_visible()  # "No" keeps the draft
    with in_office(office):
        assert Invoice.objects.get(pk=made.pk).status == "draft"
    connection.set_schema_to_public()
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_test_id("issue").click()
    # Issued; the client here has no recipient, and the message says it was not e-mailed.
    expect(page.locator(".alert")).to_contain_text("Issued, but not e-mailed")
    assert len(asked) == 2 and asked[0] == asked[1]
    assert asked[0].startswith("Issue this invoice, due ")
    with in_office(office):
        assert Invoice.objects.get(pk=made.pk).status == "issued"
    connection.set_schema_to_public()


def test_the_invoice_lines_stay_inside_their_card_at_1366_px(page, committed):
    """At 1366 px the lines table ran past its card's right edge: below 1400 px the page's
    side cards now go under the table, which gets the page's width and fits (a scroll
    inside the card, .table-responsive, is only the last resort), and the page itself does
    not scroll sideways."""
    from tests.modules.invoices.factories import D, issued, line

    office = billing_office()
    staff = UserFactory(email=unique_email("wide"), language="pl")
    membership_create(user=staff, office=office, role=Role.STAFF)
    lines = [  # seven-figure amounts in five columns that never wrap ("1 518 518,48 zł")
        line(f"Wynajem sali konferencyjnej Tatry, 0{n}.12.2026", "12.5", "hour", "98765.43", "23")
        for n in range(1, 4)
    ]
    with in_office(office):
        office_details()
        invoice = issued(buyer(code=f"W{uuid.uuid4().hex[:8]}"), lines)
        assert invoice.gross > D("1000000")
    connection.set_schema_to_public()
    sign_in(page, office, staff.email, PASSWORD)
    for width in (1280, 1366):
        page.set_viewport_size({"width": width, "height": 768})
        page.goto(office_url(office, f"/invoices/{invoice.pk}/"))
        card = page.locator(".card", has=page.get_by_test_id("lines"))
        # nothing of the card's content reaches past its edge
        assert card.evaluate("c => c.scrollWidth <= c.clientWidth"), card.evaluate(
            "c => [c.scrollWidth, c.clientWidth]"
        )
        scroller = page.get_by_test_id("lines-scroll")
        assert scroller.evaluate("s => s.scrollWidth <= s.clientWidth"), "the table fits"
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_three_lines_are_entered_and_saved_at_once_with_a_running_total(page, committed):
    """/invoices/new/ had two line rows and no way to add a third before saving: *Add line*
    appends one (the edit form is the same), *Remove line* drops one, and the running total
    shows net, VAT and gross as the invoice will (static/invoices/lines.js)."""
    office = billing_office()
    staff = UserFactory(email=unique_email("lines"), language="en")
    membership_create(user=staff, office=office, role=Role.STAFF)
    with in_office(office):
        office_details()
        client = buyer(name=f"Lines {uuid.uuid4().hex[:6]}")
    connection.set_schema_to_public()
    sign_in(page, office, staff.email, PASSWORD)
    page.goto(office_url(office, f"/invoices/new/?client={client.pk}"))
    expect(page.get_by_test_id("line")).to_have_count(2)
    page.fill("input[name=sale_from]", "2030-03-01")
    page.fill("input[name=sale_to]", "2030-03-31")
    rows = [
        ("Virtual office", "1", "199.00", "23"),
        ("Scans", "3", "0.02", "23"),
        ("Book", "2", "10.50", "5"),
        ("Mistake", "1", "1000", "23"),
    ]
    for index, (name, quantity, price, rate) in enumerate(rows):
        if index >= 2:
            page.get_by_test_id("line-add").click()
        page.fill(f"input[name=lines-{index}-description]", name)
        page.fill(f"input[name=lines-{index}-quantity]", quantity)
        page.fill(f"input[name=lines-{index}-unit_price]", price)
        page.select_option(f"select[name=lines-{index}-vat_rate]", rate)
    expect(page.get_by_test_id("line")).to_have_count(4)
    page.get_by_test_id("line").nth(3).get_by_test_id("line-remove").click()
    expect(page.get_by_test_id("line").locator("visible=true")).to_have_count(3)
    # 199.00 + 0.06 at 23 % (VAT 45.78) and 21.00 at 5 % (VAT 1.05)
    totals = page.get_by_test_id("line-totals")
    expect(totals.locator("[data-total-net]")).to_have_text("PLN 220.06")
    expect(totals.locator("[data-total-vat]")).to_have_text("PLN 46.83")
    expect(totals.locator("[data-total-gross]")).to_have_text("PLN 266.89")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(lambda url: "/new/" not in url)
    with in_office(office):
        invoice = Invoice.objects.filter(client=client).get()
        assert list(invoice.lines.order_by("pk").values_list("description", flat=True)) == [
            "Virtual office",
            "Scans",
            "Book",
        ]
        assert (str(invoice.net), str(invoice.vat), str(invoice.gross)) == (
            "220.06",
            "46.83",
            "266.89",
        )
    connection.set_schema_to_public()


def test_every_draft_of_the_page_is_ticked_at_once_for_issuing(page, committed):
    """The audit: month end made 29 drafts and each had to be ticked by hand to issue them
    (the mail archive, the hand-over and the helpdesk have a select-all). "Select every
    draft on this page" ticks them all, at 390 px too (the table's header is hidden there)."""
    office = billing_office()
    staff = UserFactory(email=unique_email("bulk"), language="en")
    membership_create(user=staff, office=office, role=Role.STAFF)
    with in_office(office):
        office_details()
        made = [draft(buyer()) for _ in range(3)]
    connection.set_schema_to_public()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, office, staff.email, PASSWORD)
    page.goto(office_url(office, "/invoices/?status=draft"))
    boxes = page.locator("input[name=ids]")
    expect(boxes.first).to_be_visible()
    with in_office(office):  # the office is shared by the file's tests: their drafts too
        count = Invoice.objects.filter(status="draft").count()
    connection.set_schema_to_public()
    assert count >= 3
    expect(boxes).to_have_count(count)
    select_all = page.get_by_test_id("select-all")
    expect(select_all).to_be_visible()
    select_all.check()
    for index in range(count):
        expect(boxes.nth(index)).to_be_checked()
    boxes.nth(0).uncheck()
    expect(select_all).not_to_be_checked()
    boxes.nth(0).check()
    expect(select_all).to_be_checked()
    page.get_by_test_id("issue-selected").click()
    expect(page.locator("main")).to_contain_text(f"{count} drafts will be issued")
    with in_office(office):
        assert {i.pk for i in made} <= set(
            Invoice.objects.filter(status="draft").values_list("pk", flat=True)
        )
    connection.set_schema_to_public()
