"""A mistyped payment is removed by an office owner or admin, after a confirmation page:
the invoice's paid amount and status are computed again under its lock, and the audit log
keeps the removal. An overpayment is recorded only once confirmed."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.invoices import services
from modules.invoices.models import Invoice, Payment
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import issued, office_details


def test_removing_the_payment_of_a_paid_invoice_makes_it_overdue_again(in_office_a):
    office_details()
    invoice = issued(due_date=services.office_today() - dt.timedelta(days=3))
    payment = services.payment_record(
        invoice=invoice, date=services.office_today(), amount=invoice.gross, actor=None
    )
    assert Invoice.objects.get(pk=invoice.pk).status == "paid"

    after = services.payment_delete(payment=payment, actor=None)

    assert (after.status, after.paid) == ("overdue", Decimal("0"))
    assert Invoice.objects.get(pk=invoice.pk).status == "overdue"
    entry = AuditEntry.objects.get(action="invoices.payment_deleted")
    assert entry.changes["status"] == "overdue"
    with pytest.raises(ApplicationError, match="already removed"):
        services.payment_delete(payment=payment, actor=None)


def test_removing_one_of_two_payments_leaves_it_partly_paid(in_office_a):
    office_details()
    invoice = issued()
    half = (invoice.gross / 2).quantize(Decimal("0.01"))
    today = services.office_today()
    services.payment_record(invoice=invoice, date=today, amount=half, actor=None)
    second = services.payment_record(
        invoice=invoice, date=today, amount=invoice.gross - half, actor=None
    )

    after = services.payment_delete(payment=second, actor=None)

    assert (after.status, after.paid) == ("partly_paid", half)


def test_an_overpayment_is_refused_by_the_service_until_confirmed(in_office_a):
    office_details()
    invoice = issued()
    today = services.office_today()
    with pytest.raises(ApplicationError) as exc:
        services.payment_record(invoice=invoice, date=today, amount=invoice.gross + 1, actor=None)
    assert exc.value.code == "overpayment"
    assert not Payment.objects.exists()
    services.payment_record(
        invoice=invoice,
        date=today,
        amount=invoice.gross + 1,
        actor=None,
        overpayment_confirmed=True,
    )
    assert Invoice.objects.get(pk=invoice.pk).overpaid == Decimal("1")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.OWNER, True), (Role.ADMIN, True), (Role.STAFF, False), (Role.CLIENT, False)],
)
def test_only_owners_and_admins_remove_a_payment_after_a_confirmation_page(office_a, role, allowed):
    with in_office(office_a):
        office_details()
        invoice = issued()
        payment = services.payment_record(
            invoice=invoice, date=services.office_today(), amount=invoice.gross, actor=None
        )
    web = OfficeClient(office_a, user=member(office_a, role, language="en"))
    url = f"/invoices/{invoice.pk}/payments/{payment.pk}/delete/"

    page = web.get(url)
    response = web.post(url, follow=True)

    with in_office(office_a):
        if allowed:
            assert 'data-testid="payment-delete-form"' in page.content.decode()
            assert not Payment.objects.exists()
            assert Invoice.objects.get(pk=invoice.pk).status == "issued"
            assert "removed." in response.content.decode()
        else:
            assert page.status_code in (403, 404)
            assert Payment.objects.filter(pk=payment.pk).exists()
            assert Invoice.objects.get(pk=invoice.pk).status == "paid"
            assert not AuditEntry.objects.filter(action="invoices.payment_deleted").exists()


def test_the_remove_link_shows_to_admins_only(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued()
        services.payment_record(
            invoice=invoice, date=services.office_today(), amount=Decimal("1.00"), actor=None
        )
    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN, language="en"))
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))
    assert 'data-testid="payment-remove"' in admin.get(f"/invoices/{invoice.pk}/").content.decode()
    assert (
        'data-testid="payment-remove"' not in staff.get(f"/invoices/{invoice.pk}/").content.decode()
    )


def test_a_payment_of_another_invoice_answers_404(office_a):
    with in_office(office_a):
        office_details()
        one, other = issued(), issued()
        payment = services.payment_record(
            invoice=other, date=services.office_today(), amount=Decimal("1.00"), actor=None
        )
    web = OfficeClient(office_a, user=member(office_a, Role.OWNER, language="en"))
    assert web.post(f"/invoices/{one.pk}/payments/{payment.pk}/delete/").status_code == 404
    with in_office(office_a):
        assert Payment.objects.filter(pk=payment.pk).exists()
