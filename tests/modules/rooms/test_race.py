"""Fifty visitors ask for overlapping times of one room at the same moment, through the
public link (each its own thread, connection and transaction, committed). Exactly one gets
the room and one confirmation e-mail; the rest are refused with what is free instead.

The rows are committed (the threads have their own connections), in an office of their own
(tests/modules/rooms/factories.rooms_office), each run with a room of its own."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.utils import timezone

from modules.notifications.models import Delivery
from modules.rooms import services
from modules.rooms.models import Booking
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.rooms.factories import next_weekday, open_every_day, room_make, rooms_office

N = 50


def race_public(office, room, day) -> list[int]:
    """POST N overlapping requests at once; the answers' status codes."""
    barrier = threading.Barrier(N)
    statuses: list = [None] * N

    def run(index: int) -> None:
        try:
            client = OfficeClient(office, REMOTE_ADDR=f"10.9.{index // 250}.{index % 250}")
            start = 9 + index % 3  # 09-12, 10-13, 11-14: every two overlap (11:00-12:00)
            data = {
                "day": day.isoformat(),
                "start": f"{start:02d}:00",
                "end": f"{start + 3:02d}:00",
                "name": f"Gość {index}",
                "email": f"race{index}@example.com",
                "phone": f"+48 600 000 {index:03d}",
                "attendees": 2,
                "terms": "on",
            }
            barrier.wait(timeout=30)
            statuses[index] = client.post(f"/book/{room.pk}/new/", data).status_code
        except Exception as exc:
            statuses[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.fixture
def committed_room(session_offices, django_db_blocker):
    with django_db_blocker.unblock():
        office = rooms_office()
        with in_office(office):
            open_every_day()
            services.settings_update(actor=None, data={"public_booking": True})
            room = room_make(name=f"Wyścig {uuid.uuid4().hex[:6]}", max_minutes=180)
        connection.set_schema_to_public()
        yield office, room
        connection.set_schema_to_public()


def test_fifty_overlapping_public_requests_give_one_booking_and_one_mail(
    committed_room, django_db_blocker
):
    office, room = committed_room
    day = next_weekday(3, weeks=2)
    cache.clear()
    started = timezone.now()
    with django_db_blocker.unblock():
        statuses = race_public(office, room, day)
        with in_office(office):
            bookings = list(Booking.objects.filter(room=room))
            sent = list(
                Delivery.objects.filter(
                    event="rooms.booking_confirmed", notification__created_at__gte=started
                ).values_list("address", flat=True)
            )
        connection.set_schema_to_public()
    assert sorted(statuses, key=str) == [302] + [400] * (N - 1), statuses
    assert len(bookings) == 1
    assert bookings[0].status == "confirmed"
    assert sent == [bookings[0].guest_email]
