"""Browser: a receptionist hands mail over with a signature drawn on the signing page (H4
digital, seed 003), with the mouse and with a finger, and finds the PDF on the items."""

from __future__ import annotations

import base64
import io
import uuid

import pytest
from django.db import connection
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Membership, Role, User
from accounts.services import membership_create
from modules.clients.models import Client
from modules.handover.models import HandOver, HandOverItem
from modules.mail.models import MailItem, MailScan
from tests.browser.conftest import OVERFLOW, office_url, overflowing, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office


@pytest.fixture
def desk(live_server_url, django_db_blocker):
    """A client with two waiting items and an authorised person, committed; removed after.

    Not the shared `committed` fixture: it deletes people through the ORM from the public
    schema, and Django's collector then tries to null mail_mailitem.registered_by there.
    An office of its own: the audit rows the test leaves cannot be deleted."""
    from tests.modules.clients.factories import ClientFactory
    from tests.modules.handover.factories import authorised, committed_office, waiting

    code = f"BR-H{uuid.uuid4().hex[:6].upper()}"
    with django_db_blocker.unblock():
        office = committed_office()
    with django_db_blocker.unblock(), in_office(office):
        client = ClientFactory(name=f"Przeglądarka {code}", code=code, language="en")
        items = waiting(client, count=2)
        authorised(client, first_name="Marek", last_name="Zieliński")
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        staff = UserFactory(email=unique_email("handover"), language="en")
        membership_create(user=staff, office=office, role=Role.STAFF)
    yield office, client, items, staff
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        Membership.objects.filter(user=staff).delete()
        User.objects.filter(pk=staff.pk)._raw_delete("default")
    with django_db_blocker.unblock(), in_office(office):
        ids = list(HandOverItem.objects.filter(client=client).values_list("handover", flat=True))
        HandOverItem.objects.filter(client=client).delete()
        HandOver.objects.filter(pk__in=ids).delete()
        MailScan.objects.filter(item__client=client).delete()
        MailItem.objects.filter(client=client).delete()
        Client.objects.filter(pk=client.pk).delete()
    connection.set_schema_to_public()


def _draw_with_mouse(page, canvas) -> None:
    # Strokes made before handover.js has set the pad up are lost (then the form refuses an
    # empty signature): under load the page's scripts can run after the canvas is shown.
    expect(canvas).to_have_attribute("data-ready", "true")
    box = canvas.bounding_box()
    x0, y0 = box["x"] + box["width"] * 0.15, box["y"] + box["height"] * 0.6
    page.mouse.move(x0, y0)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(x0 + step * box["width"] * 0.025, y0 - (step % 4) * 12, steps=2)
    page.mouse.up()


def _draw_with_finger(canvas) -> None:
    """A touch stroke: pointer events of type "touch", as a finger on a tablet sends them."""
    canvas.evaluate(
        """(canvas) => {
            const r = canvas.getBoundingClientRect();
            const at = (i) => ({clientX: r.left + r.width * (0.2 + i * 0.02),
                                clientY: r.top + r.height * (0.4 + (i % 3) * 0.05),
                                pointerId: 7, pointerType: "touch", isPrimary: true,
                                bubbles: true, buttons: 1, pressure: 0.5});
            canvas.dispatchEvent(new PointerEvent("pointerdown", at(0)));
            for (let i = 1; i < 20; i++) {
                canvas.dispatchEvent(new PointerEvent("pointermove", at(i)));
            }
            canvas.dispatchEvent(new PointerEvent("pointerup", {...at(20), buttons: 0}));
        }"""
    )


def _fetch(page, path: str) -> tuple[str, bytes]:
    """Fetch with the page's own session (Playwright's request API cannot resolve
    *.localhost, the browser can)."""
    content_type, encoded = page.evaluate(
        """async (path) => {
            const response = await fetch(path);
            const bytes = new Uint8Array(await response.arrayBuffer());
            let text = "";
            for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
            return [response.headers.get("content-type"), btoa(text)];
        }""",
        path,
    )
    return content_type, base64.b64decode(encoded)


def test_signature_drawn_on_the_signing_page_ends_up_in_the_pdf_on_every_item(page, desk):
    office, client, items, staff = desk
    sign_in(page, office, staff.email, PASSWORD)
    page.goto(office_url(office, f"/mail/hand-over/?q={client.code}"))
    row = page.locator(f"tr[data-client='{client.code}']")
    expect(row.get_by_test_id("waiting-count")).to_have_text("2")
    row.get_by_test_id("handover-one").click()

    page.locator("[data-person='Marek Zieliński'] input[type=radio]").check()
    page.get_by_test_id("digital-button").click()
    expect(page.get_by_test_id("sign-items")).to_contain_text(items[0].number)
    for width in (390, 768):  # a phone, or a tablet held upright, as the signing pad
        page.set_viewport_size({"width": width, "height": 844})
        result = page.evaluate(OVERFLOW)
        assert not overflowing(result), (width, result)
    page.set_viewport_size({"width": 1280, "height": 860})

    # An empty pad is not sent: the page asks for the signature first.
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    page.get_by_test_id("sign-submit").click()
    assert messages == ["Please sign in the box first."]

    canvas = page.get_by_test_id("signature-canvas")
    _draw_with_mouse(page, canvas)
    _draw_with_finger(canvas)
    page.get_by_test_id("sign-submit").click()

    expect(page.get_by_test_id("handover-reference")).to_contain_text("WP-")
    expect(page.get_by_test_id("handover-lines")).to_contain_text(items[1].number)

    for item in items:
        page.goto(office_url(office, f"/mail/hand-over/items/{item.pk}/"))
        link = page.get_by_test_id("handover-box-pdf")
        expect(link).to_have_text("Confirmation with signature (PDF)")
        content_type, body = _fetch(page, link.get_attribute("href"))
        assert content_type == "application/pdf"
        reader = PdfReader(io.BytesIO(body))
        text = "\n".join(p.extract_text() for p in reader.pages)
        assert item.number in text and "Marek Zieliński" in text
        images = [image for p in reader.pages for image in p.images]
        assert len(images) == 1
        width, height = images[0].image.size
        assert width >= 300 and height >= 100


def test_signing_page_fits_a_phone_in_polish_before_and_after_tapping_confirm(
    page, desk, django_db_blocker
):
    office, client, _items, staff = desk
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        User.objects.filter(pk=staff.pk).update(language="pl")  # the longest button label
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, office, staff.email, PASSWORD)
    page.goto(office_url(office, f"/mail/hand-over/panel/?clients={client.pk}"))
    page.locator("[data-person='Marek Zieliński'] input[type=radio]").check()
    page.get_by_test_id("digital-button").click()
    canvas = page.get_by_test_id("signature-canvas")
    expect(canvas).to_have_attribute("data-ready", "true")
    expect(page.get_by_test_id("sign-submit")).to_contain_text("Podpisz i potwierdź")

    def fits() -> None:
        result = page.evaluate(OVERFLOW)
        assert not overflowing(result), result
        assert page.evaluate("window.scrollX") == 0
        box, actions = canvas.bounding_box(), page.get_by_test_id("sign-actions").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        submit = page.get_by_test_id("sign-submit").bounding_box()
        assert abs(submit["width"] - actions["width"]) < 1  # full width on a phone
        # The drawing surface is the box's size (at the device's pixel density).
        assert canvas.evaluate(
            "(c) => c.width === Math.round(c.offsetWidth * Math.max(devicePixelRatio, 1))"
        )

    fits()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("sign-submit").click()  # an empty pad: the page asks, nothing moves
    fits()
    _draw_with_finger(canvas)
    fits()


def test_print_without_a_person_says_so_on_the_panel_and_opens_no_tab(
    page, desk, django_db_blocker
):
    from tests.modules.handover.factories import authorised

    office, client, _items, staff = desk
    with django_db_blocker.unblock(), in_office(office):
        authorised(client, first_name="Olga", last_name="Druga")  # two: nobody pre-chosen
    sign_in(page, office, staff.email, PASSWORD)
    page.goto(office_url(office, f"/mail/hand-over/panel/?clients={client.pk}"))
    tabs = []
    page.context.on("page", lambda new: tabs.append(new))
    page.get_by_test_id("print-button").click()
    expect(page.get_by_test_id("handover-check")).to_have_text(
        "Who picks up the mail? Choose or type the person."
    )
    page.wait_for_timeout(300)
    assert tabs == []
    page.locator("#person-other").check()
    page.get_by_test_id("print-button").click()  # "someone else" with no name typed
    expect(page.get_by_test_id("handover-check")).to_be_visible()
    assert tabs == []
    page.locator("[data-person='Marek Zieliński'] input[type=radio]").check()
    with page.context.expect_page() as opened:
        page.get_by_test_id("print-button").click()
    expect(page.get_by_test_id("handover-check")).to_be_hidden()
    opened.value.close()


def test_po_box_pickup_with_no_time_keeps_its_dialog_open_and_says_what_is_missing(
    page, desk, django_db_blocker
):
    from tests.modules.handover.factories import waiting

    office, client, _items, staff = desk
    with django_db_blocker.unblock(), in_office(office):
        boxed = waiting(client, code="po_box")[0]
    sign_in(page, office, staff.email, PASSWORD)
    page.goto(office_url(office, f"/mail/hand-over/panel/?clients={client.pk}"))
    page.locator(f"#item-{boxed.pk}").check()
    page.get_by_role("button", name="Taken from the PO box").click()
    dialog = page.locator("#po-box-modal")
    expect(dialog).to_be_visible()
    page.get_by_test_id("po-box-submit").click()
    message = "Enter the date and time the mail was taken from the PO box."
    # Said in the dialog, by the field; the dialog stays open and nothing was posted.
    expect(dialog.get_by_test_id("po-box-at-error")).to_have_text(message)
    expect(dialog.get_by_test_id("po-box-at-error")).to_be_visible()
    expect(dialog).to_be_visible()
    expect(page.locator("#po-box-at")).to_be_focused()
    # The other ways still submit the same form (no `required` in the way).
    assert page.locator("#po-box-at").get_attribute("required") is None
    # The server's answer (a page whose check did not run) opens the dialog again, with the
    # message by the field.
    page.locator("[data-testid=po-box-submit]").evaluate("(b) => b.removeAttribute('data-needs')")
    page.get_by_test_id("po-box-submit").click()
    expect(page.get_by_test_id("handover-error")).to_have_text(message)
    expect(page.locator("#po-box-modal")).to_be_visible()
    expect(page.get_by_test_id("po-box-at-error")).to_have_text(message)
    page.locator("#po-box-at").fill("2026-02-03T10:15")
    expect(page.get_by_test_id("po-box-at-error")).to_be_hidden()
    with django_db_blocker.unblock(), in_office(office):
        assert MailItem.objects.get(pk=boxed.pk).status.code == "po_box"
        assert not HandOverItem.objects.filter(client=client).exists()


@pytest.fixture
def two_desks(live_server_url, django_db_blocker):
    """Two companies with waiting mail and one person authorised for both, committed."""
    from tests.modules.clients.factories import ClientFactory
    from tests.modules.handover.factories import authorised, committed_office, waiting

    code = uuid.uuid4().hex[:5].upper()
    with django_db_blocker.unblock():
        office = committed_office()
    with django_db_blocker.unblock(), in_office(office):
        first = ClientFactory(name=f"Alfa {code}", code=f"BR-A{code}", language="en")
        second = ClientFactory(name=f"Beta {code}", code=f"BR-B{code}", language="en")
        first_items = waiting(first, count=1)
        second_items = waiting(second, count=2)
        for client in (first, second):
            authorised(client, first_name="Anna", last_name=f"Nowak{code.lower()}")
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        staff = UserFactory(email=unique_email("handover2"), language="en")
        membership_create(user=staff, office=office, role=Role.STAFF)
    yield office, (first, second), first_items, second_items, staff, f"Anna Nowak{code.lower()}"
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        Membership.objects.filter(user=staff).delete()
        User.objects.filter(pk=staff.pk)._raw_delete("default")
    with django_db_blocker.unblock(), in_office(office):
        clients = [first.pk, second.pk]
        ids = list(
            HandOverItem.objects.filter(client_id__in=clients).values_list("handover", flat=True)
        )
        HandOverItem.objects.filter(client_id__in=clients).delete()
        HandOver.objects.filter(pk__in=ids).delete()
        MailItem.objects.filter(client_id__in=clients).delete()
        Client.objects.filter(pk__in=clients).delete()
    connection.set_schema_to_public()


def _open_both_and_sign(page, office, clients, person, untick) -> None:
    query = "&".join(f"clients={c.pk}" for c in clients)
    page.goto(office_url(office, f"/mail/hand-over/panel/?{query}"))
    for item in untick:
        page.locator(f"#item-{item.pk}").uncheck()
    page.locator(f"[data-person='{person}'] input[type=radio]").check()
    page.get_by_test_id("digital-button").click()
    _draw_with_mouse(page, page.get_by_test_id("signature-canvas"))


def test_one_person_for_two_companies_signs_for_the_items_of_one(page, two_desks):
    office, clients, first_items, second_items, staff, person = two_desks
    sign_in(page, office, staff.email, PASSWORD)
    _open_both_and_sign(page, office, clients, person, untick=first_items)
    expect(page.get_by_test_id("sign-items")).not_to_contain_text(first_items[0].number)
    page.get_by_test_id("sign-submit").click()

    expect(page.get_by_test_id("handover-reference")).to_contain_text("WP-")
    lines = page.get_by_test_id("handover-lines")
    expect(lines).to_contain_text(second_items[0].number)
    expect(lines).to_contain_text(second_items[1].number)
    expect(lines).not_to_contain_text(first_items[0].number)


def test_a_refusal_after_signing_keeps_the_signature(page, two_desks, django_db_blocker):
    from modules.handover.services import handover_record

    office, clients, first_items, second_items, staff, person = two_desks
    sign_in(page, office, staff.email, PASSWORD)
    _open_both_and_sign(page, office, clients, person, untick=[])
    # Another desk hands one of the ticked items over meanwhile.
    with django_db_blocker.unblock(), in_office(office):
        handover_record(
            actor=staff, item_ids=[second_items[0].pk], method="confirmed", person_name="Ktoś"
        )
    connection.set_schema_to_public()
    page.get_by_test_id("sign-submit").click()

    expect(page.get_by_test_id("sign-error")).to_contain_text(second_items[0].number)
    expect(page.get_by_test_id("signature-kept")).to_be_visible()
    items = page.get_by_test_id("sign-items")
    expect(items).not_to_contain_text(second_items[0].number)
    items.locator(f"#sign-item-{first_items[0].pk}").uncheck()
    page.get_by_test_id("sign-submit").click()

    expect(page.get_by_test_id("handover-reference")).to_contain_text("WP-")
    lines = page.get_by_test_id("handover-lines")
    expect(lines).to_contain_text(second_items[1].number)
    expect(lines).not_to_contain_text(first_items[0].number)
    with django_db_blocker.unblock(), in_office(office):
        handover = HandOver.objects.order_by("-pk").first()
        assert handover.person_name == person
        assert handover.signature_path


def test_select_all_shows_a_partial_selection(page, two_desks):
    """Audit: with 14 of 16 items ticked (the PO box ones are not), "Select all" showed an
    empty box as if nothing were ticked. It is ticked when all are, a dash when some are,
    empty when none are."""
    office, clients, first_items, second_items, staff, _person = two_desks
    sign_in(page, office, staff.email, PASSWORD)
    query = "&".join(f"clients={c.pk}" for c in clients)
    page.goto(office_url(office, f"/mail/hand-over/panel/?{query}"))
    select_all = page.locator("#items-all")

    def state():
        return select_all.evaluate("box => [box.checked, box.indeterminate]")

    assert state() == [True, False]
    page.locator(f"#item-{first_items[0].pk}").uncheck()
    assert state() == [False, True]
    for item in second_items:
        page.locator(f"#item-{item.pk}").uncheck()
    assert state() == [False, False]
    select_all.check()
    assert state() == [True, False]
