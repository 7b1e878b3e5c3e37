"""The audit's "Faktura FV/1/10/2026 ... na kwotę 0,00 zł": the demo's oldest invoice was
paid, and its e-mail printed the amount left to pay. A paid invoice's e-mail says it is
paid; the demo holds no zero-value invoice, and a zero-value regular invoice is refused."""

import pytest

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.billing.demo import seed_demo as billing_demo
from modules.invoices import services
from modules.invoices.demo import seed_demo
from modules.invoices.models import Invoice
from modules.notifications.models import Delivery
from tests.helpers.offices import member
from tests.modules.invoices.factories import buyer, draft, issued, office_details
from tests.modules.notifications.factories import email_recipient


@pytest.fixture(autouse=True)
def _details(in_office_a):
    office_details()


def test_a_paid_invoice_s_e_mail_says_it_is_paid_not_zero_to_pay():
    client = buyer(language="pl")
    email_recipient(client_id=client.pk, address="ksiegowosc@example.com", language="pl")
    invoice = issued(client)
    services.payment_record(
        invoice=invoice, date=invoice.issue_date, amount=invoice.gross, actor=None
    )
    assert services.invoices_deliver(invoice_ids=[invoice.pk]) == 1
    body = Delivery.objects.get(event="invoices.new").body
    assert f"w załączniku przesyłamy fakturę {invoice.number}, już opłaconą – dziękujemy." in body
    assert "0,00" not in body


def test_an_unpaid_invoice_s_e_mail_gives_the_amount_and_the_due_date():
    client = buyer(language="en")
    email_recipient(client_id=client.pk, address="ksiegowosc@example.com", language="en")
    invoice = issued(client)
    services.invoices_deliver(invoice_ids=[invoice.pk])
    body = Delivery.objects.get(event="invoices.new").body
    due = invoice.due_date.strftime("%d/%m/%Y")
    assert f"please find attached invoice {invoice.number} for PLN\xa0334.11, due on {due}." in body


def test_a_zero_value_invoice_is_refused_at_issue():
    free = {"description": "Gratis", "quantity": "1", "unit": "piece", "unit_price": "0.00"}
    invoice = draft(lines=[{**free, "vat_rate": "23"}])
    with pytest.raises(ApplicationError, match="zero or negative invoice"):
        services.invoice_issue(invoice=invoice, actor=None)


def test_the_demo_holds_no_zero_value_invoice(office_a):
    for _ in range(6):
        buyer()
    people = {"staff": member(office_a, Role.STAFF)}
    billing_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    assert Invoice.objects.exclude(status="draft").count() > 0
    assert not Invoice.objects.filter(gross__lte=0).exists()
