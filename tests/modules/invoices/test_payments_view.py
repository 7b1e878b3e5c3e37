from decimal import Decimal

from accounts.models import Role
from common.money import money
from modules.invoices import services
from modules.invoices.models import Payment
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import issued, office_details


def test_an_overpayment_is_recorded_with_a_warning_naming_the_amount(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued()
        over = Decimal("500.00") - invoice.gross
        today = services.office_today()
    assert over > 0
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))
    page = web.get(f"/invoices/{invoice.pk}/").content.decode()
    assert f'name="date" value="{today:%Y-%m-%d}"' in page
    assert 'data-testid="payment-form"' in page
    asked = web.post(
        f"/invoices/{invoice.pk}/payments/", {"date": f"{today:%Y-%m-%d}", "amount": "500.00"}
    ).content.decode()
    with in_office(office_a):
        assert not Payment.objects.exists()  # asked first, nothing recorded
        label = money(over, invoice.currency, language="en")
    assert f"is {label} more than is due" in asked
    assert 'name="confirm_overpayment" value="1"' in asked and 'value="500.00"' in asked
    response = web.post(
        f"/invoices/{invoice.pk}/payments/",
        {"date": f"{today:%Y-%m-%d}", "amount": "500.00", "confirm_overpayment": "1"},
        follow=True,
    )
    text = response.content.decode()
    with in_office(office_a):
        assert list(Payment.objects.values_list("amount", flat=True)) == [Decimal("500.00")]
    assert (
        f"Payment recorded: the invoice is overpaid by {label} (payments over its gross)." in text
    )
    assert "alert-warning" in text
    assert f"overpaid by {label}" in text.split('data-testid="overpaid">')[1]
    assert 'data-testid="payment-form"' not in text and 'data-testid="payments"' in text


def test_a_payment_of_what_is_due_says_recorded_and_hides_the_form(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))
    half = (invoice.gross / 2).quantize(Decimal("0.01"))
    text = web.post(
        f"/invoices/{invoice.pk}/payments/",
        {"date": "2026-12-01", "amount": str(half)},
        follow=True,
    ).content.decode()
    assert "Payment recorded." in text and 'data-testid="payment-form"' in text
    assert 'name="amount" value="' + str(invoice.gross - half) in text
    text = web.post(
        f"/invoices/{invoice.pk}/payments/",
        {"date": "2026-12-01", "amount": str(invoice.gross - half)},
        follow=True,
    ).content.decode()
    assert "Payment recorded." in text and "overpaid" not in text
    assert 'data-testid="payment-form"' not in text
