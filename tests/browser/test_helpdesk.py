import datetime as dt
import uuid
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from common.money import money
from modules.clients.models import Client
from modules.helpdesk.models import Request
from modules.helpdesk.services import quote_create, request_transition
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office


def test_client_raises_a_request_accepts_the_quote_and_rates_the_operator(
    page, session_offices, committed
):
    office_a, _office_b = session_offices
    code = f"HD-{uuid.uuid4().hex[:6].upper()}"
    with in_office(office_a):
        company = Client.objects.create(name=f"Helpdesk {code} sp. z o.o.", code=code)
    client_user = UserFactory(email=unique_email("hd-client"), language="en")
    membership_create(
        user=client_user,
        office=office_a,
        role=Role.CLIENT,
        client_id=company.pk,
        client_name=company.name,
    )
    subject = f"Forward my mail to Berlin {code}"

    # The client raises the request in the panel.
    sign_in(page, office_a, client_user.email, PASSWORD)
    page.goto(office_url(office_a, "/portal/helpdesk/"))
    page.get_by_test_id("new-request").click()
    page.fill("input[name=subject]", subject)
    page.fill("textarea[name=description]", "Every Monday, please.")
    page.get_by_test_id("send-request").click()
    expect(page.locator(".alert-success")).to_contain_text("has been sent to the office")
    expect(page.get_by_test_id("request-number")).to_contain_text(subject)
    with in_office(office_a):
        req = Request.objects.get(subject=subject)
        assert (req.client_id, req.requester_id, req.status) == (company.pk, client_user.pk, "new")
        # The office sends a quote.
        quote_create(
            request=req,
            actor=None,
            valid_until=timezone.localdate() + dt.timedelta(days=7),
            lines=[
                {
                    "description": "Courier to Berlin",
                    "quantity": Decimal("1"),
                    "unit_price": Decimal("100"),
                    "vat_rate": Decimal("23"),
                }
            ],
        )

    # The client accepts the quote.
    page.reload()
    expect(page.get_by_test_id("quote-total")).to_have_text(
        money(Decimal("123.00"), office_a.currency, language="en")
    )
    page.get_by_test_id("quote-accept").click()
    expect(page.get_by_test_id("quote")).to_have_attribute("data-status", "accepted")
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "in_progress")

    with in_office(office_a):
        request_transition(request=req, action="resolve", actor=None)

    # The client accepts the work and rates the operator.
    page.reload()
    box = page.get_by_test_id("acceptance-box")
    box.locator("select[name=rating]").select_option("4")
    box.locator("input[name=comment]").fill("Quick and kind")
    box.get_by_test_id("accept").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "accepted")
    expect(page.get_by_test_id("rating")).to_contain_text("4/5")
    with in_office(office_a):
        row = Request.objects.get(pk=req.pk)
        assert (row.status, row.rating, row.rating_comment) == ("accepted", 4, "Quick and kind")


def test_the_running_timer_ticks_on_the_request_page(page, session_offices, committed):
    import re

    from modules.helpdesk.models import WorkLog
    from modules.helpdesk.services import request_create
    from modules.helpdesk.worklog import worklog_start

    office_a, _office_b = session_offices
    code = uuid.uuid4().hex[:6].upper()
    operator = UserFactory(email=unique_email("hd-timer"), language="en")
    membership_create(user=operator, office=office_a, role=Role.STAFF)
    with in_office(office_a):
        req = request_create(actor=None, subject=f"Timer {code}")
        started = timezone.now() - dt.timedelta(minutes=2, seconds=10)
        worklog_start(request=req, actor=operator, now=started)
    try:
        sign_in(page, office_a, operator.email, PASSWORD)
        page.goto(office_url(office_a, f"/helpdesk/{req.pk}/?worklog=open"))
        elapsed = page.get_by_test_id("timer-elapsed")
        expect(elapsed).to_have_text(re.compile(r"^0:0[23]:\d\d$"))
        first = elapsed.text_content()
        expect(elapsed).not_to_have_text(first)  # it moves on each second
        expect(elapsed).to_have_text(re.compile(r"^0:0[23]:\d\d$"))
    finally:
        with in_office(office_a):
            WorkLog.objects.filter(request=req).delete()
            Request.objects.filter(pk=req.pk).delete()


def test_a_work_order_takes_its_client_from_the_type_ahead_picker(page, session_offices, committed):
    """The client field of a new work order is a type-ahead picker (modules/clients/fields.py):
    typing offers matches, the arrows and Enter choose one, the form saves its id; on a phone
    the list of matches stays inside the window."""
    from modules.clients.services.search import client_search_refresh
    from modules.helpdesk.models import WorkOrder
    from tests.browser.conftest import OVERFLOW, overflowing

    office_a, _office_b = session_offices
    code = f"PK-{uuid.uuid4().hex[:6].upper()}"
    operator = UserFactory(email=unique_email("hd-picker"), language="en")
    membership_create(user=operator, office=office_a, role=Role.ADMIN)  # a supervisor
    with in_office(office_a):
        company = Client.objects.create(name=f"Picker {code} sp. z o.o.", code=code)
        client_search_refresh(client_ids=[company.pk])  # what the clients' services do
    title = f"Move the archive {code}"
    try:
        sign_in(page, office_a, operator.email, PASSWORD)
        page.set_viewport_size({"width": 390, "height": 860})
        page.goto(office_url(office_a, "/helpdesk/orders/new/"))
        page.fill("input[name=title]", title)
        page.locator("input[name=client_label]").press_sequentially(code[:6].lower(), delay=30)
        option = page.locator(f'[data-picker-option="{company.pk}"]')
        expect(option).to_be_visible()
        assert not overflowing(page.evaluate(OVERFLOW))
        page.locator("input[name=client_label]").press("ArrowDown")
        page.keyboard.press("Enter")
        expect(page.locator("input[name=client_label]")).to_have_value(f"{code} · {company.name}")
        expect(page.locator("input[name=client]")).to_have_value(str(company.pk))
        page.get_by_test_id("order-form").get_by_role("button", name="Create").click()
        page.wait_for_url(lambda url: "/new/" not in url)
        with in_office(office_a):
            assert WorkOrder.objects.get(title=title).client_id == company.pk
    finally:
        with in_office(office_a):
            WorkOrder.objects.filter(title=title).delete()
            Client.objects.filter(pk=company.pk).delete()


BOARD_MONDAY = dt.date(2030, 3, 4)


def _board_order(office):
    """A supervisor (the dispatcher), an operator and an order planned for the dispatcher's
    Tuesday of BOARD_MONDAY's week: (dispatcher, operator, order)."""
    from modules.helpdesk.workorders import workorder_create

    tag = uuid.uuid4().hex[:6].upper()
    dispatcher = UserFactory(email=unique_email("hd-board"), language="en")
    membership_create(user=dispatcher, office=office, role=Role.ADMIN)  # a supervisor
    operator = UserFactory(email=unique_email("hd-board-op"), language="en", full_name=f"Op {tag}")
    membership_create(user=operator, office=office, role=Role.STAFF)
    with in_office(office):
        order = workorder_create(
            actor=None,
            title=f"Board {tag}",
            operator_ids=[dispatcher.pk],
            planned_start=BOARD_MONDAY + dt.timedelta(days=1),
        )
    return dispatcher, operator, order


def test_a_dispatcher_drags_an_order_to_another_operator_and_day(page, session_offices, committed):
    """The dispatcher's board: an order dragged from one operator's Tuesday to another's
    Thursday moves there (the board comes back from the server as it now is)."""
    from modules.helpdesk.models import WorkOrder

    office_a, _office_b = session_offices
    dispatcher, operator, order = _board_order(office_a)
    try:
        sign_in(page, office_a, dispatcher.email, PASSWORD)
        page.goto(office_url(office_a, f"/helpdesk/orders/board/?start={BOARD_MONDAY:%Y-%m-%d}"))
        source = page.locator(
            f'[data-board-cell][data-operator="{dispatcher.pk}"][data-day="2030-03-05"]'
            f' [data-board-order="{order.pk}"]'
        )
        target = page.locator(
            f'[data-board-cell][data-operator="{operator.pk}"][data-day="2030-03-07"]'
        )
        source.drag_to(target)
        expect(target.locator(f'[data-board-order="{order.pk}"]')).to_be_visible()
        expect(source).to_have_count(0)
        with in_office(office_a):
            order.refresh_from_db()
            assert order.planned_start == dt.date(2030, 3, 7)
            assert list(order.operators.values_list("user_id", flat=True)) == [operator.pk]

        # Without a mouse: Space picks it up, an arrow walks a day back, Escape puts it
        # back; again, and Enter puts it where the arrow got to (the operator's Wednesday).
        moved = target.locator(f'[data-board-order="{order.pk}"]')
        moved.focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowLeft")
        expect(page.locator("[data-board-live]")).not_to_have_text("")
        page.keyboard.press("Escape")
        expect(page.locator("[data-board-live]")).to_have_text("Put back.")
        moved.focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("Enter")
        wednesday = page.locator(
            f'[data-board-cell][data-operator="{operator.pk}"][data-day="2030-03-06"]'
        )
        expect(wednesday.locator(f'[data-board-order="{order.pk}"]')).to_be_visible()
        with in_office(office_a):
            order.refresh_from_db()
            assert order.planned_start == dt.date(2030, 3, 6)
    finally:
        with in_office(office_a):
            WorkOrder.objects.filter(pk=order.pk).delete()


def test_on_a_touch_screen_holding_an_order_picks_it_up_and_a_tap_puts_it(
    browser, live_server_url, session_offices, committed
):
    """No drag and drop on a touch screen: a finger held on an order picks it up, a tap on
    another cell moves it there; a tap outside the board puts it back; a short tap on an
    order still opens it. Real touch events (Chromium's DevTools input), a phone's screen."""
    from modules.helpdesk.models import WorkOrder

    office_a, _office_b = session_offices
    dispatcher, operator, order = _board_order(office_a)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    cdp = context.new_cdp_session(page)

    def hold(locator):
        locator.scroll_into_view_if_needed()
        box = locator.bounding_box()
        point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
        page.wait_for_timeout(700)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    def tap(locator):
        locator.scroll_into_view_if_needed()
        box = locator.bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    def cell(user, day):
        return page.locator(
            f'[data-board-cell][data-operator="{user.pk}"][data-day="{day:%Y-%m-%d}"]'
        )

    board = office_url(office_a, f"/helpdesk/orders/board/?start={BOARD_MONDAY:%Y-%m-%d}")
    tuesday, thursday = BOARD_MONDAY + dt.timedelta(days=1), BOARD_MONDAY + dt.timedelta(days=3)
    try:
        sign_in(page, office_a, dispatcher.email, PASSWORD)
        page.goto(board)
        source = cell(dispatcher, tuesday).locator(f'[data-board-order="{order.pk}"]')
        expect(page.get_by_test_id("board-touch-hint")).to_be_visible()

        hold(source)
        expect(source).to_have_attribute("aria-grabbed", "true")
        expect(page.locator("[data-board-live]")).to_contain_text("Picked up")
        tap(page.locator("h1"))  # outside the board: put back, nothing moves
        expect(page.locator("[data-board-live]")).to_have_text("Put back.")
        expect(source).not_to_have_attribute("aria-grabbed", "true")
        assert page.url == board

        hold(source)
        tap(cell(operator, thursday))
        moved = cell(operator, thursday).locator(f'[data-board-order="{order.pk}"]')
        expect(moved).to_be_visible()
        expect(source).to_have_count(0)
        with in_office(office_a):
            order.refresh_from_db()
            assert order.planned_start == thursday
            assert list(order.operators.values_list("user_id", flat=True)) == [operator.pk]

        tap(moved)  # a short tap: the order's page
        page.wait_for_url(f"**/helpdesk/orders/{order.pk}/")
    finally:
        context.close()
        with in_office(office_a):
            WorkOrder.objects.filter(pk=order.pk).delete()


def test_a_request_with_a_quote_fits_a_phone_in_the_panel_and_on_the_staff_page(
    page, session_offices, committed
):
    """The quote's table (five columns, long amounts) becomes a card per line at 390 px
    (.table-cards): neither the client's nor the staff's request page scrolls sideways."""
    from tests.browser.conftest import OVERFLOW, overflowing

    office_a, _office_b = session_offices
    code = f"HQ-{uuid.uuid4().hex[:6].upper()}"
    operator = UserFactory(email=unique_email("hd-quote-staff"), language="en")
    membership_create(user=operator, office=office_a, role=Role.ADMIN)
    client_user = UserFactory(email=unique_email("hd-quote-client"), language="en")
    with in_office(office_a):
        company = Client.objects.create(name=f"Quote {code} s.r.o.", code=code)
    membership_create(
        user=client_user,
        office=office_a,
        role=Role.CLIENT,
        client_id=company.pk,
        client_name=company.name,
    )
    with in_office(office_a):
        from modules.helpdesk.services import request_create

        req = request_create(actor=client_user, subject=f"Seat certificate {code}", client=company)
        quote_create(
            request=req,
            actor=None,
            valid_until=timezone.localdate() + dt.timedelta(days=7),
            lines=[
                {
                    "description": "Potvrdenie o sídle pre banku s overeným podpisom konateľa",
                    "quantity": Decimal("2"),
                    "unit_price": Decimal("123456.78"),
                    "vat_rate": Decimal("23"),
                }
            ],
        )
    try:
        for user, path in (
            (client_user, f"/portal/helpdesk/{req.pk}/"),
            (operator, f"/helpdesk/{req.pk}/"),
        ):
            page.context.clear_cookies()
            sign_in(page, office_a, user.email, PASSWORD)
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(office_url(office_a, path))
            expect(page.get_by_test_id("quote-quantity")).to_have_text("2")
            expect(page.get_by_test_id("quote-vat")).to_have_text("23%")
            result = page.evaluate(OVERFLOW)
            assert not overflowing(result), (path, result)
    finally:
        with in_office(office_a):
            Request.objects.filter(pk=req.pk).delete()
            Client.objects.filter(pk=company.pk).delete()


def test_the_queue_header_wraps_cleanly_on_a_phone(page, session_offices, committed):
    """At 390 px (Slovak, the longest button labels) the title keeps its line and the four
    buttons wrap under it in rows with gaps: none overlaps another or leaves the screen."""
    office_a, _office_b = session_offices
    admin = UserFactory(email=unique_email("hd-header"), language="sk")
    membership_create(user=admin, office=office_a, role=Role.ADMIN)
    sign_in(page, office_a, admin.email, PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(office_url(office_a, "/helpdesk/"))
    header = page.get_by_test_id("queue-header")
    expect(header.get_by_test_id("new-request")).to_contain_text("Nová požiadavka")
    title = header.locator("h1").bounding_box()
    boxes = [button.bounding_box() for button in header.locator(".btn").all()]
    assert len(boxes) == 4
    assert title["width"] < 200  # its own width, not squeezed beside the buttons
    for box in boxes:
        assert box["y"] >= title["y"] + title["height"]  # under the title
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] + 4 <= b["x"]
                or b["x"] + b["width"] + 4 <= a["x"]
                or a["y"] + a["height"] + 4 <= b["y"]
                or b["y"] + b["height"] + 4 <= a["y"]
            )
            assert apart, (a, b)  # at least a 4 px gap between any two
    page.screenshot(path="/tmp/helpdesk-queue-390.png")
