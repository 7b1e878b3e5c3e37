import datetime as dt
import os
import re
import uuid

from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from modules.rooms.models import Booking
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office
from tests.modules.rooms.factories import (
    at,
    next_weekday,
    open_every_day,
    room_make,
    rooms_office,
)


def test_staff_drag_creates_a_booking_in_the_calendar(page, committed):
    office = rooms_office()
    name = f"Sala {uuid.uuid4().hex[:6]}"
    with in_office(office):
        open_every_day()
        room = room_make(name=name)
        day = next_weekday(2, weeks=3)
    staff = UserFactory(email=unique_email("rooms-staff"), language="en")
    membership_create(user=staff, office=office, role=Role.STAFF)
    sign_in(page, office, staff.email, PASSWORD)
    page.goto(office_url(office, f"/rooms/calendar/?room={room.pk}&date={day}"))
    column = page.locator(f".fc-timegrid-col[data-date='{day}']")
    expect(column).to_be_visible()
    lane_from = page.locator(".fc-timegrid-slot-lane[data-time='10:00:00']").bounding_box()
    lane_to = page.locator(".fc-timegrid-slot-lane[data-time='11:00:00']").bounding_box()
    box = column.bounding_box()
    x = box["x"] + box["width"] / 2
    page.mouse.move(x, lane_from["y"] + 3)
    page.mouse.down()
    page.mouse.move(x, lane_from["y"] + 20, steps=4)
    page.mouse.move(x, lane_to["y"] + lane_to["height"] - 3, steps=8)
    page.mouse.up()
    page.wait_for_url("**/rooms/bookings/new/**")
    expect(page.locator("input[name=start]")).to_have_value("10:00")
    expect(page.locator("input[name=end]")).to_have_value("11:30")
    # The live price (views/price.py): shown on opening and again as the time changes.
    price = page.get_by_test_id("price-total")
    expect(price).to_have_text("Price: PLN\xa075.00")
    page.fill("input[name=end]", "12:00")
    page.locator("input[name=end]").dispatch_event("change")
    expect(price).to_have_text("Price: PLN\xa0100.00")
    page.fill("input[name=end]", "11:30")
    page.locator("input[name=end]").dispatch_event("change")
    expect(price).to_have_text("Price: PLN\xa075.00")
    page.fill("input[name=guest_name]", "Anna Nowak")
    page.get_by_test_id("booking-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("booking")).to_contain_text("Anna Nowak")
    with in_office(office):
        booking = Booking.objects.get(room=room)
        assert booking.starts_at == at(day, 10)
        assert booking.ends_at == at(day, 11, 30)
    page.goto(office_url(office, f"/rooms/calendar/?room={room.pk}&date={day}"))
    expect(page.locator(".fc-event").filter(has_text="Anna Nowak")).to_be_visible()


def test_visitor_books_on_a_390_px_phone(browser, live_server_url, committed):
    from django.core.cache import cache

    from modules.rooms import services

    office = rooms_office()
    name = f"Sala {uuid.uuid4().hex[:6]}"
    with in_office(office):
        open_every_day()
        services.settings_update(actor=None, data={"public_booking": True, "terms": "Regulamin."})
        room = room_make(name=name, public_price_hour="90.00")
        day = next_weekday(4, weeks=3)
    cache.clear()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(office_url(office, "/book/"))
    phone.get_by_role("link", name=name).click()
    phone.goto(office_url(office, f"/book/{room.pk}/?week={day}&minutes=60"))
    phone.locator(f"a[data-testid=slot][href*='day={day}'][href*='start=10:00']").click()
    phone.fill("input[name=name]", "Ewa Lis")
    phone.fill("input[name=email]", "ewa.phone@example.com")
    phone.fill("input[name=phone]", "+48 600 700 800")
    phone.check("input[name=terms]")
    phone.get_by_test_id("public-form").locator("button[type=submit]").click()
    expect(phone.get_by_test_id("manage")).to_contain_text(name)
    expect(phone.get_by_test_id("status")).to_have_attribute("data-status", "confirmed")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    with in_office(office):
        booking = Booking.objects.get(room=room)
        assert (booking.guest_name, booking.starts_at) == ("Ewa Lis", at(day, 10))
    # Cancelling asks first (the fee or that it is free), then shows no price left to pay.
    # (The page speaks the office's language: the test reads no words.)
    phone.get_by_test_id("cancel-form").locator("a").click()
    expect(phone.get_by_test_id("cancel-fee")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    with in_office(office):
        assert Booking.objects.get(pk=booking.pk).status == "confirmed"
    phone.get_by_test_id("cancel-form").locator("button[type=submit]").click()
    expect(phone.get_by_test_id("status")).to_have_attribute("data-status", "cancelled")
    expect(phone.get_by_test_id("price")).to_have_text(re.compile(r": (0,00\xa0zł|PLN\xa00\.00)$"))
    context.close()


def test_owner_copies_the_public_booking_link(browser, live_server_url, committed):
    from modules.rooms import services

    office = rooms_office()
    with in_office(office):
        services.settings_update(actor=None, data={"public_booking": True})
    owner = UserFactory(email=unique_email("rooms-owner"), language="en")
    membership_create(user=owner, office=office, role=Role.OWNER)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, office, owner.email, PASSWORD)
    page.goto(office_url(office, "/administration/rooms/"))
    link = page.get_by_test_id("public-url")
    expect(link).to_have_value(office.url + "/book/")
    button = page.get_by_test_id("public-link").get_by_role("button", name="Copy")
    button.click()
    expect(page.get_by_test_id("public-link").get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == office.url + "/book/"
    context.close()


def test_client_list_and_cancel_question_fit_a_390_px_phone(browser, live_server_url, committed):
    from decimal import Decimal

    from modules.rooms import services
    from tests.browser.conftest import OVERFLOW, overflowing
    from tests.modules.clients.factories import ClientFactory

    office = rooms_office()
    name = f"Sala konferencyjna Wisła {uuid.uuid4().hex[:6]}"
    with in_office(office):
        open_every_day()
        room = room_make(name=name, free_cancel_hours=24 * 30)
        company = ClientFactory(name="Zielony Las sp. z o.o.", code=f"R-{uuid.uuid4().hex[:8]}")
        coffee = services.extra_save(
            actor=None,
            data={
                "name_pl": "Kawa i herbata bez ograniczeń",
                "price": Decimal("6.00"),
                "per_person": True,
            },
        )
        beamer = services.extra_save(
            actor=None, data={"name_pl": "Projektor z ekranem", "price": Decimal("40.00")}
        )
        day = next_weekday(3, weeks=2)
        booking = services.booking_create(
            room=room,
            starts_at=at(day, 10),
            ends_at=at(day, 12),
            client=company,
            title="Spotkanie zarządu z inwestorami",
            attendees=8,
            extras=[(coffee, 2), (beamer, 1)],
            source=Booking.Source.PORTAL,
        )
    person = UserFactory(email=unique_email("rooms-client"), language="sk")
    membership_create(
        user=person, office=office, role=Role.CLIENT, client_id=company.pk, client_name=company.name
    )
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="sk-SK", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    sign_in(phone, office, person.email, PASSWORD)
    paths = (
        "/portal/rooms/",
        f"/portal/rooms/{booking.pk}/",
        f"/portal/rooms/{booking.pk}/cancel/",
    )
    for path in paths:
        phone.goto(office_url(office, path))
        phone.wait_for_load_state("networkidle")
        result = phone.evaluate(OVERFLOW)
        assert not overflowing(result), (path, result)
    phone.goto(office_url(office, "/portal/rooms/"))
    expect(phone.get_by_test_id("booking-terms").first).to_contain_text("Projektor z ekranem ×1")
    # The booking's own page from the list: its extras, the price line by line, the actions.
    phone.get_by_test_id("booking-link").first.click()
    phone.wait_for_url(f"**/portal/rooms/{booking.pk}/")
    expect(phone.get_by_test_id("extras")).to_have_text(
        "Kawa i herbata bez ograniczeń ×8, Projektor z ekranem ×1"
    )
    expect(phone.get_by_test_id("price")).to_contain_text("188,00")
    expect(phone.get_by_test_id("price-line")).to_have_count(3)
    # Free cancelling ends 30 days before: changing is over, cancelling is not.
    expect(phone.get_by_test_id("change")).to_have_count(0)
    expect(phone.get_by_test_id("change-refusal")).to_contain_text("720")
    if os.environ.get("SCREENSHOT_DIR"):
        phone.screenshot(
            path=f"{os.environ['SCREENSHOT_DIR']}/rooms-portal-detail-390.png", full_page=True
        )
    phone.get_by_role("link", name="Zrušiť rezerváciu").first.click()
    # 2 h at 50,00 + coffee for 8 people (8 x 6,00, not 2 x 8) + the beamer: 50 % of 188,00
    expect(phone.get_by_test_id("cancel-fee")).to_contain_text("94,00")
    phone.get_by_test_id("cancel-form").locator("button[type=submit]").click()
    phone.wait_for_url("**/portal/rooms/")
    with in_office(office):
        assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CANCELLED
    context.close()


def test_calendar_entries_show_time_room_and_who_in_full_at_1280_and_390(
    browser, live_server_url, committed
):
    from django.core.cache import cache

    from modules.rooms import services
    from tests.browser.conftest import OVERFLOW, overflowing

    office = rooms_office()
    name = f"Sala Tatry {uuid.uuid4().hex[:6]}"
    with in_office(office):
        open_every_day()
        room = room_make(name=name)
        day = next_weekday(1, weeks=4)
        for start, guest in ((10, "Jan Kowalski-Wiśniewski"), (14, "Anna Nowak")):
            services.booking_create(
                room=room,
                starts_at=at(day, start),
                ends_at=at(day, start + 1),
                guest={"name": guest},
                title="Rada nadzorcza",
            )
    cache.clear()
    staff = UserFactory(email=unique_email("rooms-cal"), language="pl")
    membership_create(user=staff, office=office, role=Role.STAFF)
    for width, height in ((1280, 860), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="pl-PL")
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, office, staff.email, PASSWORD)
        page.goto(office_url(office, f"/rooms/calendar/?room={room.pk}&date={day}"))
        for view in ("dayGridMonth", "timeGridWeek", "timeGridDay"):
            page.locator(f".fc-{view}-button").click()
            entry = page.locator(".fc-event").filter(has_text="Jan Kowalski").first
            expect(entry).to_be_visible()
            expect(entry).to_have_attribute(
                "title", f"10:00\u201311:00 {name} · Jan Kowalski-Wiśniewski · Rada nadzorcza"
            )
            page.wait_for_load_state("networkidle")
            result = page.evaluate(OVERFLOW)
            assert not overflowing(result), (width, view, result)
            if view == "dayGridMonth":
                # Time and room in full, not "10 Sala Tatry · J": the entry wraps; on a phone
                # (days 50 px wide) the time only, the rest in the tooltip.
                title = entry.locator(".fc-event-title")
                if width > 768:
                    expect(entry.locator(".fc-event-time")).to_have_text("10:00 - 11:00")
                    expect(title).to_have_text(f"{name} · Jan Kowalski-Wiśniewski · Rada nadzorcza")
                else:
                    expect(entry.locator(".fc-event-time")).to_have_text("10:00")
                    expect(title).to_be_hidden()
                cut = page.evaluate(
                    """() => [...document.querySelectorAll(
                        '.fc-daygrid-event .fc-event-title, .fc-daygrid-event .fc-event-time')]
                        .filter((el) => el.scrollWidth > el.clientWidth + 1
                                     || el.scrollHeight > el.clientHeight + 1)
                        .map((el) => el.textContent)"""
                )
                assert cut == [], (width, cut)
        context.close()


def test_the_live_price_follows_typing_and_warns_of_too_many_people(page, committed):
    """A per-item extra's quantity updates the box while typed (no blur), and more people
    than the room holds shows the form's refusal in the box. The calendar's today is the
    office's."""
    from decimal import Decimal

    from modules.rooms import rules, services

    office = rooms_office()
    name = f"Focus {uuid.uuid4().hex[:6]}"
    with in_office(office):
        open_every_day()
        room = room_make(name=name, capacity=2, price_hour=Decimal("50.00"))
        extra = services.extra_save(
            actor=None, data={"name_pl": f"Ekran {uuid.uuid4().hex[:4]}", "price": Decimal("10")}
        )
        day = next_weekday(2, weeks=3)
        today = rules.local(rules.timezone.now()).date()
    staff = UserFactory(email=unique_email("rooms-price"), language="en")
    membership_create(user=staff, office=office, role=Role.STAFF)
    sign_in(page, office, staff.email, PASSWORD)
    page.goto(office_url(office, "/rooms/calendar/"))
    expect(page.locator(".fc-day-today").first).to_have_attribute("data-date", str(today))
    page.goto(
        office_url(office, f"/rooms/bookings/new/?room={room.pk}&day={day}&start=10:00&end=11:00")
    )
    price = page.get_by_test_id("price-total")
    expect(price).to_have_text("Price: PLN\xa050.00")
    quantity = page.locator(f"input[name=extra_{extra.pk}]")
    quantity.click()
    quantity.press("Backspace")
    quantity.type("3")  # no change event: the box follows the typing
    expect(price).to_have_text("Price: PLN\xa080.00")
    people = page.locator("input[name=attendees]")
    people.click()
    people.press("Backspace")
    people.type("5")
    expect(page.get_by_test_id("price-warning")).to_have_text("This room holds at most 2 people.")


def test_owner_adds_the_coming_years_public_holidays_after_confirming(
    browser, live_server_url, committed
):
    """An office made before new offices got their holidays: the settings page offers the
    coming year's, asks first (dismissed: nothing changes), then adds them."""
    from django.utils import timezone

    from modules.rooms.models import RoomSettings

    office = rooms_office()  # shared by the browser tests: its holidays are put back after
    year = timezone.localdate().year + 1
    owner = UserFactory(email=unique_email("rooms-holidays"), language="en")
    membership_create(user=owner, office=office, role=Role.OWNER)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    asked = []

    def answer(dialog, accept: bool):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    try:
        sign_in(page, office, owner.email, PASSWORD)
        page.goto(office_url(office, "/administration/rooms/"))
        offer = page.get_by_test_id("holidays-offer")
        button = offer.get_by_role("button", name=f"Add public holidays of Poland for {year}")
        expect(offer.get_by_test_id("holidays-offer-days")).to_contain_text(
            f"01/01/{year} New Year's Day"
        )
        page.once("dialog", lambda dialog: answer(dialog, False))
        button.click()
        expect(button).to_be_visible()
        with in_office(office):
            assert RoomSettings.objects.get().public_holidays == ""
        page.once("dialog", lambda dialog: answer(dialog, True))
        button.click()
        expect(page.get_by_test_id("holidays-from")).to_have_text(
            f"Public holidays close the rooms from 01/01/{year}."
        )
        expect(page.get_by_test_id("holidays-offer")).to_have_count(0)
        assert (
            asked
            == [
                f"Close the rooms on these days from 1 January {year}, and in the years after? "
                "Bookings already made stay."
            ]
            * 2
        )
        with in_office(office):
            row = RoomSettings.objects.get()
            assert (row.public_holidays, row.public_holidays_from) == (
                "PL",
                dt.date(year, 1, 1),
            )
    finally:
        context.close()
        with in_office(office):
            RoomSettings.objects.update(public_holidays="", public_holidays_from=None)
