import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.rooms import rules, services
from modules.rooms.models import Booking, BookingExtra, Extra
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import at, book, next_weekday, open_every_day, room_make

pytestmark = pytest.mark.usefixtures("in_office_a")


@pytest.fixture
def room():
    open_every_day()
    return room_make()


def test_booking_stored_in_utc_and_shown_in_office_zone(room):
    day = dt.date(2027, 7, 7)
    booking = book(room, day, 10, 12)
    booking.refresh_from_db()
    assert booking.starts_at == dt.datetime(2027, 7, 7, 8, 0, tzinfo=dt.UTC)
    assert rules.local(booking.starts_at).strftime("%H:%M %Z") == "10:00 CEST"
    assert booking.price == Decimal("100.00")
    assert booking.status == Booking.Status.CONFIRMED


def test_overlap_refused_with_rule_and_free_times(room):
    day = next_weekday()
    book(room, day, 10, 12)
    with pytest.raises(ApplicationError) as exc:
        book(room, day, 11, 13)
    assert exc.value.code == "overlap"
    assert exc.value.message == (
        "The room is already booked at this time. "
        "Free instead: 08:00–10:00, 12:00–14:00, 12:30–14:30, 13:00–15:00."
    )
    assert Booking.objects.count() == 1


def test_buffer_keeps_bookings_apart(room):
    room = services.room_save(actor=None, room=room, data={"buffer_minutes": 30})
    day = next_weekday()
    book(room, day, 10, 11)
    with pytest.raises(ApplicationError) as exc:
        book(room, day, 11, 12)
    assert exc.value.code == "overlap"
    second = book(room, day, 12, 13)
    assert second.blocked_until == at(day, 13, 30)
    with pytest.raises(ApplicationError):
        book(room, day, 9, 10)  # ends where the first starts, but its own buffer reaches it


def test_database_refuses_overlap_whatever_the_code_checks(room):
    day = next_weekday()
    first = book(room, day, 10, 12)
    clash = Booking(
        room=room,
        guest_name="X",
        starts_at=at(day, 11),
        ends_at=at(day, 13),
        blocked_until=at(day, 13),
        source="staff",
    )
    with pytest.raises(IntegrityError, match="rooms_booking_no_overlap"), transaction.atomic():
        clash.save()
    services.booking_cancel(booking=first, actor=None, staff=True)
    clash.save()  # a cancelled booking no longer blocks
    assert Booking.objects.filter(status__in=["confirmed"]).count() == 1


@pytest.mark.parametrize(
    ("start", "end", "rule", "message"),
    [
        (7, 9, "hours", "The rooms are open from 08:00 to 20:00 that day."),
        (19, 21, "hours", "The rooms are open from 08:00 to 20:00 that day."),
        (10, 10.25, "duration", "A booking of this room lasts from 30 to 600 minutes."),
        (10.25, 11.25, "slot", "Bookings start and end on the 30-minute grid."),
    ],
)
def test_rules_refuse_with_which_rule(room, start, end, rule, message):
    day = next_weekday()
    s = at(day, int(start), int(start % 1 * 60))
    e = at(day, int(end), int(end % 1 * 60))
    with pytest.raises(ApplicationError) as exc:
        services.booking_create(room=room, starts_at=s, ends_at=e, guest={"name": "A"})
    assert exc.value.code == rule
    assert exc.value.message.startswith(message)
    assert "Free instead: 08:00–" in exc.value.message or rule == "duration"
    assert Booking.objects.count() == 0


def test_notice_and_horizon(room):
    room = services.room_save(
        actor=None, room=room, data={"notice_minutes": 24 * 60 * 3, "horizon_days": 20}
    )
    soon = rules.local(timezone.now()).date() + dt.timedelta(days=1)
    with pytest.raises(ApplicationError) as exc:
        book(room, soon, 10, 11, source="portal")
    assert exc.value.code == "notice"
    assert exc.value.message.startswith("Book at least 4320 minutes ahead.")
    book(room, soon, 10, 11)  # the office may book a walk-in
    far = soon + dt.timedelta(days=40)
    with pytest.raises(ApplicationError) as exc:
        book(room, far, 10, 11, source="portal")
    assert exc.value.code == "horizon"
    assert exc.value.message == "This room can be booked at most 20 days ahead."


def test_public_holiday_and_own_closure(room):
    services.settings_update(actor=None, data={"public_holidays": "PL"})
    with pytest.raises(ApplicationError) as exc:
        book(room, dt.date(2027, 11, 11), 10, 11)
    assert exc.value.code == "closed"
    assert exc.value.message == (
        "The rooms are closed that day (National Independence Day). "
        "Nothing of this length is free that day."
    )
    with translation.override("pl"), pytest.raises(ApplicationError) as exc:
        book(room, dt.date(2027, 11, 11), 10, 11)
    assert "(Narodowe Święto Niepodległości)" in exc.value.message
    day = next_weekday()
    services.closure_add(actor=None, date_from=day, date_to=day, reason="Malowanie")
    with pytest.raises(ApplicationError) as exc:
        book(room, day, 10, 11)
    assert exc.value.message.startswith("The rooms are closed that day (Malowanie).")


def test_closed_weekday(room):
    services.opening_hours_set(actor=None, hours={6: None})
    with pytest.raises(ApplicationError) as exc:
        book(room, next_weekday(6), 10, 11)
    assert exc.value.code == "hours"


def test_prices_half_day_day_public_and_extras(room):
    room = services.room_save(
        actor=None,
        room=room,
        data={
            "price_half_day": Decimal("150"),
            "price_day": Decimal("250"),
            "public_price_hour": Decimal("80"),
        },
    )
    assert services.booking_price(room, 60) == Decimal("50.00")
    assert services.booking_price(room, 240) == Decimal("150.00")
    assert services.booking_price(room, 300) == Decimal("250.00")
    assert services.booking_price(room, 90, public=True) == Decimal("120.00")
    coffee = services.extra_save(
        actor=None,
        data={"name_pl": "Kawa", "price": Decimal("12"), "per_person": True, "active": True},
    )
    beamer = services.extra_save(
        actor=None,
        data={"name_pl": "Projektor", "price": Decimal("40"), "per_person": False, "active": True},
    )
    booking = book(room, next_weekday(), 10, 12, attendees=5, extras=[(coffee, 1), (beamer, 1)])
    assert booking.extras_price == Decimal("100.00")
    assert sorted(BookingExtra.objects.filter(booking=booking).values_list("price", flat=True)) == [
        Decimal("40.00"),
        Decimal("60.00"),
    ]
    services.extra_save(actor=None, extra=beamer, data={"active": False})
    with pytest.raises(ApplicationError) as exc:
        book(room, next_weekday(), 14, 15, extras=[(Extra.objects.get(pk=beamer.pk), 1)])
    assert exc.value.message == "Projektor cannot be ordered now."


def test_capacity(room):
    with pytest.raises(ApplicationError) as exc:
        book(room, next_weekday(), 10, 11, attendees=11)
    assert exc.value.message == "This room holds at most 10 people."


@pytest.mark.parametrize(
    ("language", "capacity", "message"),
    [
        ("pl", 1, "Ta sala mieści najwyżej 1 osobę."),
        ("pl", 2, "Ta sala mieści najwyżej 2 osoby."),
        ("pl", 5, "Ta sala mieści najwyżej 5 osób."),
        ("pl", 12, "Ta sala mieści najwyżej 12 osób."),
        ("pl", 22, "Ta sala mieści najwyżej 22 osoby."),
        ("sk", 1, "Táto miestnosť pojme najviac 1 osobu."),
        ("sk", 3, "Táto miestnosť pojme najviac 3 osoby."),
        ("sk", 5, "Táto miestnosť pojme najviac 5 osôb."),
        ("en", 1, "This room holds at most 1 person."),
    ],
)
def test_capacity_refusal_says_the_number_with_its_plural(language, capacity, message):
    from django.utils import translation

    open_every_day()
    room = room_make(capacity=capacity)
    with translation.override(language), pytest.raises(ApplicationError) as exc:
        book(room, next_weekday(), 10, 11, attendees=capacity + 1)
    assert (exc.value.message, exc.value.code) == (message, "capacity")


def test_cancel_policy_free_then_fee():
    open_every_day()
    room = room_make(free_cancel_hours=48)
    later = book(room, next_weekday(weeks=2), 10, 12)
    cancelled = services.booking_cancel(booking=later, actor=None, staff=False)
    assert (cancelled.status, cancelled.cancel_fee) == ("cancelled", Decimal("0"))
    soon_day = rules.local(timezone.now()).date() + dt.timedelta(days=1)
    soon = book(room, soon_day, 10, 12)
    cancelled = services.booking_cancel(booking=soon, actor=None, staff=False)
    assert cancelled.cancel_fee == Decimal("50.00")
    with pytest.raises(ApplicationError) as exc:
        services.booking_cancel(booking=soon, actor=None, staff=False)
    assert exc.value.code == "inactive"


def test_move_keeps_rules_and_audits(room):
    day = next_weekday()
    a = book(room, day, 10, 11)
    book(room, day, 12, 13)
    with pytest.raises(ApplicationError) as exc:
        services.booking_move(
            booking=a, starts_at=at(day, 12), ends_at=at(day, 13), actor=None, staff=True
        )
    assert exc.value.code == "overlap"
    moved = services.booking_move(
        booking=a, starts_at=at(day, 10, 30), ends_at=at(day, 12), actor=None, staff=True
    )
    assert (moved.starts_at, moved.price) == (at(day, 10, 30), Decimal("75.00"))
    entry = AuditEntry.objects.filter(action="rooms.booking_moved").get()
    assert sorted(entry.changes) == ["ends_at", "starts_at"]


def test_tentative_released_when_not_approved(room):
    services.settings_update(actor=None, data={"approval_hours": 2})
    day = next_weekday()
    waiting = book(room, day, 10, 11, tentative=True)
    approved = book(room, day, 12, 13, tentative=True)
    services.booking_approve(booking=approved, actor=None)
    assert services.bookings_release_expired(now=timezone.now() + dt.timedelta(hours=3)) == 1
    assert services.bookings_release_expired(now=timezone.now() + dt.timedelta(hours=3)) == 0
    waiting.refresh_from_db()
    approved.refresh_from_db()
    assert (waiting.status, approved.status) == ("released", "confirmed")
    book(room, day, 10, 11)  # the slot is free again


def test_client_booking(room):
    client = ClientFactory(name="Acme")
    booking = book(room, next_weekday(), 10, 11, client=client, guest=None, source="portal")
    assert booking.who == "Acme"


def test_opening_hours_changes_name_their_object_in_the_audit_log(in_office_a):
    """ "Room opening hours changed" had an empty Object column: the rooms settings are it,
    named in the reader's language."""
    from common.audit import audit_target_label

    services.opening_hours_set(actor=None, hours={6: (dt.time(9), dt.time(12))})
    entry = AuditEntry.objects.filter(action="rooms.hours_changed").latest("pk")
    assert entry.target_type == "rooms.roomsettings"
    with translation.override("pl"):
        assert audit_target_label(entry) == "Ustawienia sal"
    with translation.override("en"):
        assert audit_target_label(entry) == "Rooms settings"
