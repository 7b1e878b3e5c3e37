"""A correction changes what the original's client owes (original + corrections): the
original stays unpaid or overdue until paid, and both pages link to each other."""

import datetime as dt

from accounts.models import Role
from modules.invoices import services
from modules.invoices.models import Invoice
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import D, buyer, issued, office_details


def _correct(original, lines):
    correction = services.invoice_correct(
        invoice=original, actor=None, reason="Skan nie był wykonany", lines=lines
    )
    return services.invoice_issue(invoice=correction, actor=None)


SKAN = {"description": "Skan", "quantity": D("-1"), "unit_price": D("7.50"), "vat_rate": "23"}


def test_a_zero_correction_leaves_an_overdue_original_overdue_and_unpaid(in_office_a):
    office_details()
    original = issued(due_date=services.office_today() - dt.timedelta(days=5))
    services.invoices_overdue_mark(today=services.office_today())
    zero = {**SKAN, "quantity": D("0")}

    _correct(original, [zero])

    original.refresh_from_db()
    assert (original.status, original.amount_due, original.outstanding) == (
        "overdue",
        original.gross,
        original.gross,
    )
    assert Invoice.objects.filter(pk=original.pk, status__in=Invoice.UNPAID).exists()


def test_paying_the_corrected_amount_pays_the_original(in_office_a):
    office_details()
    original = issued()
    _correct(original, [SKAN])
    original.refresh_from_db()
    assert original.outstanding == original.gross - D("9.23")

    services.payment_record(
        invoice=original, date=services.office_today(), amount=original.amount_due, actor=None
    )

    original.refresh_from_db()
    assert (original.status, original.overpaid) == ("paid", D("0"))


def test_a_reducing_correction_of_a_paid_invoice_shows_the_overpayment(in_office_a):
    office_details()
    original = issued()
    services.payment_record(
        invoice=original, date=services.office_today(), amount=original.gross, actor=None
    )
    _correct(original, [SKAN])
    original.refresh_from_db()
    assert (original.status, original.overpaid) == ("paid", D("9.23"))


def test_the_original_stays_in_unpaid_and_in_corrected_and_the_pages_link_both_ways(office_a):
    with in_office(office_a):
        office_details()
        client = buyer()
        original = issued(client)
        correction = _correct(original, [SKAN])
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))

    unpaid = web.get("/invoices/?status=unpaid").content.decode()
    corrected = web.get("/invoices/?status=corrected").content.decode()
    assert f'href="/invoices/{original.pk}/"' in unpaid
    assert f'href="/invoices/{original.pk}/"' in corrected
    page = web.get(f"/invoices/{original.pk}/").content.decode()
    links = page.split('data-testid="corrections"')[1].split("</dd>")[0]
    assert f'href="/invoices/{correction.pk}/"' in links and correction.number in links
    assert 'data-testid="amount-due"' in page
    back = web.get(f"/invoices/{correction.pk}/").content.decode()
    assert f'href="/invoices/{original.pk}/"' in back

    portal_user = member(office_a, Role.CLIENT, client_id=client.pk, client_name=client.name)
    panel = OfficeClient(office_a, user=portal_user)
    page = panel.get(f"/portal/invoices/{original.pk}/").content.decode()
    assert f'href="/portal/invoices/{correction.pk}/"' in page.split('data-testid="corrections"')[1]
    back = panel.get(f"/portal/invoices/{correction.pk}/").content.decode()
    assert f'href="/portal/invoices/{original.pk}/"' in back.split('data-testid="corrects"')[1]
