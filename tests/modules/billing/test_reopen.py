import pytest

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.billing.models import PeriodClose
from modules.billing.periods import month_start
from modules.billing.selectors import summary_get
from modules.billing.services import period_close, period_reopen
from modules.invoices.models import Invoice
from tenants.selectors import office_today
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import MARCH, fixture_month
from tests.modules.billing.test_views import REFUSED
from tests.modules.invoices.factories import draft, issued, office_details
from tests.modules.scanrequests.conftest import english


def test_reopen_undoes_the_close_and_audits_it(in_office_a, staff_a):
    client = fixture_month()
    close = period_close(client=client, period=MARCH, actor=staff_a)
    period_reopen(client=client, period=MARCH, actor=staff_a)
    assert not PeriodClose.objects.filter(client=client).exists()
    assert not summary_get(client_id=client.pk, period=MARCH).closed
    entry = AuditEntry.objects.filter(action="billing.period_reopened").get()
    assert entry.changes == {
        "period": "2026-03-01",
        "net": str(close.net),
        "gross": str(close.gross),
    }
    with pytest.raises(ApplicationError) as exc:
        period_reopen(client=client, period=MARCH, actor=staff_a)
    assert exc.value.code == "not_closed"
    period_close(client=client, period=MARCH, actor=staff_a)
    assert PeriodClose.objects.filter(client=client, period=MARCH).count() == 1


def test_reopen_is_refused_once_an_invoice_was_made_from_the_month(in_office_a, staff_a):
    office_details()
    client = fixture_month()
    period_close(client=client, period=MARCH, actor=staff_a)
    made = draft(client=client, period=MARCH)
    with pytest.raises(ApplicationError) as exc:
        period_reopen(client=client, period=MARCH, actor=staff_a)
    assert exc.value.code == "invoiced"
    assert exc.value.message == (
        "A draft invoice was made from this month: delete the draft first, then reopen."
    )
    made.delete()
    invoice = issued(client=client, period=MARCH)
    with pytest.raises(ApplicationError) as exc:
        period_reopen(client=client, period=MARCH, actor=staff_a)
    assert exc.value.message == (
        f"Invoice {invoice.number} was issued from this month: it cannot be reopened (correct"
        " the invoice instead)."
    )
    assert PeriodClose.objects.filter(client=client, period=MARCH).exists()
    assert not AuditEntry.objects.filter(action="billing.period_reopened").exists()
    assert Invoice.objects.filter(client=client, period=None).count() == 0


def test_closing_one_client_asks_first_and_warns_about_an_unfinished_month(office_a):
    with in_office(office_a):
        client = fixture_month()
    web = OfficeClient(office_a, user=english(member(office_a, Role.STAFF)))
    page = web.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()
    assert f'href="/settlements/clients/{client.pk}/close/?month=2026-03"' in page
    assert 'method="post" action="/settlements/clients/' not in page
    asked = web.get(f"/settlements/clients/{client.pk}/close/?month=2026-03")
    text = asked.content.decode()
    assert asked.status_code == 200
    assert "Closing freezes this client's figures for the month" in text
    assert 'data-testid="unfinished"' not in text
    with in_office(office_a):
        assert not PeriodClose.objects.exists()
        this_month = month_start(office_today())
    now = web.get(f"/settlements/clients/{client.pk}/close/?month={this_month:%Y-%m}")
    assert "This month has not ended yet" in now.content.decode()
    done = web.post(f"/settlements/clients/{client.pk}/close/", {"month": "2026-03"})
    assert done.status_code == 302
    with in_office(office_a):
        assert PeriodClose.objects.filter(client=client, period=MARCH).exists()
    again = web.get(f"/settlements/clients/{client.pk}/close/?month=2026-03").content.decode()
    assert 'data-testid="already-closed"' in again and 'data-testid="close-form"' not in again


def test_only_owners_reopen_a_month(office_a, office_b):
    with in_office(office_a):
        client = fixture_month()
        period_close(client=client, period=MARCH, actor=None)
    url = f"/settlements/clients/{client.pk}/reopen/"
    staff = OfficeClient(office_a, user=english(member(office_a, Role.STAFF)))
    assert (
        'data-testid="reopen"'
        not in staff.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()
    )
    for role in (Role.STAFF, Role.ADMIN):
        web = OfficeClient(office_a, user=member(office_a, role))
        assert web.post(url, {"month": "2026-03"}).status_code == 403
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        url,
        data={"month": "2026-03"},
        expect={**REFUSED, "staff": 403, "admin": 403, "owner": 302},
        unchanged=lambda: PeriodClose.objects.exists(),
    )
    with in_office(office_a):
        assert not PeriodClose.objects.exists()
        period_close(client=client, period=MARCH, actor=None)
    owner = OfficeClient(office_a, user=english(member(office_a, Role.OWNER)))
    page = owner.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()
    assert f'href="{url}?month=2026-03"' in page
    assert "Reopening undoes the close" in owner.get(f"{url}?month=2026-03").content.decode()
    response = owner.post(url, {"month": "2026-03"}, follow=True)
    assert "March 2026 reopened for" in response.content.decode()
    with in_office(office_a):
        assert not PeriodClose.objects.exists()


def test_a_month_an_invoice_was_issued_from_says_so_instead_of_offering_to_reopen(office_a):
    """The audit: a closed month with FV/13/12/2026 issued from it offered "Otwórz miesiąc
    ponownie", whose page asked and whose button then refused. The month's page says why it
    stays closed, naming the invoice, and offers no reopen."""
    with in_office(office_a):
        office_details()
        client = fixture_month()
        period_close(client=client, period=MARCH, actor=None)
        invoice = issued(client=client, period=MARCH)
    owner = OfficeClient(office_a, user=member(office_a, Role.OWNER, language="pl"))
    page = owner.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()
    assert 'data-testid="reopen"' not in page
    kept = page.split('data-testid="kept-closed">')[1].split("</p>")[0]
    assert kept == (
        f"Z tego miesiąca wystawiono fakturę {invoice.number}: nie można go otworzyć ponownie"
        " (zamiast tego skoryguj fakturę)."
    )
    with in_office(office_a):
        other = fixture_month()
        period_close(client=other, period=MARCH, actor=None)
    page = owner.get(f"/settlements/clients/{other.pk}/?month=2026-03").content.decode()
    assert 'data-testid="reopen"' in page and 'data-testid="kept-closed"' not in page
