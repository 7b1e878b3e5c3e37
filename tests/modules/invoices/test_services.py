import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.invoices import services
from modules.invoices.models import Invoice, InvoiceCounter
from modules.invoices.money import rate_totals
from tests.modules.invoices.factories import D, buyer, draft, issued, office_details

pytestmark = pytest.mark.usefixtures("in_office_a")


@pytest.fixture(autouse=True)
def _details(in_office_a):
    office_details()


def test_totals_per_rate_are_computed_from_the_sum_of_nets():
    invoice = draft()
    lines = list(invoice.lines.all())
    assert [(line.net, line.vat, line.gross) for line in lines] == [
        (D("199.00"), D("45.77"), D("244.77")),
        (D("47.97"), D("11.03"), D("59.00")),
        (D("7.50"), D("1.73"), D("9.23")),
        (D("20.10"), D("1.01"), D("21.11")),
    ]
    # 23 %: 254.47 x 0.23 = 58.5281 -> 58.53 (the lines' VATs add up to 58.53 too);
    # 5 %: 20.10 x 0.05 = 1.005 -> 1.01 (half up).
    assert [(r.rate, r.net, r.vat, r.gross) for r in rate_totals(lines)] == [
        ("23", D("254.47"), D("58.53"), D("313.00")),
        ("5", D("20.10"), D("1.01"), D("21.11")),
    ]
    assert (invoice.net, invoice.vat, invoice.gross) == (D("274.57"), D("59.54"), D("334.11"))


def test_per_rate_vat_can_differ_from_the_sum_of_line_vats():
    lines = [
        {"description": f"x{n}", "quantity": D("1"), "unit_price": D("0.02"), "vat_rate": "23"}
        for n in range(3)
    ]
    invoice = draft(lines=lines)
    assert sum(line.vat for line in invoice.lines.all()) == D("0.00")  # 0.0046 each -> 0.00
    assert (invoice.net, invoice.vat, invoice.gross) == (D("0.06"), D("0.01"), D("0.07"))


def test_issue_numbers_in_the_series_and_freezes_seller_and_buyer(office_a):
    first = issued()
    second = issued()
    today = services.office_today()
    assert first.number == f"FV/1/{today:%m}/{today:%Y}"
    assert second.number == f"FV/2/{today:%m}/{today:%Y}"
    assert first.status == Invoice.Status.ISSUED
    assert first.seller["nip"] == "5213017228"
    assert first.seller["iban"] == "PL61109010140000071219812874"
    assert first.buyer["nip"] == "1234563218"
    assert first.buyer["city"] == "Warszawa"
    assert AuditEntry.objects.filter(action="invoices.issued").count() == 2


def test_monthly_series_with_its_own_pattern():
    services.settings_update(
        actor=None, data={"number_pattern": "{YYYY}/{MM}/{number}", "number_reset": "monthly"}
    )
    invoice = issued()
    today = services.office_today()
    assert invoice.number == f"{today:%Y}/{today:%m}/1"
    assert InvoiceCounter.objects.get().period == f"{today:%Y-%m}"


def test_a_pattern_without_number_is_refused():
    with pytest.raises(ValidationError):
        services.settings_update(actor=None, data={"number_pattern": "FV/{MM}/{YYYY}"})


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda: office_details(iban=""), "Fill in the office details first"),
        (lambda: office_details(street=""), "Fill in the office details first"),
    ],
)
def test_missing_office_details_are_refused_before_numbering(setup, message):
    invoice = draft()
    setup()
    with pytest.raises(ApplicationError, match=message):
        services.invoice_issue(invoice=invoice, actor=None)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.number) == ("draft", "")
    assert not InvoiceCounter.objects.exists()


def test_invalid_buyer_tax_id_is_refused_before_numbering():
    client = buyer()
    type(client).objects.filter(pk=client.pk).update(nip="1234567890")
    client.refresh_from_db()
    invoice = draft(client)
    with pytest.raises(ApplicationError, match="tax number 1234567890 is not valid"):
        services.invoice_issue(invoice=invoice, actor=None)
    assert not InvoiceCounter.objects.exists()


def test_zero_invoice_is_refused_and_negative_lines_only_in_corrections():
    invoice = draft(
        lines=[{"description": "Nic", "quantity": D("1"), "unit_price": D("0"), "vat_rate": "23"}]
    )
    with pytest.raises(ApplicationError, match="only be a correction"):
        services.invoice_issue(invoice=invoice, actor=None)
    with pytest.raises(ValidationError) as exc:
        draft(
            lines=[
                {
                    "description": "Minus",
                    "quantity": D("-1"),
                    "unit_price": D("5"),
                    "vat_rate": "23",
                }
            ]
        )
    assert exc.value.message_dict["lines"] == [
        "Line 1: quantity must be above zero and the price not negative."
    ]
    assert not InvoiceCounter.objects.exists()


def test_a_rate_not_of_the_office_country_is_refused():
    count = Invoice.objects.count()
    with pytest.raises(ValidationError) as exc:
        draft(
            lines=[{"description": "X", "quantity": D("1"), "unit_price": D("5"), "vat_rate": "19"}]
        )
    assert exc.value.message_dict["lines"] == [
        "Line 1: the VAT rate 19 is not allowed in this country."
    ]
    assert Invoice.objects.count() == count


def test_eu_buyer_gets_reverse_charge_without_vat():
    client = buyer(nip="", country="SK", ic_dph="SK2020273893")
    invoice = issued(client)
    assert invoice.reverse_charge is True
    assert [line.vat_rate for line in invoice.lines.all()] == ["np"] * 4
    assert (invoice.net, invoice.vat, invoice.gross) == (D("274.57"), D("0.00"), D("274.57"))
    assert invoice.buyer["vat_id"] == "SK2020273893"


def test_an_issued_invoice_cannot_be_changed_or_deleted():
    invoice = issued()
    with pytest.raises(ApplicationError):
        services.invoice_update(invoice=invoice, actor=None, data={"notes": "x"}, lines=None)
    with pytest.raises(ApplicationError):
        services.invoice_delete(invoice=invoice, actor=None)
    with pytest.raises(ApplicationError):
        services.invoice_issue(invoice=invoice, actor=None)


def test_payments_partial_then_full():
    invoice = issued()
    services.payment_record(
        invoice=invoice, date=dt.date(2026, 4, 1), amount=D("100.00"), actor=None
    )
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid) == ("partly_paid", D("100.00"))
    services.payment_record(
        invoice=invoice, date=dt.date(2026, 4, 2), amount=D("234.11"), actor=None
    )
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid, invoice.outstanding) == ("paid", D("334.11"), D("0.00"))


def test_overdue_marking_is_idempotent():
    invoice = issued(due_date=dt.date(2026, 4, 14))
    assert services.invoices_overdue_mark(today=dt.date(2026, 4, 14)) == 0
    assert services.invoices_overdue_mark(today=dt.date(2026, 4, 15)) == 1
    assert services.invoices_overdue_mark(today=dt.date(2026, 4, 16)) == 0
    invoice.refresh_from_db()
    assert invoice.status == "overdue"


def test_correction_references_the_original_and_lowers_what_it_owes():
    original = issued()
    correction = services.invoice_correct(
        invoice=original,
        actor=None,
        reason="Skan nie był wykonany",
        lines=[
            {"description": "Skan", "quantity": D("-1"), "unit_price": D("7.50"), "vat_rate": "23"}
        ],
    )
    assert (correction.kind, correction.corrects_id) == ("correction", original.pk)
    assert (correction.net, correction.vat, correction.gross) == (
        D("-7.50"),
        D("-1.73"),
        D("-9.23"),
    )
    services.invoice_issue(invoice=correction, actor=None)
    original.refresh_from_db()
    correction.refresh_from_db()
    assert original.status == "issued"  # nothing paid: still owed
    assert original.amount_due == original.gross - D("9.23")
    assert correction.number.startswith("FV/2/")
    assert correction.status == "paid"  # a reducing correction leaves nothing to pay


def test_bulk_issue_keeps_going_past_a_refused_draft():
    good = draft()
    bad_client = buyer()
    type(bad_client).objects.filter(pk=bad_client.pk).update(nip="1234567890")
    bad = draft(type(bad_client).objects.get(pk=bad_client.pk))
    later = draft()
    issued_list, refused = services.invoices_issue(
        invoice_ids=[later.pk, bad.pk, good.pk], actor=None
    )
    assert [i.pk for i in issued_list] == [good.pk, later.pk]
    assert [(i.pk, "not valid" in m) for i, m in refused] == [(bad.pk, True)]
    numbers = list(
        Invoice.objects.exclude(number="").order_by("pk").values_list("number", flat=True)
    )
    assert [n.split("/")[1] for n in numbers] == ["1", "2"]
