import datetime as dt
from decimal import Decimal

import pytest

from modules.billing.money import cents, line_amounts
from modules.billing.selectors import summary_get, summary_list
from modules.billing.services import usage_record
from tests.modules.billing.factories import (
    MARCH,
    biznes,
    courier,
    fixture_month,
    on_package,
    room_hour,
)
from tests.modules.clients.factories import ClientFactory

D = Decimal


def test_line_rounding_is_half_up_per_line():
    assert cents(D("0.005")) == D("0.01")
    assert cents(D("-0.005")) == D("-0.01")
    assert line_amounts(D("1"), D("7.50"), "23") == (D("7.50"), D("1.73"), D("9.23"))
    assert line_amounts(D("1"), D("100"), "zw") == (D("100.00"), D("0.00"), D("100.00"))


def test_fixture_month_exact(in_office_a):
    client = fixture_month()
    s = summary_get(client_id=client.pk, period=MARCH)
    assert [
        (ln.kind, ln.description, ln.quantity, ln.unit_price, ln.net, ln.vat_rate, ln.vat, ln.gross)
        for ln in s.lines
    ] == [
        (
            "package",
            "Package Biznes",
            D(1),
            D("199.00"),
            D("199.00"),
            "23",
            D("45.77"),
            D("244.77"),
        ),
        ("service", "Courier", D("3.000"), D("15.99"), D("47.97"), "23", D("11.03"), D("59.00")),
        ("service", "Room hour", D("1.500"), D("40.00"), D("60.00"), "23", D("13.80"), D("73.80")),
        ("service", "Photocopy", D("0.100"), D("0.05"), D("0.01"), "23", D("0.00"), D("0.01")),
        ("mail", s.lines[4].description, D(1), D("12.30"), D("12.30"), "23", D("2.83"), D("15.13")),
        ("mail", s.lines[5].description, D(1), D("7.50"), D("7.50"), "23", D("1.73"), D("9.23")),
        (
            "overage",
            "Over the limit: mail items handled (12 used, 10 included)",
            D(2),
            D("2.50"),
            D("5.00"),
            "23",
            D("1.15"),
            D("6.15"),
        ),
    ]
    assert s.lines[4].description.endswith(": Kurier")
    assert (s.net, s.vat, s.gross) == (D("331.78"), D("76.31"), D("408.09"))
    assert s.currency == "PLN"
    assert [(ln.metric, ln.included, ln.used, ln.over) for ln in s.limits] == [
        ("mail_items", 10, D(12), D(2)),
        ("scans", 5, D(0), D(0)),
        ("room_hours", None, D("1.5"), D(0)),  # used, no limit in the package
    ]
    assert s.over_limit is True
    assert s.vat_breakdown() == [("23", D("331.78"), D("76.31"), D("408.09"))]


def test_room_hours_over_the_limit_read_as_the_limits_table_in_the_offices_language(
    in_office_a,
):
    """The hours used in the line's words as the limits table shows them: "1,5" in
    Polish, and a whole number without decimals (it read "użyto 5.000")."""
    from django.utils import translation

    client = on_package(biznes(limit_room_hours=1, over_room_hours=D("50.00")))
    for day, hours in ((5, "0.5"), (6, "1.0")):
        usage_record(
            client=client, date=dt.date(2026, 3, day), quantity=D(hours), service=room_hour()
        )
    with translation.override("pl"):
        lines = summary_get(client_id=client.pk, period=MARCH).lines
    over = [ln for ln in lines if ln.kind == "overage"]
    assert [(ln.description, ln.quantity, ln.net) for ln in over] == [
        ("Ponad limit: godziny sal (użyto 1,5, w cenie 1)", D("0.5"), D("25.00"))
    ]
    usage_record(client=client, date=dt.date(2026, 3, 7), quantity=D("0.5"), service=room_hour())
    with translation.override("pl"):
        lines = summary_get(client_id=client.pk, period=MARCH).lines
    assert lines[-1].description == "Ponad limit: godziny sal (użyto 2, w cenie 1)"


def test_a_service_the_package_includes_is_not_charged_twice(in_office_a):
    """A service that counts against a limit the client's package includes is recorded at
    0.00: the package holds those hours and the overage line prices what is over (it was
    charged at the service's price and again as overage). Without such a limit, or with a
    price given, the price stands."""
    hour = room_hour()
    included = on_package(biznes(limit_room_hours=2, over_room_hours=D("50.00")))
    usage_record(client=included, date=dt.date(2026, 3, 5), quantity=D("3"), service=hour)
    usage_record(
        client=included,
        date=dt.date(2026, 3, 6),
        quantity=D("1"),
        service=hour,
        unit_price=D("80.00"),  # the staff's own price stands
    )
    lines = summary_get(client_id=included.pk, period=MARCH).lines
    assert [(ln.kind, ln.quantity, ln.unit_price, ln.net) for ln in lines[1:]] == [
        ("service", D("3.000"), D("0.00"), D("0.00")),
        ("service", D("1.000"), D("80.00"), D("80.00")),
        ("overage", D("2"), D("50.00"), D("100.00")),
    ]
    not_included = on_package(biznes(name="Mini"))  # no room hours (None)
    usage_record(client=not_included, date=dt.date(2026, 3, 5), quantity=D("3"), service=hour)
    lines = summary_get(client_id=not_included.pk, period=MARCH).lines
    assert [(ln.kind, ln.unit_price, ln.net) for ln in lines[1:]] == [
        ("service", D("40.00"), D("120.00"))
    ]
    no_package = ClientFactory()
    usage_record(client=no_package, date=dt.date(2026, 3, 5), quantity=D("1"), service=hour)
    assert summary_get(client_id=no_package.pk, period=MARCH).lines[0].unit_price == D("40.00")


def test_individual_terms_override_the_package(in_office_a):
    client = on_package(biznes(), price=D("149.00"), limit_mail_items=20)
    s = summary_get(client_id=client.pk, period=MARCH)
    assert [(ln.kind, ln.net) for ln in s.lines] == [("package", D("149.00"))]
    assert s.individual is True
    assert s.limits[0].included == 20


def test_package_change_mid_month_is_pro_rata_by_days(in_office_a):
    from modules.billing.services import assignment_set, package_create

    start = biznes()
    premium = package_create(
        actor=None, data={"name": "Premium", "price": D("310.00"), "limit_mail_items": 50}
    )
    client = on_package(start)
    assignment_set(client=client, package=premium, starts_on=dt.date(2026, 3, 21), actor=None)
    s = summary_get(client_id=client.pk, period=MARCH)
    # 199.00 x 20/31 = 128.387.. -> 128.39; 310.00 x 11/31 = 110.0000 -> 110.00
    assert [(ln.description, ln.net, ln.vat) for ln in s.lines] == [
        ("Package Biznes, 01/03/2026 to 20/03/2026 (20 of 31 days)", D("128.39"), D("29.53")),
        ("Package Premium, 21/03/2026 to 31/03/2026 (11 of 31 days)", D("110.00"), D("25.30")),
    ]
    assert s.package == "Premium"
    assert s.limits[0].included == 50  # the limits in force at the end of the month


def test_quarterly_package_is_charged_a_third_a_month(in_office_a):
    client = on_package(biznes(name="Kwartał", price=D("500.00"), frequency="quarterly"))
    s = summary_get(client_id=client.pk, period=MARCH)
    assert [ln.net for ln in s.lines] == [D("166.67")]


def test_office_list_filters_sorts_and_matches_the_client_summary(in_office_a):
    over = fixture_month()
    quiet = on_package(biznes(name="Start", price=D("99.00")))
    usage_record(client=quiet, date=dt.date(2026, 3, 9), quantity=D(1), service=courier())
    rows = summary_list(period=MARCH, sort="-gross")
    assert [r.client_id for r in rows] == [over.pk, quiet.pk]
    assert rows[0].gross == summary_get(client_id=over.pk, period=MARCH).gross
    assert [r.client_id for r in summary_list(period=MARCH, over_limit=True)] == [over.pk]
    assert [r.client_id for r in summary_list(period=MARCH, status="closed")] == []


@pytest.mark.parametrize("quantity", [D("-1")])
def test_negative_quantity_needs_a_reason(in_office_a, quantity):
    from django.core.exceptions import ValidationError

    from modules.billing.models import UsageRecord

    client = on_package(biznes())
    with pytest.raises(ValidationError) as error:
        usage_record(client=client, date=dt.date(2026, 3, 5), quantity=quantity, service=courier())
    assert "reason" in error.value.message_dict
    assert UsageRecord.objects.count() == 0
    record = usage_record(
        client=client,
        date=dt.date(2026, 3, 5),
        quantity=quantity,
        service=courier(),
        reason="Charged twice",
    )
    assert summary_get(client_id=client.pk, period=MARCH).lines[-1].net == D("-15.99")
    assert record.reason == "Charged twice"
