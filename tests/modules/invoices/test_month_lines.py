"""The invoice a closed month makes: no zero-value lines (room hours the package includes,
recorded at 0.00), a cancelled booking nowhere, room hours over the limit in hours, and
services named in the client's language whoever closed the month."""

import datetime as dt

from django.utils import translation

from modules.billing.services import period_close, usage_record
from modules.invoices import services
from tests.helpers.offices import in_office
from tests.modules.billing.factories import biznes, courier, on_package, room_hour
from tests.modules.invoices.factories import MARCH, D, buyer, office_details


def _room_month(language: str):
    package = biznes(name="Sale", limit_room_hours=2, over_room_hours=D("30.00"))
    client = on_package(package, client=buyer(name=f"Klient {language}", language=language))
    hour = room_hour()
    for day in range(2, 9):  # 7 bookings of room hours, recorded at 0.00 (package hours)
        usage_record(client=client, date=dt.date(2026, 3, day), quantity=D("2"), service=hour)
    for quantity in (D("2"), D("-2")):  # an eighth booked and cancelled
        usage_record(
            client=client,
            date=dt.date(2026, 3, 20),
            quantity=quantity,
            unit_price=D("0.00"),
            unit="hour",
            metric="room_hours",
            description="Sala Tatry, 20.03.2026 10:00–12:00",
            reason="cancelled" if quantity < 0 else "",
            source="rooms",
            source_ref="booking:8",
        )
    usage_record(client=client, date=dt.date(2026, 3, 5), quantity=D("1"), service=courier())
    with translation.override("pl"):  # closed by a Polish-speaking member
        period_close(client=client, period=MARCH, actor=None)
    return client


def _lines(client):
    (invoice,) = services.invoices_create_from_month(
        period=MARCH, actor=None, client_ids=[client.pk]
    ).created
    return [
        (ln.description, ln.quantity, ln.unit, ln.unit_price, ln.net)
        for ln in invoice.lines.order_by("position")
    ]


def test_a_month_of_package_hours_invoices_money_only_and_overage_in_hours(office_a):
    with in_office(office_a):
        office_details()
        client = _room_month("pl")
        with translation.override("en"):  # the run is made in English
            lines = _lines(client)
    assert lines == [
        ("Pakiet Sale", D("1.000"), "mies.", D("199.00"), D("199.00")),
        ("Kurier, 05.03.2026", D("1.000"), "szt.", D("15.99"), D("15.99")),
        (
            "Ponad limit: godziny sal (użyto 14, w cenie 2)",
            D("12.000"),
            "godz.",
            D("30.00"),
            D("360.00"),
        ),
    ]


def test_a_slovak_clients_invoice_names_services_in_slovak(office_a):
    with in_office(office_a):
        office_details()
        client = _room_month("sk")
        lines = _lines(client)
    assert lines[0] == ("Balík Sale", D("1.000"), "mes.", D("199.00"), D("199.00"))
    assert lines[1:] == [
        ("Kuriér, 05.03.2026", D("1.000"), "ks", D("15.99"), D("15.99")),
        (
            "Nad limit: hodiny miestností (použité 14, v cene 2)",
            D("12.000"),
            "hod.",
            D("30.00"),
            D("360.00"),
        ),
    ]
