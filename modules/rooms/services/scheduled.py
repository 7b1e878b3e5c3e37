"""The scheduled work on bookings: tentative bookings released when not approved in time,
reminders before a booking starts."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from modules.rooms.events import REMINDER
from modules.rooms.messages import booking_notify
from modules.rooms.models import ACTIVE_Q, Booking
from modules.rooms.services.bookings import _release
from modules.rooms.services.rooms import settings_get


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
