"""Payments of an issued invoice: recorded (an overpayment only once confirmed) and removed
(a mistyped one), the invoice's paid amount and status recomputed under its row lock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from common.audit import audit_value
from common.exceptions import ApplicationError
from common.money import money
from modules.audit.services import audit_record
from modules.invoices.models import Invoice, Payment
from modules.invoices.services.invoices import _status_from_payments
from tenants.selectors import office_today

ZERO = Decimal("0")


def overpayment_of(invoice: Invoice, amount: Decimal) -> Decimal:
    """By how much paying `amount` now would pay more than is due (zero when it would not)."""
    return max(amount - max(invoice.outstanding, ZERO), ZERO)


@transaction.atomic
def payment_record(
    *,
    invoice: Invoice,
    date: dt.date,
    amount: Decimal,
    actor,
    note: str = "",
    overpayment_confirmed: bool = False,
) -> Payment:
    """Record a payment. One larger than what is still due is refused (code "overpayment",
    naming by how much) unless `overpayment_confirmed`: the staff screen asks first (a client
    may pay more, to be refunded or settled; a mistyped amount is caught before it is
    saved)."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.is_draft:
        raise ApplicationError(_("A draft cannot be paid; issue it first."))
    if amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    over = overpayment_of(invoice, amount)
    if over > 0 and not overpayment_confirmed:
        raise ApplicationError(
            _("This payment is %(over)s more than is due (%(due)s): confirm it first.")
            % {
                "over": money(over, invoice.currency),
                "due": money(max(invoice.outstanding, ZERO), invoice.currency),
            },
            code="overpayment",
        )
    payment = Payment(invoice=invoice, date=date, amount=amount, note=note, recorded_by=actor)
    payment.full_clean(exclude=["invoice", "recorded_by"])
    payment.save()
    invoice.paid += amount
    invoice.status = _status_from_payments(invoice, office_today())
    invoice.save(update_fields=["paid", "status", "updated_at"])
    audit_record(
        action="invoices.payment_recorded",
        actor=actor,
        target=invoice,
        changes={"amount": audit_value(amount), "date": audit_value(date)},
    )
    return payment


@transaction.atomic
def payment_delete(*, payment: Payment, actor) -> Invoice:
    """Remove a payment recorded by mistake. The invoice's row is locked first (a payment
    recorded or removed at the same time waits), its paid amount is summed again from the
    payments left and its status recomputed (paid -> partly paid / overdue / issued)."""
    invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
    payment = Payment.objects.filter(pk=payment.pk, invoice=invoice).first()
    if payment is None:
        raise ApplicationError(_("This payment was already removed."), code="gone")
    payment.delete()
    invoice.paid = invoice.payments.aggregate(total=Sum("amount"))["total"] or ZERO
    invoice.status = _status_from_payments(invoice, office_today())
    invoice.save(update_fields=["paid", "status", "updated_at"])
    audit_record(
        action="invoices.payment_deleted",
        actor=actor,
        target=invoice,
        changes={
            "amount": audit_value(payment.amount),
            "date": audit_value(payment.date),
            "status": invoice.status,
        },
    )
    return invoice
