"""Bookings made, moved, cancelled, approved and refused (the row locks, retries and the
refusal for an overlap), and the listeners told of them on commit."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_value
from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.notifications.services import alerts_resolve
from modules.rooms import rules
from modules.rooms.events import (
    APPROVAL_NEEDED,
    APPROVED,
    CANCELLED,
    CHANGED,
    CONFIRMED,
    REFUSED,
    REQUESTED,
)
from modules.rooms.messages import approval_alert_subject, booking_notify
from modules.rooms.models import Booking, BookingExtra, Extra, Room
from modules.rooms.services.pricing import (
    CancellationFee,
    booking_price,
    cancellation_fee,
    extras_lines,
)
from modules.rooms.services.rooms import settings_get
from modules.rooms.services.usage import _usage_sync

# Hooks other code registers to learn of booking changes (notifications, settlements):
# called on commit with (event, booking).
_listeners: list[Callable[[str, Booking], None]] = []


def booking_listener_register(listener: Callable[[str, Booking], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def _announce(event: str, booking: Booking) -> None:
    for listener in _listeners:
        transaction.on_commit(lambda listener=listener: listener(event, booking))


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
    too_many = rules.capacity_refusal(room, attendees)
    if too_many is not None:
        raise ApplicationError(too_many.message, code=too_many.rule)
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


def booking_change_refusal(
    booking: Booking, *, staff: bool, now: dt.datetime | None = None
) -> ApplicationError | None:
    """Why `booking` cannot be moved now (booking_move refuses with it), or None: only an
    active booking; a client or visitor only before it starts and until the room's free
    cancellation time. The client panel's detail offers *Change* by it."""
    now = now or timezone.now()
    if booking.status not in {Booking.Status.CONFIRMED, Booking.Status.TENTATIVE}:
        return ApplicationError(_("Only an active booking can be changed."), code="inactive")
    if not staff and booking.starts_at <= now:
        return ApplicationError(_("A booking that has started cannot be changed."), code="started")
    hours = booking.room.free_cancel_hours
    if not staff and now > booking.starts_at - dt.timedelta(hours=hours):
        # Otherwise a late booking could be moved out of the fee and then cancelled free.
        return ApplicationError(
            _(
                "A booking can be changed until %(hours)s hours before it starts; "
                "it can still be cancelled under the cancellation policy."
            )
            % {"hours": hours},
            code="late",
        )
    return None


def booking_move(
    *, booking: Booking, starts_at: dt.datetime, ends_at: dt.datetime, actor, staff: bool, room=None
) -> Booking:
    """Change the time (and room) of an active booking under the same rules."""
    room = room or booking.room
    starts_at, ends_at = starts_at.astimezone(dt.UTC), ends_at.astimezone(dt.UTC)
    refusal = booking_change_refusal(booking, staff=staff)
    if refusal is not None:
        raise refusal
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
    alerts_resolve(subject=approval_alert_subject(locked.pk))  # no approval needed any more
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
    alerts_resolve(subject=approval_alert_subject(booking.pk))  # handled: for everyone
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
    alerts_resolve(subject=approval_alert_subject(booking.pk))  # refused or released
    booking_notify(event=REFUSED, booking=booking, actor=actor)
    _announce("released", booking)
    return booking
