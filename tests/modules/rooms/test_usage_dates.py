"""Dates in the texts the settlements and invoices carry are written as the office's
language writes a date (common formats: SHORT_DATE_FORMAT), never ISO (2027-03-10)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation

from modules.billing.models import UsageRecord
from modules.billing.selectors import summary_get
from modules.billing.services import period_close, usage_record
from modules.rooms import services
from modules.rooms.models import Booking
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import at, book, open_every_day, room_make

DAY = dt.date(2027, 3, 10)


def _descriptions(office, room_name: str) -> tuple[list[str], dt.date]:
    """A client's booking with an extra, and another cancelled late (its fee)."""
    with in_office(office):
        open_every_day()
        room = room_make(name=room_name, price_hour=Decimal("50.00"), horizon_days=3 * 366)
        coffee = services.extra_save(
            actor=None,
            data={
                "name_pl": "Kawa",
                "name_sk": "Káva",
                "name_en": "Coffee",
                "price": Decimal("6.00"),
                "per_person": True,
            },
        )
        client = ClientFactory()
        book(room, DAY, 10, 12, client=client, attendees=2, extras=[(coffee, 1)])
        soon = timezone.localdate() + dt.timedelta(days=2)
        late = services.booking_create(
            room=room, starts_at=at(soon, 9), ends_at=at(soon, 10), client=client, guest={}
        )
        room.free_cancel_hours = 24 * 7
        room.save()
        services.booking_cancel(booking=Booking.objects.get(pk=late.pk), actor=None, staff=False)
        rows = UsageRecord.objects.filter(client=client).order_by("pk")
        return [r.description for r in rows if r.quantity > 0], soon


def test_room_usage_is_described_with_the_polish_date(office_a):
    described, soon = _descriptions(office_a, "Sala Wisła")
    late = f"{soon:%d.%m.%Y}"
    assert described == [
        # the hours are the line's quantity since 2026-12-07, not in its text
        "Sala Wisła, 10.03.2027 10:00–12:00",
        "Kawa (Sala Wisła, 10.03.2027 10:00–12:00)",
        f"Sala Wisła, {late} 09:00–10:00",
        f"Opłata za odwołanie: Sala Wisła, {late} 09:00–10:00",
    ]


def test_room_usage_is_described_with_the_slovak_date(office_b):
    described, soon = _descriptions(office_b, "Miestnosť Dunaj")
    late = f"{soon:%d.%m.%Y}"
    assert described == [
        "Miestnosť Dunaj, 10.03.2027 10:00–12:00",
        "Káva (Miestnosť Dunaj, 10.03.2027 10:00–12:00)",
        f"Miestnosť Dunaj, {late} 09:00–10:00",
        f"Poplatok za zrušenie: Miestnosť Dunaj, {late} 09:00–10:00",
    ]


def test_a_slovak_record_written_with_rooms_h_is_read_with_billings_hod(office_b):
    """The hours' unit is billing's ("hod.", as its hour unit and overage lines say); rooms
    wrote "h" until 2026-12-07. Such a record keeps its stored description (nothing rewrites
    it), but the settlement and any invoice made from now on word it from its text, so they
    say "hod." too."""
    with in_office(office_b):
        open_every_day()
        room = room_make(name="Miestnosť Dunaj", price_hour=Decimal("50.00"), horizon_days=800)
        client = ClientFactory()
        book(room, DAY, 10, 12, client=client)
        record = UsageRecord.objects.get(client=client)
        UsageRecord.objects.filter(pk=record.pk).update(
            # as written before (and, before 2026-12-07, one piece with its hours in the text)
            description="Miestnosť Dunaj, 10.03.2027 10:00–12:00 (2 h)",
            text={**record.text, "hours": "2.000"},
            quantity=Decimal(1),
            unit_price=Decimal("100.00"),
            unit="piece",
        )
        with translation.override("sk"):
            summary = summary_get(client_id=client.pk, period=dt.date(2027, 3, 1))
        record.refresh_from_db()
    assert record.description == "Miestnosť Dunaj, 10.03.2027 10:00–12:00 (2 h)"
    assert [line.description for line in summary.shown_lines] == [
        "Miestnosť Dunaj, 10.03.2027 10:00–12:00 (2 hod.)"
    ]


def test_billings_late_usage_text_writes_the_date_in_the_readers_language(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
        period_close(client=client, period=dt.date(2026, 3, 1), actor=staff_a)
        usage_record(
            client=client,
            date=dt.date(2026, 3, 30),
            quantity=Decimal(1),
            unit_price=Decimal("100.00"),
            description="Sala Wisła",
            unit="piece",
        )
        texts = {}
        for language in ("pl", "sk"):
            with translation.override(language):
                summary = summary_get(client_id=client.pk, period=dt.date(2026, 4, 1))
                texts[language] = [line.description for line in summary.lines if line.late]
    assert texts == {
        "pl": ["Sala Wisła (spóźnione: z dnia 30.03.2026, jego miesiąc był już zamknięty)"],
        "sk": ["Sala Wisła (oneskorené: zo dňa 30.03.2026, jeho mesiac bol už uzavretý)"],
    }
