import re
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


def test_the_api_refuses_an_overpayment_unless_confirmed(office_a):
    """The payment service owns the rule: the API records a payment over what is due only
    with confirm_overpayment (until 2026-12-06 it recorded any amount without asking)."""
    with in_office(office_a):
        office_details()
        invoice = issued()
        over = Decimal("500.00") - invoice.gross
        today = f"{services.office_today():%Y-%m-%d}"
        due_sk = money(invoice.gross, invoice.currency, language="sk")
        over_sk = money(over, invoice.currency, language="sk")
    api = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="sk"))
    url = f"/api/v1/invoices/{invoice.pk}/payments/"
    refused = api.post(url, {"date": today, "amount": "500.00"}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {
        "code": "overpayment",
        "detail": f"Táto platba je o {over_sk} vyššia, než je na úhradu ({due_sk}): najprv ju"
        " potvrďte.",
        "fields": {},
    }
    refused = api.post(
        url,
        {"date": today, "amount": "500.00", "confirm_overpayment": False},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "overpayment"
    with in_office(office_a):
        assert not Payment.objects.exists()
    recorded = api.post(
        url,
        {"date": today, "amount": "500.00", "confirm_overpayment": True},
        content_type="application/json",
    )
    assert recorded.status_code == 201
    body = recorded.json()
    assert (body["amount"], body["date"], "confirm_overpayment" in body) == (
        "500.00",
        today,
        False,
    )
    with in_office(office_a):
        assert list(Payment.objects.values_list("amount", flat=True)) == [Decimal("500.00")]
        invoice.refresh_from_db()
        assert (invoice.paid, invoice.status) == (Decimal("500.00"), "paid")


def test_the_api_records_a_payment_within_what_is_due_without_confirmation(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued()
        today = f"{services.office_today():%Y-%m-%d}"
    api = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))
    response = api.post(
        f"/api/v1/invoices/{invoice.pk}/payments/",
        {"date": today, "amount": str(invoice.gross)},
        content_type="application/json",
    )
    assert response.status_code == 201
    with in_office(office_a):
        invoice.refresh_from_db()
        assert (invoice.paid, invoice.status) == (invoice.gross, "paid")


def test_the_api_schema_documents_confirm_overpayment(office_a):
    api = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    body = schema["paths"]["/api/v1/invoices/{id}/payments/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    field = schema["components"]["schemas"][ref]["properties"]["confirm_overpayment"]
    assert field["type"] == "boolean" and field["default"] is False
    assert "overpayment" in field["description"]


def test_a_mistyped_payment_keeps_what_was_typed_and_says_what_is_wrong(office_a):
    """The audit: "12a" typed as the amount with a note answered "Podaj datę i kwotę
    płatności." above a form prefilled again with what is due and an empty note: what was
    typed was lost and the field was not marked."""
    with in_office(office_a):
        office_details()
        invoice = issued()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    response = web.post(
        f"/invoices/{invoice.pk}/payments/",
        {"date": "2026-12-07", "amount": "12a", "note": "przelew częściowy"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Podaj datę i kwotę płatności." in page
    form = page.split('data-testid="payment-form"')[1].split("</form>")[0]
    assert 'value="12a"' in form and 'value="przelew częściowy"' in form
    amount = re.search(r'<input[^>]*name="amount"[^>]*>', form).group(0)
    assert "is-invalid" in amount  # the field is marked
    with in_office(office_a):
        assert not Payment.objects.exists()
