import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from modules.billing.models import UsageRecord
from modules.billing.selectors import summary_get
from modules.rooms import services
from modules.rooms.models import Booking, Extra
from tests.modules.billing.factories import biznes, on_package
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import at, book, open_every_day, room_make

pytestmark = pytest.mark.usefixtures("in_office_a")

D = Decimal
DAY = dt.date(2027, 3, 10)  # a Wednesday, far enough ahead for the free cancellation


@pytest.fixture
def room():
    open_every_day()
    return room_make(price_hour=Decimal("50.00"), horizon_days=3 * 366)


@pytest.fixture
def coffee():
    return services.extra_save(
        actor=None, data={"name_pl": "Coffee", "price": Decimal("6.00"), "per_person": True}
    )


def _rows(client):
    return [
        (r.source_ref, r.date, r.quantity, r.unit_price, r.unit, r.metric, r.reason)
        for r in UsageRecord.objects.filter(client=client).order_by("pk")
    ]


def test_confirmed_client_booking_and_its_extras_reach_the_settlement(room, coffee):
    client = ClientFactory()
    booking = book(room, DAY, 10, 12, client=client, attendees=3, extras=[(coffee, 1)])
    assert _rows(client) == [
        # in hours at the hour's price (it was 1 piece at 100.00 until 2026-12-07)
        (f"booking:{booking.pk}", DAY, Decimal("2.000"), Decimal("50.00"), "hour", "", ""),
        (
            f"booking:{booking.pk}:extra:{coffee.pk}",
            DAY,
            Decimal("3.000"),
            Decimal("6.00"),
            "piece",
            "",
            "",
        ),
    ]
    # Recorded in the office's language (office A: Polish)...
    assert list(
        UsageRecord.objects.filter(client=client).order_by("pk").values_list("description")
    ) == [
        ("Sala Wisła, 10.03.2027 10:00–12:00",),  # the hours are its quantity
        ("Coffee (Sala Wisła, 10.03.2027 10:00–12:00)",),
    ]
    # ... and written in the reader's language from what names it (UsageRecord.text).
    summary = summary_get(client_id=client.pk, period=dt.date(2027, 3, 1))
    assert [(line.description, line.net) for line in summary.lines] == [
        ("Sala Wisła, 10/03/2027 10:00–12:00", Decimal("100.00")),
        ("Coffee (Sala Wisła, 10/03/2027 10:00–12:00)", Decimal("18.00")),
    ]
    assert summary.net == Decimal("118.00")


def test_package_room_hours_are_consumed_first(room):
    client = on_package(biznes(limit_room_hours=2, over_room_hours=Decimal("40.00")))
    book(room, DAY, 10, 12, client=client)
    book(room, DAY, 13, 14, client=client)
    summary = summary_get(client_id=client.pk, period=dt.date(2027, 3, 1))
    lines = [(line.kind, line.quantity, line.unit_price, line.net) for line in summary.lines]
    assert lines[1:] == [
        ("service", Decimal("2.000"), Decimal("0.00"), Decimal("0.00")),
        ("service", Decimal("1.000"), Decimal("0.00"), Decimal("0.00")),
        ("overage", Decimal("1.000"), Decimal("40.00"), Decimal("40.00")),
    ]
    hours = [x for x in summary.limits if x.metric == "room_hours"]
    assert [(x.included, x.used, x.over) for x in hours] == [
        (2, Decimal("3.000"), Decimal("1.000"))
    ]


def test_move_corrects_the_usage_once(room):
    client = ClientFactory()
    booking = book(room, DAY, 10, 12, client=client)
    moved = services.booking_move(
        booking=booking, starts_at=at(DAY, 10), ends_at=at(DAY, 13), actor=None, staff=True
    )
    ref = f"booking:{booking.pk}"
    expected = [
        (ref, DAY, Decimal("2.000"), Decimal("50.00"), "hour", "", ""),
        (ref, DAY, Decimal("-2.000"), Decimal("50.00"), "hour", "", "Booking changed"),
        (ref, DAY, Decimal("3.000"), Decimal("50.00"), "hour", "", ""),
    ]
    assert _rows(client) == expected
    services._usage_sync(moved, actor=None, reason="again")
    assert _rows(client) == expected
    summary = summary_get(client_id=client.pk, period=dt.date(2027, 3, 1))
    assert summary.net == Decimal("150.00")


def test_move_to_another_month_bills_in_the_new_month(room):
    client = ClientFactory()
    booking = book(room, DAY, 10, 12, client=client)
    services.booking_move(
        booking=booking,
        starts_at=at(dt.date(2027, 4, 7), 10),
        ends_at=at(dt.date(2027, 4, 7), 12),
        actor=None,
        staff=True,
    )
    assert summary_get(client_id=client.pk, period=dt.date(2027, 3, 1)).net == Decimal("0.00")
    assert summary_get(client_id=client.pk, period=dt.date(2027, 4, 1)).net == Decimal("100.00")


def test_free_cancellation_reverses_everything(room, coffee):
    client = ClientFactory()
    booking = book(room, DAY, 10, 12, client=client, extras=[(coffee, 2)])
    services.booking_cancel(booking=booking, actor=None, staff=False)
    assert summary_get(client_id=client.pk, period=dt.date(2027, 3, 1)).net == Decimal("0.00")
    assert UsageRecord.objects.filter(client=client, quantity__lt=0).count() == 2
    assert set(
        UsageRecord.objects.filter(client=client, quantity__lt=0).values_list("reason", flat=True)
    ) == {"Booking cancelled"}


def test_late_cancellation_leaves_only_the_fee(room):
    client = ClientFactory()
    day = timezone.localdate() + dt.timedelta(days=2)
    booking = services.booking_create(
        room=room,
        starts_at=at(day, 10),
        ends_at=at(day, 12),
        client=client,
        guest={"name": "Jan"},
    )
    room.free_cancel_hours = 24 * 7
    room.save()
    cancelled = services.booking_cancel(
        booking=Booking.objects.get(pk=booking.pk), actor=None, staff=False
    )
    assert cancelled.cancel_fee == Decimal("50.00")
    fee = UsageRecord.objects.get(client=client, source_ref=f"booking:{booking.pk}:fee")
    assert (fee.quantity, fee.unit_price) == (Decimal("1.000"), Decimal("50.00"))
    period = day.replace(day=1)
    assert summary_get(client_id=client.pk, period=period).net == Decimal("50.00")


def test_visitor_and_tentative_bookings_record_no_usage(room):
    client = ClientFactory()
    book(room, DAY, 8, 9)
    tentative = book(room, DAY, 10, 11, client=client, tentative=True)
    assert UsageRecord.objects.count() == 0
    services.booking_approve(booking=tentative, actor=None)
    assert _rows(client) == [
        (f"booking:{tentative.pk}", DAY, Decimal("1.000"), Decimal("50.00"), "hour", "", "")
    ]


def test_inactive_extra_model_still_billed_at_booked_price(room, coffee):
    client = ClientFactory()
    booking = book(room, DAY, 10, 11, client=client, attendees=2, extras=[(coffee, 1)])
    Extra.objects.filter(pk=coffee.pk).update(price=Decimal("9.00"))
    services._usage_sync(booking, actor=None, reason="again")
    assert UsageRecord.objects.filter(client=client).count() == 2


def _late_cancel(room, client, *, hours=2, coffee=None):
    day = timezone.localdate() + dt.timedelta(days=2)
    booking = services.booking_create(
        room=room,
        starts_at=at(day, 10),
        ends_at=at(day, 10 + hours),
        client=client,
        guest={"name": "Jan"},
        attendees=2,
        extras=[(coffee, 1)] if coffee else (),
    )
    room.free_cancel_hours = 24 * 7
    room.save()
    booking = Booking.objects.get(pk=booking.pk)
    fee = services.cancellation_fee(booking)
    cancelled = services.booking_cancel(booking=booking, actor=None, staff=False)
    return fee, cancelled, day.replace(day=1)


def test_late_cancellation_of_package_hours_counts_their_share_as_used_hours(room, coffee):
    client = on_package(biznes(limit_room_hours=2, over_room_hours=Decimal("40.00")))
    fee, cancelled, period = _late_cancel(room, client, hours=3, coffee=coffee)
    # 50% of 3 hours, and of the extras (billed at their price): 2 x 6.00.
    assert (fee.hours, fee.amount) == (Decimal("1.500"), Decimal("6.00"))
    assert (cancelled.cancel_fee_hours, cancelled.cancel_fee) == (Decimal("1.500"), Decimal("6.00"))
    hours = UsageRecord.objects.get(client=client, source_ref=f"booking:{cancelled.pk}:fee:hours")
    assert (hours.quantity, hours.unit_price, hours.unit, hours.metric) == (
        Decimal("1.500"),
        Decimal("0.00"),
        "hour",
        "room_hours",
    )
    summary = summary_get(client_id=client.pk, period=period)
    used = [(x.included, x.used, x.over) for x in summary.limits if x.metric == "room_hours"]
    assert used == [(2, Decimal("1.500"), Decimal("0.000"))]
    # Within the included hours: only the extras' share is money.
    assert sum(x.net for x in summary.lines if x.kind != "package") == Decimal("6.00")


def test_late_cancellation_of_package_hours_over_the_limit_pays_the_overage_price(room):
    client = on_package(biznes(limit_room_hours=0, over_room_hours=Decimal("40.00")))
    fee, _cancelled, period = _late_cancel(room, client, hours=2)
    assert (fee.hours, fee.amount) == (Decimal("1.000"), Decimal("0"))
    summary = summary_get(client_id=client.pk, period=period)
    overage = [(x.kind, x.quantity, x.net) for x in summary.lines if x.kind == "overage"]
    assert overage == [("overage", Decimal("1.000"), Decimal("40.00"))]


def test_late_cancellation_under_a_package_pricing_no_room_hours_costs_nothing(room):
    client = on_package(biznes(limit_room_hours=0, over_room_hours=None))
    _fee, cancelled, period = _late_cancel(room, client, hours=2)
    assert (cancelled.cancel_fee_hours, cancelled.cancel_fee) == (Decimal("1.000"), Decimal("0"))
    summary = summary_get(client_id=client.pk, period=period)
    assert [x.kind for x in summary.lines if x.kind == "overage"] == []
    assert sum(x.net for x in summary.lines if x.kind != "package") == Decimal("0.00")


def test_waived_fee_of_package_hours_records_nothing(room):
    client = on_package(biznes(limit_room_hours=2, over_room_hours=Decimal("40.00")))
    day = timezone.localdate() + dt.timedelta(days=2)
    booking = services.booking_create(
        room=room, starts_at=at(day, 10), ends_at=at(day, 12), client=client, guest={"name": "J"}
    )
    room.free_cancel_hours = 24 * 7
    room.save()
    cancelled = services.booking_cancel(
        booking=Booking.objects.get(pk=booking.pk), actor=None, staff=True, waive_fee=True
    )
    assert (cancelled.cancel_fee_hours, cancelled.cancel_fee) == (Decimal("0"), Decimal("0"))
    assert not UsageRecord.objects.filter(source_ref__contains=":fee").exists()


def test_a_ten_hour_booking_reads_10_hours_and_a_half_hour_the_languages_decimal(room):
    """The hours of a booking: its quantity in hours since 2026-12-07 (10 and 1.5 at 50.00,
    "10 godz." / "1,5 godz." on the invoice); where a capped price keeps them in the text,
    "10" (not "1E+1", what Decimal.normalize() made of 10.000), the reader's language on
    the settlement."""
    client = ClientFactory()
    book(room, DAY, 8, 18, client=client)
    services.booking_create(
        room=room,
        starts_at=at(DAY, 18),
        ends_at=at(DAY, 19, 30),
        client=client,
        guest={"name": "Jan"},
    )
    assert list(
        UsageRecord.objects.filter(client=client)
        .order_by("pk")
        .values_list("description", "quantity", "unit", "unit_price")
    ) == [
        ("Sala Wisła, 10.03.2027 08:00–18:00", D("10.000"), "hour", D("50.00")),
        ("Sala Wisła, 10.03.2027 18:00–19:30", D("1.500"), "hour", D("50.00")),
    ]
    room.price_day = D("333.33")  # 33.33 an hour would bill 333.30: one piece
    room.save()
    capped = ClientFactory()
    book(room, DAY + dt.timedelta(days=1), 8, 18, client=capped)
    assert list(UsageRecord.objects.filter(client=capped).values_list("description")) == [
        ("Sala Wisła, 11.03.2027 08:00–18:00 (10 godz.)",)
    ]
    summary = summary_get(client_id=capped.pk, period=dt.date(2027, 3, 1))
    assert [line.description for line in summary.lines] == [
        "Sala Wisła, 11/03/2027 08:00–18:00 (10 h)"
    ]


def test_a_reversal_is_named_as_its_own_record_when_a_booking_and_an_extra_cost_the_same(room):
    """A one-hour booking at 6.00 and a coffee at 6.00 share date, price, unit and metric:
    each reversal is named as the record it reverses (it took the first one's name, so the
    coffee's reversal was "Sala ..." and neither cancelled out on the settlement)."""
    room.price_hour = Decimal("6.00")
    room.save()
    coffee = services.extra_save(
        actor=None, data={"name_pl": "Kawa", "price": Decimal("6.00"), "per_person": True}
    )
    client = ClientFactory()
    booking = book(room, DAY, 10, 11, client=client, attendees=1, extras=[(coffee, 1)])
    services.booking_cancel(booking=booking, actor=None, staff=False)
    records = [
        (r.source_ref, r.quantity, r.description)
        for r in UsageRecord.objects.filter(client=client).order_by("source_ref", "pk")
    ]
    room_text = "Sala Wisła, 10.03.2027 10:00–11:00"  # 1 hour: its quantity
    coffee_text = "Kawa (Sala Wisła, 10.03.2027 10:00–11:00)"
    assert records == [
        (f"booking:{booking.pk}", Decimal("1.000"), room_text),
        (f"booking:{booking.pk}", Decimal("-1.000"), room_text),
        (f"booking:{booking.pk}:extra:{coffee.pk}", Decimal("1.000"), coffee_text),
        (f"booking:{booking.pk}:extra:{coffee.pk}", Decimal("-1.000"), coffee_text),
    ]
    summary = summary_get(client_id=client.pk, period=dt.date(2027, 3, 1))
    assert [(line.description, line.cancelled) for line in summary.shown_lines] == [
        ("Sala Wisła, 10/03/2027 10:00–11:00", True),
        ("Kawa (Sala Wisła, 10/03/2027 10:00–11:00)", True),
    ]


def test_a_capped_price_the_hours_do_not_divide_stays_one_piece_with_its_hours(room):
    """7 hours capped at the day price of 300.00: 42.86 an hour would bill 300.02."""
    room.price_day = Decimal("300.00")
    room.save()
    client = ClientFactory()
    booking = book(room, DAY, 9, 16, client=client)
    assert _rows(client) == [
        (f"booking:{booking.pk}", DAY, Decimal("1.000"), Decimal("300.00"), "piece", "", "")
    ]
    record = UsageRecord.objects.get(client=client)
    assert record.description == "Sala Wisła, 10.03.2027 09:00–16:00 (7 godz.)"


def test_a_booking_recorded_as_one_piece_before_stays_so_when_synced_again(room, coffee):
    """Old lines unchanged: a booking recorded before 2026-12-07 (1 piece at 100.00, its
    hours in the text) is not reversed and recorded again in hours when it is written."""
    client = ClientFactory()
    booking = book(room, DAY, 10, 12, client=client)
    ref = f"booking:{booking.pk}"
    UsageRecord.objects.filter(source_ref=ref).update(
        quantity=Decimal("1"), unit_price=Decimal("100.00"), unit="piece"
    )
    services._usage_sync(booking, actor=None, reason="again")
    assert _rows(client) == [(ref, DAY, Decimal("1.000"), Decimal("100.00"), "piece", "", "")]
    # a real change still reverses what was recorded and records the booking in hours
    moved = services.booking_move(
        booking=booking, starts_at=at(DAY, 10), ends_at=at(DAY, 13), actor=None, staff=True
    )
    services._usage_sync(moved, actor=None, reason="again")
    assert _rows(client) == [
        (ref, DAY, Decimal("1.000"), Decimal("100.00"), "piece", "", ""),
        (ref, DAY, Decimal("-1.000"), Decimal("100.00"), "piece", "", "Booking changed"),
        (ref, DAY, Decimal("3.000"), Decimal("50.00"), "hour", "", ""),
    ]
