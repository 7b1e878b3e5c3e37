"""The settlements pages: no "-0,00 zł" (a reversed line at 0.00), dates as the language
writes them (never ISO), and a room booking's date not printed twice."""

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from accounts.models import Role
from modules.billing.money import line_amounts
from modules.billing.services import period_close, usage_record
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, courier, on_package

ROOM = "Sala Tatry, 2026-03-12 14:00–16:00"


def test_a_reversed_line_at_zero_is_plus_zero():
    net, vat, gross = line_amounts(Decimal("-1.5"), Decimal("0.00"), "23")
    assert (str(net), str(vat), str(gross)) == ("0.00", "0.00", "0.00")


def _month(office):
    with in_office(office):
        client = on_package(biznes())
        usage_record(
            client=client, date=dt.date(2026, 3, 5), quantity=Decimal("3"), service=courier()
        )
        for quantity in (Decimal("2"), Decimal("-2")):  # package hours booked, then cancelled
            usage_record(
                client=client,
                date=dt.date(2026, 3, 12),
                quantity=quantity,
                unit_price=Decimal("0.00"),
                unit="hour",
                description=ROOM,
                reason="cancelled" if quantity < 0 else "",
                source="rooms",
                source_ref="booking:1",
            )
        period_close(client=client, period=dt.date(2026, 3, 1), actor=None)
    return client


def test_the_client_month_shows_no_negative_zero_and_dates_in_polish(office_a):
    client = _month(office_a)
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))

    page = web.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()

    assert "-0,00" not in page
    assert "05.03.2026" in page and "2026-03-05" not in page  # the courier's date
    assert f"{ROOM}</td>" in page or f"{ROOM} <" in page  # not followed by its date again
    assert f'{ROOM} <span class="small' not in page
    with override("pl"):
        closed = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert f"Zamknięty {closed}" in page
    assert "01.01.2026 – …" in page  # the package history
    assert f"{timezone.localdate():%Y-%m-%d}" not in page.split('data-testid="closed"')[1][:80]


def test_the_quarter_view_shows_the_closing_date_in_slovak(office_b):
    client = _month(office_b)
    web = OfficeClient(office_b, user=member(office_b, Role.STAFF, language="sk"))

    page = web.get(f"/settlements/clients/{client.pk}/?quarter=2026-Q1").content.decode()

    with override("sk"):
        closed = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert closed in page
    assert "-0,00" not in page


def test_a_closing_moment_is_shown_as_the_day_it_was_in_the_offices_time_zone():
    """closed_at is stored in UTC: 23:30 UTC on 6 December is 00:30 on the 7th in Warsaw
    (the tests above failed in that hour when the page printed the UTC day)."""
    from modules.billing.templatetags.billing_tags import day

    with timezone.override("Europe/Warsaw"), override("pl"):
        assert day("2026-12-06T23:30:00+00:00") == "07.12.2026"
        assert day("2026-12-06T22:30:00+00:00") == "06.12.2026"
        assert day("2026-12-06") == "06.12.2026"  # a date stays that date
        assert day("not a date") == "not a date"


def test_a_line_whose_description_names_its_day_as_people_write_it_is_not_dated_again():
    """Rooms writes "Sala Tatry, 12.03.2026 14:00–16:00" in the office's language now (ISO
    in rows written before): neither form gets the date printed beside it again."""
    from types import SimpleNamespace

    from modules.billing.templatetags.billing_tags import date_shown

    with override("pl"):
        for description in ("Sala Tatry, 12.03.2026 14:00–16:00", ROOM, "Kurier"):
            line = SimpleNamespace(date="2026-03-12", description=description)
            assert date_shown(line) == ("12.03.2026" if description == "Kurier" else "")


def test_a_cancelled_booking_is_one_line_marked_cancelled_not_two(office_a):
    """The booking (+2 h) and its reversal (-2 h) were two lines of the month; now one,
    marked cancelled, at 0.00; a partial correction stays two lines (its own rounding)."""
    from modules.billing.selectors import summary_get

    client = _month(office_a)
    with in_office(office_a):
        usage_record(
            client=client, date=dt.date(2026, 4, 5), quantity=Decimal("3"), service=courier()
        )
        usage_record(
            client=client,
            date=dt.date(2026, 4, 5),
            quantity=Decimal("-1"),
            service=courier(),
            reason="one was not sent",
        )
        march = summary_get(client_id=client.pk, period=dt.date(2026, 3, 1))
        april = summary_get(client_id=client.pk, period=dt.date(2026, 4, 1))
    shown = [(x.description, x.quantity, str(x.net), x.cancelled) for x in march.shown_lines]
    assert shown == [
        ("Package Biznes", 1, "199.00", False),
        ("Courier", 3, "47.97", False),
        (ROOM, 2, "0.00", True),
    ]
    assert len(march.lines) == 4 and str(march.net) == "246.97"  # totals unchanged
    assert [(x.description, x.quantity) for x in april.shown_lines][1:] == [
        ("Courier", 3),
        ("Courier", -1),
    ]
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = web.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()
    assert page.count(ROOM) == 1
    assert (
        f'{ROOM} <span class="badge text-bg-secondary" data-testid="cancelled">anulowano</span>'
        in page
    )


def test_a_month_s_quantities_carry_their_units_as_the_invoice_prints_them(office_a):
    """The audit: the settlement's quantity column showed bare numbers, "2" of room hours
    beside "1" of a booking and "1" of the package, where the invoice prints "2 godz.",
    "1 szt.", "1 mies."."""
    from tests.modules.billing.factories import room_hour

    with in_office(office_a):
        client = on_package(biznes())
        usage_record(
            client=client, date=dt.date(2026, 3, 5), quantity=Decimal("3"), service=courier()
        )
        usage_record(
            client=client,
            date=dt.date(2026, 3, 6),
            quantity=Decimal("1.5"),
            service=room_hour(),
            unit_price=Decimal("40.00"),
        )
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = web.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()
    table = page.split('data-testid="summary-lines"')[1].split("</tbody>")[0]
    quantities = re.findall(r'data-label="Ilość">([^<]*)</td>', table)
    assert quantities == ["1 mies.", "3 szt.", "1,5 godz."]
