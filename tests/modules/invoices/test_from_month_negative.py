"""A closed month with reducing lines (a cancelled room booking's reversal, a correction of
-1) becomes a draft all the same; a month below zero is skipped with a message."""

import datetime as dt

from accounts.models import Role, User
from modules.billing.services import period_close, usage_record
from modules.invoices import services
from modules.invoices.models import Invoice
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, courier, on_package
from tests.modules.invoices.factories import MARCH, D, buyer, office_details

ROOM = "Sala Tatry, 2026-03-12 14:00–16:00 (2 h)"


def _booked_and_cancelled(client):
    """What rooms' _usage_sync records for a booking billed at its price, then cancelled
    free of charge: the booking and its reversal under the same ref."""
    for quantity in (D("1"), D("-1")):
        usage_record(
            client=client,
            date=dt.date(2026, 3, 12),
            quantity=quantity,
            unit_price=D("120.00"),
            unit="piece",
            metric="",
            description=ROOM,
            reason="cancelled" if quantity < 0 else "",
            source="rooms",
            source_ref="booking:7",
        )


def _client_with_month(name: str, *, couriers: str = "3", correction: str = "-1"):
    client = on_package(biznes(), client=buyer(name=name, language="pl"))
    kurier = courier()
    usage_record(client=client, date=dt.date(2026, 3, 5), quantity=D(couriers), service=kurier)
    usage_record(
        client=client,
        date=dt.date(2026, 3, 20),
        quantity=D(correction),
        service=kurier,
        reason="courier not used",
    )
    _booked_and_cancelled(client)
    period_close(client=client, period=MARCH, actor=None)
    return client


def test_a_cancelled_booking_cancels_out_and_a_correction_nets_against_its_service(office_a):
    with in_office(office_a):
        office_details()
        client = _client_with_month("Lipa")

        run = services.invoices_create_from_month(period=MARCH, actor=None)

        assert run.skipped == []
        (invoice,) = run.created
        lines = [
            (ln.description, ln.quantity, ln.unit_price, ln.net)
            for ln in invoice.lines.order_by("position")
        ]
        assert [row for row in lines if row[0] == ROOM] == []  # booked and cancelled: nothing
        # 3 - 1 couriers, named in the client's language (Polish), not the closer's (English)
        assert ("Kurier", D("2.000"), D("15.99"), D("31.98")) in lines
        assert all(row[1] > 0 for row in lines)
        assert invoice.client_id == client.pk and invoice.gross > 0


def test_a_reduction_nothing_absorbs_stays_a_reducing_line_and_the_invoice_issues(office_a):
    with in_office(office_a):
        office_details()
        client = on_package(biznes(), client=buyer(name="Buk", language="pl"))
        # a correction of a service billed in another month: no line of this month absorbs it
        usage_record(
            client=client,
            date=dt.date(2026, 3, 20),
            quantity=D("-1"),
            unit_price=D("50.00"),
            unit="piece",
            description="Korekta: skan lutowy",
            reason="double billed in February",
        )
        period_close(client=client, period=MARCH, actor=None)

        (invoice,) = services.invoices_create_from_month(period=MARCH, actor=None).created
        reducing = invoice.lines.get(description="Korekta: skan lutowy")
        assert (reducing.quantity, reducing.net) == (D("-1.000"), D("-50.00"))
        assert invoice.gross > 0

        issued = services.invoice_issue(invoice=invoice, actor=None)
        assert issued.status == Invoice.Status.ISSUED and issued.number


def test_a_month_below_zero_is_skipped_with_a_message_and_the_others_are_made(office_a):
    with in_office(office_a):
        office_details()
        good = _client_with_month("Dąb")
        below = buyer(name="Jesion", language="pl")  # no package: only the reduction
        usage_record(
            client=below,
            date=dt.date(2026, 3, 20),
            quantity=D("-2"),
            unit_price=D("10.00"),
            unit="piece",
            description="Zwrot",
            reason="refund",
        )
        period_close(client=below, period=MARCH, actor=None)
    staff = member(office_a, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language="en")

    response = OfficeClient(office_a, user=staff).post(
        "/invoices/from-month/", {"month": "2026-03"}, follow=True
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 draft invoices created from the closed month March 2026." in page
    assert "No invoice for Jesion: the month totals" in page
    assert "below zero" in page
    with in_office(office_a):
        assert list(Invoice.objects.values_list("client_id", flat=True)) == [good.pk]


def test_a_draft_from_a_month_keeps_its_reducing_line_when_edited(office_a):
    with in_office(office_a):
        office_details()
        client = on_package(biznes(), client=buyer(name="Wiąz", language="pl"))
        usage_record(
            client=client,
            date=dt.date(2026, 3, 20),
            quantity=D("-1"),
            unit_price=D("5.00"),
            unit="piece",
            description="Rabat",
            reason="discount",
        )
        period_close(client=client, period=MARCH, actor=None)
        (invoice,) = services.invoices_create_from_summaries(period=MARCH, actor=None)
        lines = [
            {
                "description": ln.description,
                "quantity": ln.quantity,
                "unit": ln.unit,
                "unit_price": ln.unit_price,
                "vat_rate": ln.vat_rate,
            }
            for ln in invoice.lines.all()
        ]

        services.invoice_update(invoice=invoice, actor=None, data={"notes": "x"}, lines=lines)

        assert invoice.lines.filter(quantity__lt=0).count() == 1


def test_an_issued_invoice_with_a_reducing_line_makes_a_valid_fa3(office_a):
    from modules.invoices.fa3 import fa3_build, fa3_validate

    with in_office(office_a):
        office_details()
        client = on_package(biznes(), client=buyer(name="Grab", language="pl"))
        usage_record(
            client=client,
            date=dt.date(2026, 3, 20),
            quantity=D("-1"),
            unit_price=D("20.00"),
            unit="piece",
            description="Korekta: kurier lutowy",
            reason="double billed",
        )
        period_close(client=client, period=MARCH, actor=None)
        (invoice,) = services.invoices_create_from_summaries(period=MARCH, actor=None)
        issued = services.invoice_issue(invoice=invoice, actor=None)

        fa3_validate(fa3_build(issued))  # raises when the schema refuses it
