"""Room lines on an invoice made from a closed month read in the invoice's (client's)
language, not the Polish office's: rooms records a booking, its extras and its cancellation
fee with what names them (billing's UsageRecord.text), and billing writes them in the
reader's language (the day in its format, the hours with its unit: "godz.", "hod."). A
service's name on such an invoice is the one it had when the month was closed (a rename does
not reach an old month); a month closed before lines stored it keeps taking the current name."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from common.pdf import pdf_text
from modules.billing.models import PeriodClose, UsageRecord
from modules.billing.services import period_close, service_update, usage_record
from modules.invoices import services
from modules.invoices.pdf import invoice_pdf_render
from modules.rooms import services as rooms
from modules.rooms.models import Booking
from tests.helpers.offices import in_office
from tests.modules.billing.factories import courier
from tests.modules.invoices.factories import MARCH, D, buyer, office_details
from tests.modules.rooms.factories import book, open_every_day, room_make

DAY = dt.date(2027, 3, 10)  # a Wednesday
ROOM_MONTH = dt.date(2027, 3, 1)
APRIL_2027 = dt.datetime(2027, 4, 2, 9, 0, tzinfo=dt.UTC)


def _room_month(language: str, monkeypatch):
    """A client of the Polish office A books Sala Wisła on 10 March 2027, 10-12 with coffee
    for two, and 14-15 cancelled late (a fee of half its 50.00); March is closed by
    a Polish-speaking member after the month and invoiced."""
    open_every_day()
    room = room_make(price_hour=Decimal("50.00"), horizon_days=3 * 366)
    coffee = rooms.extra_save(
        actor=None,
        data={
            "name_pl": "Kawa",
            "name_sk": "Káva",
            "name_en": "Coffee",
            "price": Decimal("6.00"),
            "per_person": True,
        },
    )
    client = buyer(name=f"Klient {language}", language=language)
    with translation.override("pl"):  # booked in the office's language
        book(room, DAY, 10, 12, client=client, attendees=2, extras=[(coffee, 1)])
        late = book(room, DAY, 14, 15, client=client)
        room.free_cancel_hours = 24 * 800  # any cancellation now is a late one
        room.save()
        rooms.booking_cancel(booking=Booking.objects.get(pk=late.pk), actor=None, staff=False)
    monkeypatch.setattr(timezone, "now", lambda: APRIL_2027)
    with translation.override("pl"):
        period_close(client=client, period=ROOM_MONTH, actor=None)
    (invoice,) = services.invoices_create_from_month(
        period=ROOM_MONTH, actor=None, client_ids=[client.pk]
    ).created
    return client, invoice


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "sk",
            [
                "Sala Wisła, 10.03.2027 10:00–12:00",
                "Káva (Sala Wisła, 10.03.2027 10:00–12:00)",
                "Poplatok za zrušenie: Sala Wisła, 10.03.2027 14:00–15:00",
            ],
        ),
        (
            "en",
            [
                "Sala Wisła, 10/03/2027 10:00–12:00",
                "Coffee (Sala Wisła, 10/03/2027 10:00–12:00)",
                "Cancellation fee: Sala Wisła, 10/03/2027 14:00–15:00",
            ],
        ),
    ],
)
def test_a_foreign_clients_room_lines_from_a_polish_office_are_in_the_clients_language(
    office_a, monkeypatch, language, expected
):
    with in_office(office_a):
        office_details()
        client, invoice = _room_month(language, monkeypatch)
        lines = [
            (line.description, line.quantity, line.unit, line.unit_price)
            for line in invoice.lines.order_by("position")
        ]
        # the PDF read back, without its white space (a long line wraps at a dash)
        text = "".join(pdf_text(invoice_pdf_render(invoice=invoice)).split())
        # what billing stored: the office's language, as recorded
        stored = list(
            UsageRecord.objects.filter(client=client, quantity__gt=0)
            .order_by("pk")
            .values_list("description", flat=True)
        )
    # the booking in hours at the hour's price, billing's unit word (it was "1 szt." at
    # 100.00 with "(2 hod.)" in its name until 2026-12-07)
    hour, piece = {"sk": ("hod.", "ks"), "en": ("hour", "piece")}[language]
    assert lines == [
        (expected[0], D("2.000"), hour, D("50.00")),
        (expected[1], D("2.000"), piece, D("6.00")),
        (expected[2], D("1.000"), piece, D("25.00")),
    ]
    for description in expected:
        assert "".join(description.split()) in text
    assert "Opłata" not in text and "Kawa" not in text and "godz." not in text
    assert stored == [
        "Sala Wisła, 10.03.2027 10:00–12:00",
        "Kawa (Sala Wisła, 10.03.2027 10:00–12:00)",
        "Sala Wisła, 10.03.2027 14:00–15:00",
        "Opłata za odwołanie: Sala Wisła, 10.03.2027 14:00–15:00",
    ]


def test_the_settlement_writes_room_lines_in_its_readers_language(office_a):
    """The staff's month (summary_get) names the lines in the reader's language too, and a
    cancelled booking and its reversal still net to one cancelled line."""
    from modules.billing.selectors import summary_get

    with in_office(office_a):
        open_every_day()
        room = room_make(price_hour=Decimal("50.00"), horizon_days=3 * 366)
        client = buyer(name="Klient")
        with translation.override("pl"):
            booking = book(room, DAY, 9, 10, client=client)
            rooms.booking_cancel(booking=booking, actor=None, staff=False)
        with translation.override("sk"):
            summary = summary_get(client_id=client.pk, period=ROOM_MONTH)
            shown = [(line.description, line.cancelled) for line in summary.shown_lines]
    assert shown == [("Sala Wisła, 10.03.2027 09:00–10:00", True)]


def _service_month(language: str):
    client = buyer(name=f"Klient {language}", language=language)
    service = courier()
    usage_record(client=client, date=dt.date(2026, 3, 5), quantity=D("1"), service=service)
    with translation.override("pl"):
        period_close(client=client, period=MARCH, actor=None)
    return client, service


def _descriptions(client):
    (invoice,) = services.invoices_create_from_month(
        period=MARCH, actor=None, client_ids=[client.pk]
    ).created
    return [line.description for line in invoice.lines.order_by("position")]


def test_a_service_renamed_after_the_close_keeps_its_name_on_the_months_invoice(office_a):
    with in_office(office_a):
        office_details()
        client, service = _service_month("sk")
        close = PeriodClose.objects.get(client=client, period=MARCH)
        assert close.figures["lines"][0]["text"] == {
            "kind": "service",
            "names": {"pl": "Kurier", "sk": "Kuriér", "en": "Courier"},
            "note": "",
        }
        service_update(
            service=service,
            actor=None,
            data={"name_pl": "Kurier ekspres", "name_sk": "Expresný kuriér", "name_en": "Express"},
        )
        lines = _descriptions(client)
    assert lines == ["Kuriér, 05.03.2026"]


def test_a_month_closed_before_service_names_were_stored_takes_the_current_name(office_a):
    with in_office(office_a):
        office_details()
        client, service = _service_month("sk")
        close = PeriodClose.objects.get(client=client, period=MARCH)
        for line in close.figures["lines"]:
            line.pop("text", None)  # as stored before
        close.save(update_fields=["figures"])
        service_update(service=service, actor=None, data={"name_sk": "Expresný kuriér"})
        lines = _descriptions(client)
    assert lines == ["Expresný kuriér, 05.03.2026"]


def test_an_old_room_usage_without_a_text_keeps_its_stored_description(office_a):
    """A usage recorded before usages kept a text (or by hand) stays as it was recorded."""
    with in_office(office_a):
        office_details()
        client = buyer(name="Klient sk", language="sk")
        usage_record(
            client=client,
            date=dt.date(2026, 3, 5),
            quantity=D("1"),
            unit_price=D("100.00"),
            description="Sala Wisła, 05.03.2026 10:00–12:00 (2 godz.)",
            source=UsageRecord.Source.ROOMS,
            source_ref="booking:1",
        )
        with translation.override("pl"):
            period_close(client=client, period=MARCH, actor=None)
        lines = _descriptions(client)
    assert lines == ["Sala Wisła, 05.03.2026 10:00–12:00 (2 godz.)"]


def test_usage_record_refuses_a_text_of_an_unknown_kind(office_a):
    with in_office(office_a):
        client = buyer(name="Klient")
        with pytest.raises(ValueError, match="unknown kind"):
            usage_record(
                client=client,
                date=dt.date(2026, 3, 5),
                quantity=D("1"),
                unit_price=D("1.00"),
                description="x",
                text={"kind": "nonsense"},
            )
