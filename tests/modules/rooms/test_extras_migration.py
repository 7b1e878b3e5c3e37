"""Migration rooms 0008: per-person extras stored before they were ordered yes/no, with the
people typed as their quantity (4 people, "4": 16 coffees billed), are corrected to one per
person where nothing frozen depends on them; the rest keep what they were billed."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from modules.audit.models import AuditEntry
from modules.billing.models import UsageRecord
from modules.billing.periods import month_start
from modules.billing.services import period_close
from modules.rooms import services
from modules.rooms.models import Booking, BookingExtra
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import book, next_weekday, open_every_day, room_make

D = Decimal
migration = importlib.import_module("modules.rooms.migrations.0008_extras_double_counted")


def _extras():
    coffee = services.extra_save(
        actor=None, data={"name_pl": "Kawa i woda", "price": D("12.00"), "per_person": True}
    )
    beamer = services.extra_save(
        actor=None, data={"name_pl": "Projektor", "price": D("40.00"), "per_person": False}
    )
    return coffee, beamer


def _old(booking, coffee, quantity=4):
    """The booking as the old form stored it: the coffee's quantity typed (people x it
    billed), its usage recorded at that count."""
    people = booking.attendees
    price = D("12.00") * quantity * people
    BookingExtra.objects.filter(booking=booking, extra=coffee).update(
        quantity=quantity, price=price
    )
    others = sum(
        (x.price for x in BookingExtra.objects.filter(booking=booking).exclude(extra=coffee)),
        D("0"),
    )
    Booking.objects.filter(pk=booking.pk).update(extras_price=price + others)
    UsageRecord.objects.filter(source_ref=f"booking:{booking.pk}:extra:{coffee.pk}").update(
        quantity=quantity * people
    )


def _state(booking, coffee):
    booking.refresh_from_db()
    line = BookingExtra.objects.get(booking=booking, extra=coffee)
    usage = sorted(
        (r.quantity, r.unit_price, r.reason != "")
        for r in UsageRecord.objects.filter(source_ref=f"booking:{booking.pk}:extra:{coffee.pk}")
    )
    return line.quantity, line.price, booking.extras_price, usage


@pytest.mark.usefixtures("in_office_a")
def test_a_confirmed_client_booking_in_an_open_month_is_corrected_with_a_usage_correction():
    open_every_day()
    room = room_make()
    coffee, beamer = _extras()
    client = ClientFactory()
    booking = book(
        room, next_weekday(), 10, 12, client=client, attendees=4, extras=[(coffee, 1), (beamer, 2)]
    )
    _old(booking, coffee)
    assert _state(booking, coffee) == (
        4,
        D("192.00"),
        D("272.00"),
        [(D("16.000"), D("12.00"), False)],
    )

    migration.extras_corrected(apps, None)

    assert _state(booking, coffee) == (
        1,
        D("48.00"),
        D("128.00"),  # 4 x 12.00 + 2 x 40.00
        [(D("-12.000"), D("12.00"), True), (D("16.000"), D("12.00"), False)],
    )
    entry = AuditEntry.objects.get(action="rooms.extras_corrected")
    assert entry.target_id == str(booking.pk)
    assert entry.changes["quantity"] == [16, 4]
    assert entry.changes["price"] == ["192.00", "48.00"]
    # the booking's own sync now finds the usage in step: a second run changes nothing
    before = UsageRecord.objects.count()
    migration.extras_corrected(apps, None)
    services.booking_move(
        booking=Booking.objects.get(pk=booking.pk),
        room=room,
        starts_at=booking.starts_at + dt.timedelta(hours=1),
        ends_at=booking.ends_at + dt.timedelta(hours=1),
        actor=None,
        staff=True,
    )
    coffee_usage = UsageRecord.objects.filter(source_ref=f"booking:{booking.pk}:extra:{coffee.pk}")
    assert sum(r.quantity for r in coffee_usage) == D("4")
    assert UsageRecord.objects.count() == before  # in step: nothing reversed, nothing added


@pytest.mark.usefixtures("in_office_a")
def test_what_the_migration_leaves_as_billed():
    open_every_day()
    room = room_make()
    coffee, _beamer = _extras()
    client = ClientFactory()
    day = next_weekday()
    # 2 for 4 people: maybe two rounds a person under the old form
    two = book(room, day, 8, 9, client=client, attendees=4, extras=[(coffee, 1)])
    _old(two, coffee, quantity=2)
    # its usage in a month closed for the client: frozen, maybe invoiced
    closed = book(room, day, 10, 11, client=client, attendees=3, extras=[(coffee, 1)])
    _old(closed, coffee, quantity=3)
    last_month = month_start(dt.date.today().replace(day=1) - dt.timedelta(days=1))
    UsageRecord.objects.filter(source_ref__startswith=f"booking:{closed.pk}").update(
        period=last_month
    )
    period_close(client=client, period=last_month, actor=None)
    # cancelled: its fee came from the old total
    cancelled = book(room, day, 12, 13, client=client, attendees=2, extras=[(coffee, 1)])
    _old(cancelled, coffee, quantity=2)
    Booking.objects.filter(pk=cancelled.pk).update(status="cancelled")
    states = [_state(b, coffee) for b in (two, closed, cancelled)]

    migration.extras_corrected(apps, None)

    assert [_state(b, coffee) for b in (two, closed, cancelled)] == states
    assert states[1][:3] == (3, D("108.00"), D("108.00"))
    assert not AuditEntry.objects.filter(action="rooms.extras_corrected").exists()


@pytest.mark.usefixtures("in_office_a")
def test_a_visitors_coming_booking_is_corrected_without_usage():
    open_every_day()
    room = room_make()
    coffee, _beamer = _extras()
    booking = book(room, next_weekday(), 10, 12, attendees=5, extras=[(coffee, 1)])
    _old(booking, coffee, quantity=5)
    assert _state(booking, coffee) == (5, D("300.00"), D("300.00"), [])

    migration.extras_corrected(apps, None)

    assert _state(booking, coffee) == (1, D("60.00"), D("60.00"), [])
