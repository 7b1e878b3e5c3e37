"""Rooms test data, made through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from modules.rooms import rules, services
from modules.rooms.models import Room

WEEK_HOURS = {d: (dt.time(8), dt.time(20)) for d in range(7)}


def room_make(**data) -> Room:
    values = {
        "name": "Sala Wisła",
        "capacity": 10,
        "slot_minutes": 30,
        "min_minutes": 30,
        "max_minutes": 600,
        "buffer_minutes": 0,
        "notice_minutes": 0,
        "horizon_days": 365,
        "price_hour": Decimal("50.00"),
        "free_cancel_hours": 24,
        "cancel_fee_percent": 50,
        "active": True,
        "colour": "#2f6f8f",
    }
    values.update(data)
    return services.room_save(actor=None, data=values)


def open_every_day(hours=None) -> None:
    services.opening_hours_set(actor=None, hours=hours or WEEK_HOURS)


def next_weekday(weekday: int = 2, weeks: int = 1) -> dt.date:
    """A date `weeks` weeks ahead on `weekday` (0 = Monday), in the office's zone."""
    today = rules.local(rules.timezone.now()).date()
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return rules.aware(day, dt.time(hour, minute))


def book(room, day, start: int, end: int, **kwargs):
    kwargs.setdefault("guest", {"name": "Jan Kowalski"})
    return services.booking_create(
        room=room, starts_at=at(day, start), ends_at=at(day, end), **kwargs
    )


def rooms_office():
    """An office of its own for tests that commit (the race, the browser): bookings and
    audit rows committed for other connections stay, and office A's tests count bookings.
    Call with the database unblocked; the connection is left in the public schema."""
    from django.db import connection

    from tenants.models import Office
    from tenants.services import office_provision
    from tests.conftest import _rooms_without_holidays

    connection.set_schema_to_public()
    office = Office.objects.filter(slug="office-rooms").first()
    if office is None:
        office = office_provision(name="Biuro Sal", slug="office-rooms", country="PL")
        _rooms_without_holidays(office)
    return office
