"""Demo rooms (`manage.py seed_demo`): three rooms with rules and prices, opening hours,
extras, the country's public holidays, and a month of bookings (two weeks back, two ahead)
made through the real services, for clients and visitors."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from modules.clients.models import Client
from modules.rooms import rules, services
from modules.rooms.models import Booking, Room

ROOMS = [
    # name (Polish office, Slovak office), capacity, colour, price per hour PLN / EUR, buffer
    (("Wisła", "Dunaj"), 12, "#2f6f8f", ("120.00", "30.00"), 15),
    (("Tatry", "Tatry"), 6, "#6f8f2f", ("70.00", "18.00"), 0),
    (("Focus", "Focus"), 2, "#8f2f6f", ("35.00", "9.00"), 0),
]
# A Slovak office's demo is in Slovak throughout: its rooms, extras, bookings and guests.
SUBJECTS = {
    "PL": ["Zarząd", "Rekrutacja", "Szkolenie", "Spotkanie z klientem", "Warsztat"],
    "SK": ["Porada vedenia", "Výberové konanie", "Školenie", "Stretnutie s klientom", "Workshop"],
}
# The extras with their names in Polish, Slovak and English (each office's own language
# first on its form; the panel, e-mails and invoices name them in the reader's), price,
# per person.
EXTRAS = (
    ({"pl": "Projektor", "sk": "Projektor", "en": "Projector"}, "40.00", False),
    ({"pl": "Kawa i woda", "sk": "Káva a voda", "en": "Coffee and water"}, "12.00", True),
    ({"pl": "Catering", "sk": "Catering", "en": "Catering"}, "45.00", True),
)
GUESTS = {
    "PL": {"name": "Jan Gość", "email": "gosc@example.com"},
    "SK": {"name": "Ján Hosť", "email": "host@example.com"},
}
# Seeded after billing's demo (common's seed_demo): the bookings are billed as the client's
# package says, package hours first, as a booking made in the product would be.
DEMO_AFTER = "modules.billing"


@transaction.atomic
def seed_demo(*, office, people) -> None:
    if Room.objects.exists():
        return
    slovak = office.country == "SK"
    country = "SK" if slovak else "PL"
    services.settings_update(
        actor=None,
        data={
            "public_holidays": "SK" if slovak else "PL",
            "public_booking": True,
            "approval_required": slovak,
            "terms": "Rezerváciu možno bezplatne zrušiť 24 hodín vopred."
            if slovak
            else "Rezerwację można bezpłatnie odwołać do 24 godzin przed.",
        },
    )
    services.opening_hours_set(
        actor=None,
        hours={d: (dt.time(8), dt.time(19 if d < 5 else 14)) for d in range(6)} | {6: None},
    )
    rooms = [
        services.room_save(
            actor=None,
            data={
                "name": f"Sala {names[0]}" if not slovak else f"Miestnosť {names[1]}",
                "capacity": capacity,
                "colour": colour,
                "price_hour": Decimal(prices[1 if slovak else 0]),
                "price_half_day": Decimal(prices[1 if slovak else 0]) * 3,
                "public_price_hour": (
                    Decimal(prices[1 if slovak else 0]) * Decimal("1.25")
                ).quantize(Decimal("0.01")),
                "buffer_minutes": buffer,
                "notice_minutes": 60,
                "amenities": "TV, Wi-Fi, tablica" if not slovak else "TV, Wi-Fi, tabuľa",
                "description_pl": f"Sala {names[slovak]} dla {capacity} osób.",
                "description_sk": f"Miestnosť {names[slovak]} pre {capacity} osôb.",
                "description_en": f"Room {names[slovak]} for {capacity} people.",
            },
        )
        for names, capacity, colour, prices, buffer in ROOMS
    ]
    for names, price, per_person in EXTRAS:
        services.extra_save(
            actor=None,
            data={
                **{f"name_{code}": name for code, name in names.items()},
                "price": Decimal(price),
                "per_person": per_person,
                "active": True,
            },
        )
    clients = list(Client.objects.order_by("pk")[:8])
    chooser = random.Random(office.pk)
    today = rules.local(timezone.now()).date()
    for offset in range(-14, 15):
        day = today + dt.timedelta(days=offset)
        for room in rooms:
            for _ in range(chooser.randint(0, 3)):
                start = chooser.randrange(8, 17)
                length = chooser.choice([1, 1, 2, 3])
                client = chooser.choice(clients) if clients and chooser.random() < 0.8 else None
                try:
                    services.booking_create(
                        room=room,
                        starts_at=rules.aware(day, dt.time(start)),
                        ends_at=rules.aware(day, dt.time(start + length)),
                        source=Booking.Source.STAFF,
                        client=client,
                        guest={} if client else GUESTS[country],
                        title=chooser.choice(SUBJECTS[country]),
                        attendees=min(room.capacity, chooser.randint(1, 6)),
                        tentative=slovak and client is None and offset > 0,
                    )
                except ApplicationError:
                    continue  # a random pick that the rules refuse: closed day, overlap...
