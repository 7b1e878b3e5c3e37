"""Every write of the rooms module: settings, rooms, opening hours, closures, extras, and
bookings (made, moved, cancelled, approved, released)."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common import singletons
from common.audit import audit_diff, audit_value
from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.billing import selectors as billing_selectors
from modules.billing import services as billing_services
from modules.rooms import rules, selectors
from modules.rooms.events import (
    APPROVAL_NEEDED,
    APPROVED,
    CANCELLED,
    CHANGED,
    CONFIRMED,
    REFUSED,
    REMINDER,
    REQUESTED,
)
from modules.rooms.messages import booking_notify
from modules.rooms.models import (
    ACTIVE_Q,
    Booking,
    BookingExtra,
    CalendarFeed,
    Closure,
    Extra,
    OpeningHours,
    Room,
    RoomPhoto,
    RoomSettings,
    hours_plain,
)

SETTINGS_FIELDS = (
    "public_holidays",
    "public_booking",
    "approval_required",
    "approval_hours",
    "reminder_hours",
    "terms",
)
ROOM_FIELDS = (
    "name",
    "capacity",
    "description_pl",
    "description_sk",
    "description_en",
    "amenities",
    "active",
    "colour",
    "slot_minutes",
    "min_minutes",
    "max_minutes",
    "buffer_minutes",
    "notice_minutes",
    "horizon_days",
    "price_hour",
    "price_half_day",
    "price_day",
    "public_price_hour",
    "free_cancel_hours",
    "cancel_fee_percent",
)
EXTRA_FIELDS = ("name", "price", "per_person", "active")
CENT = Decimal("0.01")
HOURS = Decimal("0.001")  # billing counts room hours to a thousandth
# Hooks other code registers to learn of booking changes (notifications, settlements):
# called on commit with (event, booking).
_listeners: list[Callable[[str, Booking], None]] = []


def booking_listener_register(listener: Callable[[str, Booking], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def _announce(event: str, booking: Booking) -> None:
    for listener in _listeners:
        transaction.on_commit(lambda listener=listener: listener(event, booking))


# --- settings, rooms, hours, closures, extras --------------------------------------------


def settings_get() -> RoomSettings:
    return singletons.settings_get(RoomSettings)


def settings_update(*, actor, data: dict) -> RoomSettings:
    row, _changes = singletons.settings_update(
        RoomSettings,
        actor=actor,
        data={k: v for k, v in data.items() if v is not None},
        fields=SETTINGS_FIELDS,
        action="rooms.settings_changed",
    )
    return row


@transaction.atomic
def room_save(*, actor, data: dict, room: Room | None = None) -> Room:
    creating = room is None
    # Re-read under a lock: a ModelForm has already copied its input onto the instance given.
    room = Room.objects.select_for_update().get(pk=room.pk) if room else Room()
    changes = audit_diff(room, data, ROOM_FIELDS)
    room.full_clean()
    if creating or changes:
        room.save()
        audit_record(
            action="rooms.room_created" if creating else "rooms.room_changed",
            actor=actor,
            target=room,
            changes=changes,
        )
    return room


@transaction.atomic
def extra_save(*, actor, data: dict, extra: Extra | None = None) -> Extra:
    creating = extra is None
    extra = Extra.objects.select_for_update().get(pk=extra.pk) if extra else Extra()
    changes = audit_diff(extra, data, EXTRA_FIELDS)
    extra.full_clean()
    if creating or changes:
        extra.save()
        audit_record(
            action="rooms.extra_created" if creating else "rooms.extra_changed",
            actor=actor,
            target=extra,
            changes=changes,
        )
    return extra


@transaction.atomic
def opening_hours_set(*, actor, hours: dict[int, tuple[dt.time, dt.time] | None]) -> None:
    """Replace the opening hours of the given weekdays (None: closed that day)."""
    changes = {}
    current = {row.weekday: row for row in OpeningHours.objects.select_for_update()}
    for weekday, span in sorted(hours.items()):
        row = current.get(weekday)
        old = [audit_value(row.opens), audit_value(row.closes)] if row else None
        if span is None:
            if row:
                row.delete()
                changes[str(weekday)] = [old, None]
            continue
        opens, closes = span
        if opens >= closes:
            raise ApplicationError(_("A day must close after it opens."), code="invalid")
        if row is None:
            row = OpeningHours(weekday=weekday, opens=opens, closes=closes)
        elif (row.opens, row.closes) == (opens, closes):
            continue
        row.opens, row.closes = opens, closes
        row.full_clean()
        row.save()
        changes[str(weekday)] = [old, [audit_value(opens), audit_value(closes)]]
    if changes:
        audit_record(action="rooms.hours_changed", actor=actor, changes=changes)


@transaction.atomic
def closure_add(
    *, actor, date_from: dt.date, date_to: dt.date, reason: str, room: Room | None = None
) -> Closure:
    closure = Closure(room=room, date_from=date_from, date_to=date_to, reason=reason.strip())
    closure.full_clean()
    closure.save()
    audit_record(
        action="rooms.closure_added",
        actor=actor,
        target=closure,
        changes={"date_from": str(date_from), "date_to": str(date_to), "reason": closure.reason},
    )
    return closure


@transaction.atomic
def closure_remove(*, actor, closure: Closure) -> None:
    audit_record(
        action="rooms.closure_removed",
        actor=actor,
        target=closure,
        changes={"date_from": str(closure.date_from), "date_to": str(closure.date_to)},
    )
    closure.delete()


# --- prices -------------------------------------------------------------------------------


def booking_price(room: Room, minutes: int, *, public: bool = False) -> Decimal:
    """Hourly, capped by the half-day price (up to 4 hours) and the day price."""
    rate = (
        room.public_price_hour if public and room.public_price_hour is not None else room.price_hour
    )
    price = rate * Decimal(minutes) / Decimal(60)
    if not public:
        if room.price_half_day is not None and minutes <= 240:
            price = min(price, room.price_half_day)
        if room.price_day is not None:
            price = min(price, room.price_day)
    return price.quantize(CENT, rounding=ROUND_HALF_UP)


def extra_ordered(extra: Extra, quantity: int) -> int:
    """The quantity stored for an ordered extra: a per-item extra's own; a per-person extra is
    ordered or not (1 or 0): it is served to every person of the booking (extra_count), so a
    quantity typed for it must not multiply the people again (4 x 4 people billed 16)."""
    if quantity <= 0:
        return 0
    return 1 if extra.per_person else quantity


def extra_count(extra: Extra, quantity: int, attendees: int) -> int:
    """How many of an extra a booking is billed (the one rule: the booking's price, its
    usage for the settlements, the lists and the e-mails): a per-item extra its quantity, a
    per-person extra one for each person of the booking. Lines stored before per-person
    extras were ordered yes/no keep what they were billed (their quantity x people)."""
    return quantity * (attendees if extra.per_person else 1)


def extras_lines(extras: Iterable[tuple[Extra, int]], attendees: int) -> list[BookingExtra]:
    lines = []
    for extra, asked in extras:
        quantity = extra_ordered(extra, asked)
        if not quantity:
            continue
        if not extra.active:
            raise ApplicationError(
                _("%(extra)s cannot be ordered now.") % {"extra": extra.name}, code="extra"
            )
        count = extra_count(extra, quantity, attendees)
        lines.append(BookingExtra(extra=extra, quantity=quantity, price=extra.price * count))
    return lines


@dataclass(frozen=True)
class CancellationFee:
    """What cancelling a booking costs: `amount` in the office's currency and `hours`, room
    hours counted as used under the client's package (a booking billed as package hours)."""

    amount: Decimal = Decimal("0")
    hours: Decimal = Decimal("0")

    def __bool__(self) -> bool:
        return bool(self.amount or self.hours)

    @property
    def hours_shown(self) -> Decimal:
        return hours_plain(self.hours)


def booking_hours(booking: Booking) -> Decimal:
    return (Decimal((booking.ends_at - booking.starts_at).total_seconds()) / 3600).quantize(HOURS)


def cancellation_fee(booking: Booking, *, now: dt.datetime | None = None) -> CancellationFee:
    """The room's policy: free until `free_cancel_hours` before the start, then
    `cancel_fee_percent` of what the booking is billed at. A booking billed as package hours
    (selectors.booking_package_hours) is billed in hours, not at the room's price, so its fee
    is that share of its hours, recorded as used room hours at 0.00 exactly like the booking
    (_usage_wanted): billing counts them against the package's included hours and prices
    those over them at the package's over-the-limit price (nothing when it has none). Billing
    counts parts of an hour (0.001), so the share needs no rounding to whole hours. Its
    extras are billed at their own price, so their share stays money."""
    now = now or timezone.now()
    free_until = booking.starts_at - dt.timedelta(hours=booking.room.free_cancel_hours)
    if now <= free_until:
        return CancellationFee()
    share = Decimal(booking.room.cancel_fee_percent) / Decimal(100)
    if selectors.booking_package_hours(booking) is not None:
        return CancellationFee(
            amount=(booking.extras_price * share).quantize(CENT, rounding=ROUND_HALF_UP),
            hours=(booking_hours(booking) * share).quantize(HOURS, rounding=ROUND_HALF_UP),
        )
    return CancellationFee(amount=(booking.total * share).quantize(CENT, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class FeeHoursCost:
    """What a fee in package hours really costs given the month's hours used so far: the
    hours still within the included ones, those over them and their price (None: the
    package prices none)."""

    within: Decimal = Decimal("0")
    over: Decimal = Decimal("0")
    over_amount: Decimal | None = None


def cancellation_fee_hours_cost(booking: Booking, hours: Decimal) -> FeeHoursCost:
    """The fee's `hours` against the client's package in the booking's month: billing
    prices the month's hours over the included ones at the overage price, so a client who
    has used them up pays for every hour of the fee. The booking's own hours leave the count
    when it is cancelled (its usage is reversed), so they are taken off what is used now
    while it is confirmed; once cancelled, the fee's own hours are (they are recorded)."""
    if not hours or booking.client_id is None:
        return FeeHoursCost(within=hours)
    use = selectors.package_use(
        client_id=booking.client_id, day=rules.local(booking.starts_at).date()
    )
    if use is None:
        return FeeHoursCost(within=hours)
    own = Decimal(0)
    if booking.status == Booking.Status.CONFIRMED:
        own = booking_hours(booking)
    elif booking.status == Booking.Status.CANCELLED:
        own = booking.cancel_fee_hours
    over = use.over_of(hours, before=max(use.used - own, Decimal(0)))
    amount = None
    if over and use.over_price is not None:
        amount = (over * use.over_price).quantize(CENT, rounding=ROUND_HALF_UP)
    return FeeHoursCost(within=hours - over, over=over, over_amount=amount)


# --- usage for the settlements ------------------------------------------------------------

USAGE_SOURCE = "rooms"


def _usage_wanted(booking: Booking) -> dict[str, tuple[dt.date, Decimal, Decimal, str, str, str]]:
    """What a booking should have recorded for the settlements, per source_ref:
    (date, quantity, unit price, unit, metric, description). Only clients' bookings are
    billed here (visitors pay the office directly). A confirmed booking: its time - as room
    hours at 0.00 when the client's package includes room hours (the package's limit and
    overage price in the settlement price them: package hours first), else once at the
    booking's price - and each extra. A cancelled one: only its fee, if any. Tentative and
    released ones: nothing."""
    if booking.client_id is None:
        return {}
    ref = f"booking:{booking.pk}"
    start, end = rules.local(booking.starts_at), rules.local(booking.ends_at)
    day = start.date()
    with translation.override(getattr(connection.tenant, "language", None) or "pl"):
        label = f"{booking.room.name}, {day.isoformat()} {start:%H:%M}–{end:%H:%M}"
        wanted = {}
        if booking.status == Booking.Status.CONFIRMED:
            hours = booking_hours(booking)
            if selectors.booking_package_hours(booking) is not None:
                wanted[ref] = (day, hours, Decimal("0.00"), "hour", "room_hours", label)
            else:
                described = _("%(booking)s (%(hours)s h)") % {
                    "booking": label,
                    "hours": hours.normalize(),
                }
                wanted[ref] = (day, Decimal(1), booking.price, "piece", "", described)
            for line in booking.extras.select_related("extra").order_by("pk"):
                count = extra_count(line.extra, line.quantity, booking.attendees)
                wanted[f"{ref}:extra:{line.extra_id}"] = (
                    day,
                    Decimal(count),
                    (line.price / count).quantize(CENT, rounding=ROUND_HALF_UP),
                    "piece",
                    "",
                    f"{line.extra.name} ({label})",
                )
        elif booking.status == Booking.Status.CANCELLED:
            described = _("Cancellation fee: %(booking)s") % {"booking": label}
            if booking.cancel_fee:
                wanted[f"{ref}:fee"] = (day, Decimal(1), booking.cancel_fee, "piece", "", described)
            if booking.cancel_fee_hours:
                # Counted as used package hours, like the booking would have been.
                wanted[f"{ref}:fee:hours"] = (
                    day,
                    booking.cancel_fee_hours,
                    Decimal("0.00"),
                    "hour",
                    "room_hours",
                    described,
                )
    return wanted


def _usage_sync(booking: Booking, *, actor, reason: str) -> None:
    """Keep the settlements' usage in step with the booking (same transaction): one usage per
    booking (and extra, and fee), corrected when it moves or is cancelled. Idempotent: what
    is recorded under the booking's refs is compared with what should be, and a difference
    is reversed (negative quantities with the reason, in the month of what they reverse, or
    the next open one) and recorded anew."""
    if booking.client_id is None:
        return
    wanted = _usage_wanted(booking)
    have: dict[str, dict[tuple, Decimal]] = {}
    descriptions: dict[tuple, str] = {}
    for record in billing_selectors.usage_source_list(
        source=USAGE_SOURCE, ref=f"booking:{booking.pk}"
    ):
        key = (record.date, record.unit_price, record.unit, record.metric)
        state = have.setdefault(record.source_ref, {})
        state[key] = state.get(key, Decimal(0)) + record.quantity
        descriptions.setdefault(key, record.description)
    for ref in sorted(set(wanted) | set(have)):
        current = {k: q for k, q in have.get(ref, {}).items() if q}
        target = {}
        if ref in wanted:
            day, quantity, price, unit, metric, _description = wanted[ref]
            target = {(day, price, unit, metric): quantity}
        if current == target:
            continue
        for (day, price, unit, metric), quantity in current.items():
            billing_services.usage_record(
                client=booking.client,
                date=day,
                quantity=-quantity,
                unit_price=price,
                unit=unit,
                metric=metric,
                description=descriptions[(day, price, unit, metric)],
                reason=reason,
                source=USAGE_SOURCE,
                source_ref=ref,
                actor=_user(actor),
            )
        if ref in wanted:
            day, quantity, price, unit, metric, description = wanted[ref]
            billing_services.usage_record(
                client=booking.client,
                date=day,
                quantity=quantity,
                unit_price=price,
                unit=unit,
                metric=metric,
                description=description,
                source=USAGE_SOURCE,
                source_ref=ref,
                actor=_user(actor),
            )


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


# --- bookings -----------------------------------------------------------------------------

RETRIES = 4


def _rooms_lock(*room_ids: int) -> None:
    """Bookings of one room take turns (row lock on the room, in pk order). Without it two
    overlapping inserts each wait for the other's uncommitted row while checking the
    exclusion constraint, and PostgreSQL breaks the deadlock by failing one: measured in the
    50-way race test. The constraint stays the guarantee; this makes losers fail cleanly."""
    list(Room.objects.select_for_update().filter(pk__in=sorted(set(room_ids))).values_list("pk"))


class _Overlap(Exception):
    """The exclusion constraint refused the row (a concurrent booking won)."""


def _retrying(
    write: Callable[[], Booking], *, on_overlap: Callable[[], ApplicationError]
) -> Booking:
    """Run `write` in a savepoint; a deadlock or serialization failure is retried (the
    exclusion constraint settles real conflicts, which are not retried). The refusal for an
    overlap is worded after the savepoint is rolled back: the failed one accepts no query."""
    for attempt in range(RETRIES):
        try:
            with transaction.atomic():
                return write()
        except _Overlap as exc:
            raise on_overlap() from exc
        except OperationalError as exc:
            code = getattr(getattr(exc, "__cause__", None), "sqlstate", None)
            if code not in {"40001", "40P01"} or attempt == RETRIES - 1:
                raise
            time.sleep(random.uniform(0.005, 0.03) * (attempt + 1))
    raise AssertionError("unreachable")


def _refuse_overlap(room: Room, start: dt.datetime, end: dt.datetime, exclude=None):
    settings = settings_get()
    day = rules.local(start).date()
    minutes = int((end - start).total_seconds() // 60)
    hint = rules.suggestion(room, day, minutes, settings=settings, exclude_booking=exclude)
    return ApplicationError(
        _("The room is already booked at this time.") + " " + hint, code="overlap"
    )


def _check(room, start, end, *, staff, exclude=None) -> None:
    refusal = rules.booking_refusal(
        room, start, end, settings=settings_get(), exclude_booking=exclude, staff=staff
    )
    if refusal is not None:
        raise ApplicationError(refusal.message, code=refusal.rule)


def booking_create(
    *,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    actor=None,
    source: str = Booking.Source.STAFF,
    client=None,
    guest: dict | None = None,
    title: str = "",
    attendees: int = 1,
    extras: Iterable[tuple[Extra, int]] = (),
    notes: str = "",
    series=None,
    tentative: bool = False,
    language: str = "",
    quiet: bool = False,
    staff: bool | None = None,
) -> Booking:
    """Book `room` from `starts_at` to `ends_at` (aware datetimes; stored in UTC). The
    booker is told (confirmed, or waiting for approval and the office asked to approve)
    unless `quiet` (a series sends one message for all its dates)."""
    if staff is None:  # staff may book past the notice period (a walk-in)
        staff = source == Booking.Source.STAFF
    starts_at, ends_at = starts_at.astimezone(dt.UTC), ends_at.astimezone(dt.UTC)
    _check(room, starts_at, ends_at, staff=staff)
    if attendees > room.capacity:
        raise ApplicationError(
            ngettext(
                "This room holds at most %(capacity)s person.",
                "This room holds at most %(capacity)s people.",
                room.capacity,
            )
            % {"capacity": room.capacity},
            code="capacity",
        )
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    lines = extras_lines(extras, attendees)
    settings = settings_get()
    guest = guest or {}

    def write() -> Booking:
        _rooms_lock(room.pk)
        booking = Booking(
            room=room,
            client=client,
            guest_name=guest.get("name", "").strip(),
            guest_company=guest.get("company", "").strip(),
            guest_email=guest.get("email", "").strip(),
            guest_phone=guest.get("phone", "").strip(),
            title=title.strip(),
            attendees=attendees,
            starts_at=starts_at,
            ends_at=ends_at,
            blocked_until=ends_at + dt.timedelta(minutes=room.buffer_minutes),
            status=Booking.Status.TENTATIVE if tentative else Booking.Status.CONFIRMED,
            source=source,
            price=booking_price(room, minutes, public=source == Booking.Source.PUBLIC),
            extras_price=sum((line.price for line in lines), Decimal("0")),
            notes=notes.strip(),
            created_by=actor if actor is not None and actor.is_authenticated else None,
            series=series,
            language=language[:5],
        )
        if tentative:
            booking.approve_by = timezone.now() + dt.timedelta(hours=settings.approval_hours)
        booking.full_clean(exclude=["blocked_until"], validate_constraints=False)
        try:
            booking.save()
        except IntegrityError as exc:
            if "rooms_booking_no_overlap" in str(exc):
                raise _Overlap from exc
            raise
        for line in lines:
            line.booking = booking
        BookingExtra.objects.bulk_create(lines)
        _usage_sync(booking, actor=actor, reason="")
        audit_record(
            action="rooms.booking_created",
            actor=actor,
            actor_label="" if actor is not None and actor.is_authenticated else booking.guest_email,
            target=booking,
            changes={
                "room": room.name,
                "starts_at": audit_value(starts_at),
                "ends_at": audit_value(ends_at),
                "status": booking.status,
                "source": source,
            },
        )
        if tentative:
            booking_notify(event=APPROVAL_NEEDED, booking=booking, actor=actor)
        if not quiet:
            event = CONFIRMED
            if tentative:
                event = REQUESTED
            booking_notify(event=event, booking=booking, actor=actor)
        _announce("created", booking)
        return booking

    return _retrying(write, on_overlap=lambda: _refuse_overlap(room, starts_at, ends_at))


def booking_move(
    *, booking: Booking, starts_at: dt.datetime, ends_at: dt.datetime, actor, staff: bool, room=None
) -> Booking:
    """Change the time (and room) of an active booking under the same rules."""
    room = room or booking.room
    starts_at, ends_at = starts_at.astimezone(dt.UTC), ends_at.astimezone(dt.UTC)
    if booking.status not in {Booking.Status.CONFIRMED, Booking.Status.TENTATIVE}:
        raise ApplicationError(_("Only an active booking can be changed."), code="inactive")
    if not staff and booking.starts_at <= timezone.now():
        raise ApplicationError(_("A booking that has started cannot be changed."), code="started")
    hours = booking.room.free_cancel_hours
    if not staff and timezone.now() > booking.starts_at - dt.timedelta(hours=hours):
        # Otherwise a late booking could be moved out of the fee and then cancelled free.
        raise ApplicationError(
            _(
                "A booking can be changed until %(hours)s hours before it starts; "
                "it can still be cancelled under the cancellation policy."
            )
            % {"hours": hours},
            code="late",
        )
    if (room.pk, starts_at, ends_at) == (booking.room_id, booking.starts_at, booking.ends_at):
        # Saved unchanged: no "booking changed" e-mail, no new calendar sequence.
        raise ApplicationError(
            _("The booking already has this room and time: choose another."), code="unchanged"
        )
    _check(room, starts_at, ends_at, staff=staff, exclude=booking.pk)

    def write() -> Booking:
        _rooms_lock(room.pk, booking.room_id)
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        old = {
            "room": locked.room.name,
            "starts_at": audit_value(locked.starts_at),
            "ends_at": audit_value(locked.ends_at),
        }
        locked.room = room
        locked.starts_at, locked.ends_at = starts_at, ends_at
        locked.blocked_until = ends_at + dt.timedelta(minutes=room.buffer_minutes)
        minutes = int((ends_at - starts_at).total_seconds() // 60)
        locked.price = booking_price(room, minutes, public=locked.source == Booking.Source.PUBLIC)
        locked.sequence += 1
        locked.reminded_at = None
        try:
            locked.save(
                update_fields=[
                    "room",
                    "starts_at",
                    "ends_at",
                    "blocked_until",
                    "price",
                    "sequence",
                    "reminded_at",
                    "updated_at",
                ]
            )
        except IntegrityError as exc:
            if "rooms_booking_no_overlap" in str(exc):
                raise _Overlap from exc
            raise
        new = {
            "room": room.name,
            "starts_at": audit_value(starts_at),
            "ends_at": audit_value(ends_at),
        }
        audit_record(
            action="rooms.booking_moved",
            actor=actor,
            target=locked,
            changes={k: [old[k], new[k]] for k in old if old[k] != new[k]},
        )
        _usage_sync(locked, actor=actor, reason=_("Booking changed"))
        booking_notify(event=CHANGED, booking=locked, actor=actor)
        _announce("changed", locked)
        return locked

    return _retrying(
        write, on_overlap=lambda: _refuse_overlap(room, starts_at, ends_at, exclude=booking.pk)
    )


@transaction.atomic
def booking_cancel(*, booking: Booking, actor, staff: bool, waive_fee: bool = False) -> Booking:
    """Cancel under the room's policy: free until N hours before, then the fee (staff may
    waive it)."""
    locked = Booking.objects.select_for_update().select_related("room").get(pk=booking.pk)
    if locked.status not in {Booking.Status.CONFIRMED, Booking.Status.TENTATIVE}:
        raise ApplicationError(_("This booking is no longer active."), code="inactive")
    if not staff and locked.ends_at <= timezone.now():
        raise ApplicationError(_("A past booking cannot be cancelled."), code="past")
    fee = CancellationFee() if waive_fee else cancellation_fee(locked)
    locked.status = Booking.Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancel_fee, locked.cancel_fee_hours = fee.amount, fee.hours
    locked.sequence += 1
    locked.save(
        update_fields=[
            "status", "cancelled_at", "cancel_fee", "cancel_fee_hours", "sequence", "updated_at"
        ]
    )  # fmt: skip
    audit_record(
        action="rooms.booking_cancelled",
        actor=actor,
        actor_label="" if actor is not None and actor.is_authenticated else locked.guest_email,
        target=locked,
        changes={
            "status": ["confirmed", "cancelled"],
            "cancel_fee": str(fee.amount),
            **({"cancel_fee_hours": str(fee.hours)} if fee.hours else {}),
        },
    )
    _usage_sync(locked, actor=actor, reason=_("Booking cancelled"))
    booking_notify(event=CANCELLED, booking=locked, actor=actor)
    _announce("cancelled", locked)
    return locked


@transaction.atomic
def booking_approve(*, booking: Booking, actor) -> Booking:
    updated = Booking.objects.filter(pk=booking.pk, status=Booking.Status.TENTATIVE).update(
        status=Booking.Status.CONFIRMED,
        approve_by=None,
        sequence=F("sequence") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise ApplicationError(_("This booking is not waiting for approval."), code="inactive")
    booking.refresh_from_db()
    audit_record(
        action="rooms.booking_approved",
        actor=actor,
        target=booking,
        changes={"status": ["tentative", "confirmed"]},
    )
    _usage_sync(booking, actor=actor, reason="")
    booking_notify(event=APPROVED, booking=booking, actor=actor)
    _announce("approved", booking)
    return booking


@transaction.atomic
def booking_refuse(*, booking: Booking, actor) -> Booking:
    """Staff refuse a booking waiting for approval: released at once, the booker told."""
    return _release(booking.pk, actor=actor, now=timezone.now(), action="rooms.booking_refused")


def _release(pk: int, *, actor, now: dt.datetime, action: str) -> Booking:
    count = Booking.objects.filter(pk=pk, status=Booking.Status.TENTATIVE).update(
        status=Booking.Status.RELEASED,
        cancelled_at=now,
        sequence=F("sequence") + 1,
        updated_at=now,
    )
    if not count:
        raise ApplicationError(_("This booking is not waiting for approval."), code="inactive")
    booking = Booking.objects.select_related("room").get(pk=pk)
    audit_record(
        action=action, actor=actor, target=booking, changes={"status": ["tentative", "released"]}
    )
    booking_notify(event=REFUSED, booking=booking, actor=actor)
    _announce("released", booking)
    return booking


def bookings_release_expired(*, now: dt.datetime | None = None) -> int:
    """Tentative bookings not approved in time free their slot (idempotent)."""
    now = now or timezone.now()
    released = 0
    for pk in Booking.objects.filter(
        status=Booking.Status.TENTATIVE, approve_by__lte=now
    ).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                _release(pk, actor=None, now=now, action="rooms.booking_released")
        except ApplicationError:
            continue  # approved or refused meanwhile
        released += 1
    return released


def bookings_remind(*, now: dt.datetime | None = None) -> int:
    """Remind the bookers of confirmed bookings starting within the office's reminder hours
    (R4). Idempotent: `reminded_at` is claimed by a conditional update before the message is
    written, in one transaction per booking; a moved booking is reminded again. Bookings made
    after their reminder time had passed get none (they were just confirmed)."""
    hours = settings_get().reminder_hours
    if not hours:
        return 0
    now = now or timezone.now()
    window = dt.timedelta(hours=hours)
    sent = 0
    candidates = Booking.objects.filter(
        ACTIVE_Q,
        status=Booking.Status.CONFIRMED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + window,
    ).values_list("pk", "starts_at", "created_at")
    for pk, starts_at, created_at in candidates:
        with transaction.atomic():
            claimed = Booking.objects.filter(
                pk=pk, status=Booking.Status.CONFIRMED, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed or created_at > starts_at - window:
                continue
            booking = Booking.objects.select_related("room", "client").get(pk=pk)
            booking_notify(event=REMINDER, booking=booking)
            sent += 1
    return sent


# --- recurring series (R2) ----------------------------------------------------------------

MAX_OCCURRENCES = 104


def series_dates(
    *, first: dt.date, every_weeks: int, until: dt.date | None = None, count: int | None = None
) -> list[dt.date]:
    """The local dates of a weekly series (every N weeks), until a date or N times."""
    if every_weeks < 1 or (until is None and not count):
        raise ApplicationError(_("Give an end date or a number of times."), code="invalid")
    dates, day = [], first
    while len(dates) < min(count or MAX_OCCURRENCES, MAX_OCCURRENCES):
        if until is not None and day > until:
            break
        dates.append(day)
        day += dt.timedelta(weeks=every_weeks)
    return dates


def booking_series_create(
    *,
    room: Room,
    dates: list[dt.date],
    start: dt.time,
    end: dt.time,
    **kwargs,
) -> tuple[list[Booking], list[tuple[dt.date, str]]]:
    """Book the same wall-clock time on each local date (10:00 stays 10:00 across DST: each
    occurrence is converted on its own day). Dates that a rule refuses are returned with the
    reason and the rest are booked; each occurrence stands alone (cancel or add one later)."""
    import uuid

    series = uuid.uuid4()
    booked, skipped = [], []
    for day in dates:
        try:
            booked.append(
                booking_create(
                    room=room,
                    starts_at=rules.aware(day, start),
                    ends_at=rules.aware(day, end),
                    series=series,
                    quiet=True,
                    **kwargs,
                )
            )
        except ApplicationError as exc:
            skipped.append((day, exc.message))
    if booked:
        # One message for the series: the first date in the text, every date in the .ics.
        with transaction.atomic():
            booking_notify(
                event=CONFIRMED, booking=booked[0], actor=kwargs.get("actor"), series=booked
            )
    return booked, skipped


# --- calendar feeds (R4) ------------------------------------------------------------------


@transaction.atomic
def feed_renew(*, actor, membership, room: Room | None = None) -> CalendarFeed:
    """A new secret feed URL for the person: a client user's of their company's bookings, a
    staff member's of `room` (None: all rooms). Their earlier URL of the same scope stops
    working at once (revoked)."""
    import secrets

    staff = membership.is_staff_role
    current = CalendarFeed.objects.select_for_update().filter(
        user=actor, staff=staff, revoked_at__isnull=True
    )
    if staff:
        current = current.filter(room=room)
    else:
        room = None
        current = current.filter(client_id=membership.client_id)
    now = timezone.now()
    revoked = list(current.values_list("pk", flat=True))
    current.update(revoked_at=now, updated_at=now)
    feed = CalendarFeed(
        user=actor,
        staff=staff,
        room=room,
        client_id=None if staff else membership.client_id,
        token=secrets.token_urlsafe(32),
    )
    feed.full_clean()
    feed.save()
    audit_record(
        action="rooms.feed_created",
        actor=actor,
        target=feed,
        changes={"room": room.name if room else None, "revoked": revoked},
    )
    return feed


@transaction.atomic
def feed_revoke(*, actor, feed: CalendarFeed) -> None:
    updated = CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    )
    if updated:
        audit_record(action="rooms.feed_revoked", actor=actor, target=feed, changes={})


# --- room photos ----------------------------------------------------------------------------

PHOTO_MAX_BYTES = 5 << 20
PHOTOS_PER_ROOM = 8


@transaction.atomic
def room_photo_add(*, actor, room: Room, upload) -> RoomPhoto:
    """Store an uploaded photo (JPEG or PNG by its content, at most 5 MB, 8 per room)."""
    from common.storage import office_delete, office_new_name, office_save
    from common.uploads import JPEG, PNG, upload_check

    Room.objects.select_for_update().filter(pk=room.pk).first()
    if RoomPhoto.objects.filter(room=room).count() >= PHOTOS_PER_ROOM:
        raise ApplicationError(
            _("A room has at most %(count)s photos.") % {"count": PHOTOS_PER_ROOM}, code="photos"
        )
    kind = upload_check(
        upload,
        kinds=(JPEG, PNG),
        max_bytes=PHOTO_MAX_BYTES,
        refused=_("A photo must be a JPEG or PNG image."),
    )
    upload.seek(0)
    path = office_save(office_new_name(f"rooms/photos/{room.pk}", kind.extension), upload)
    photo = RoomPhoto(
        room=room,
        path=path,
        content_type=kind.content_type,
        size=upload.size,
        original_name=(upload.name or "")[:200],
    )
    try:
        photo.full_clean()
        photo.save()
    except Exception:
        office_delete(path)
        raise
    audit_record(
        action="rooms.photo_added",
        actor=actor,
        target=room,
        changes={"photo": photo.pk, "name": photo.original_name},
    )
    return photo


@transaction.atomic
def room_photo_remove(*, actor, photo: RoomPhoto) -> None:
    from common.storage import office_delete

    path = photo.path
    audit_record(
        action="rooms.photo_removed",
        actor=actor,
        target=photo.room,
        changes={"photo": photo.pk, "name": photo.original_name},
    )
    photo.delete()
    schema = connection.schema_name  # the callback may run after the office is left
    transaction.on_commit(lambda: office_delete(path, schema=schema))
