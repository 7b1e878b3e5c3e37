import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from modules.invoices import services
from modules.invoices.models import Invoice
from tests.factories import MembershipFactory, UserFactory
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import buyer, draft, issued, office_details


def _staff(office, language: str):
    user = member(office, Role.STAFF)
    user.language = language
    user.save(update_fields=["language"])
    return user


def _rows(html: str) -> list[str]:
    body = html[html.index("<tbody>") + len("<tbody>") : html.index("</tbody>")]
    return [row for row in body.split("</tr>") if row.strip()]


def test_register_rows_show_number_client_dates_amount_status_and_ksef(office_a):
    with in_office(office_a):
        office_details()
        client = buyer(name="Alfa & Omega sp. z o.o.")
        invoice = issued(client)
        waiting = draft(client)
        Invoice.objects.filter(pk=waiting.pk).update(acceptance=Invoice.Acceptance.PENDING)
        Invoice.objects.filter(pk=invoice.pk).update(ksef_status=Invoice.Ksef.ACCEPTED)
        number, issue_date, due_date = invoice.number, invoice.issue_date, invoice.due_date
    web = OfficeClient(office_a, user=_staff(office_a, "en"))
    rows = _rows(web.get("/invoices/").content.decode())
    assert len(rows) == 2
    client_cell = '<td class="text-break" data-label="Client">Alfa &amp; Omega sp. z o.o.</td>'
    assert rows[0] == (
        f'<tr><td><input class="form-check-input" type="checkbox" name="ids" '
        f'value="{waiting.pk}" aria-label="Select"></td>'
        f'<td><a class="fw-semibold" href="/invoices/{waiting.pk}/">draft</a></td>'
        f"{client_cell}"
        f'<td data-label="Issue date">–</td>'
        f'<td data-label="Due date">{due_date:%d/%m/%Y}</td>'
        f'<td class="text-end num" data-label="Gross">PLN\xa0334.11</td>'
        '<td data-label="Status"><span class="badge text-bg-secondary" data-testid="status">'
        'Draft</span> <span class="badge text-bg-warning" data-testid="acceptance">'
        'Waiting for the client</span></td><td data-label="KSeF">-</td>'
    )
    assert rows[1] == (
        f'<tr><td></td><td><a class="fw-semibold" href="/invoices/{invoice.pk}/">{number}</a>'
        f"</td>{client_cell}"
        f'<td data-label="Issue date">{issue_date:%d/%m/%Y}</td>'
        f'<td data-label="Due date">{due_date:%d/%m/%Y}</td>'
        f'<td class="text-end num" data-label="Gross">PLN\xa0334.11</td>'
        '<td data-label="Status"><span class="badge text-bg-primary" data-testid="status">'
        'Issued</span></td><td data-label="KSeF">Accepted</td>'
    )


def test_register_in_polish_formats_dates_and_amounts_as_the_template_did(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued(buyer())
        services.payment_record(
            invoice=invoice, amount=invoice.gross, date=invoice.issue_date, actor=None
        )
        invoice.refresh_from_db()
    web = OfficeClient(office_a, user=_staff(office_a, "pl"))
    [row] = _rows(web.get("/invoices/?status=paid").content.decode())
    assert f'<td data-label="Data wystawienia">{invoice.issue_date:%d.%m.%Y}</td>' in row
    assert '<td class="text-end num" data-label="Brutto">334,11\xa0zł</td>' in row
    assert '<span class="badge text-bg-success" data-testid="status">Opłacona</span>' in row


def test_register_tabs_and_month_choose_the_rows_newest_first(office_a):
    with in_office(office_a):
        office_details()
        client = buyer()
        march = issued(client)
        april = issued(client)
        Invoice.objects.filter(pk=april.pk).update(issue_date=dt.date(2026, 4, 2))
        Invoice.objects.filter(pk=march.pk).update(issue_date=dt.date(2026, 3, 31))
        paid = issued(client)
        Invoice.objects.filter(pk=paid.pk).update(status="paid", issue_date=dt.date(2026, 4, 1))
        a_draft = draft(client)
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))

    def ids(url):
        html = web.get(url).content.decode()
        return [int(row.split('href="/invoices/')[1].split("/")[0]) for row in _rows(html)]

    assert ids("/invoices/") == [a_draft.pk, april.pk, paid.pk, march.pk]
    assert ids("/invoices/?status=unpaid") == [april.pk, march.pk]
    assert ids("/invoices/?status=unpaid&month=2026-04") == [april.pk]
    assert ids("/invoices/?status=paid") == [paid.pk]
    assert ids("/invoices/?month=2026-03") == [march.pk]
    assert ids("/invoices/?status=draft") == [a_draft.pk]


def test_register_pages_without_counting(office_a, monkeypatch):
    from modules.invoices.views import staff

    monkeypatch.setattr(staff, "PAGE", 2)
    with in_office(office_a):
        office_details()
        client = buyer()
        made = [issued(client) for _ in range(3)]
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    first = web.get("/invoices/?status=unpaid").content.decode()
    assert "&amp;page=2" in first
    second = web.get("/invoices/?status=unpaid&page=2").content.decode()
    assert len(_rows(second)) == 1
    assert f'href="/invoices/{made[0].pk}/"' in second
    assert "&amp;page=3" not in second
    with CaptureQueriesContext(connection) as captured:
        web.get("/invoices/?status=unpaid&page=2")
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]


def test_register_sends_the_same_queries_for_2_or_12_rows(office_a, django_assert_num_queries):
    with in_office(office_a):
        office_details()
        for _ in range(2):
            issued(buyer())
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    web.get("/invoices/")
    with CaptureQueriesContext(connection) as captured:
        web.get("/invoices/")
    with in_office(office_a):
        for _ in range(10):
            issued(buyer())
    with django_assert_num_queries(len(captured.captured_queries)):
        assert len(_rows(web.get("/invoices/").content.decode())) == 12
    [register] = [q["sql"] for q in captured.captured_queries if "invoices_invoice" in q["sql"]]
    assert '"invoices_invoice"."seller"' not in register
    assert '"invoices_invoice"."notes"' not in register


@pytest.mark.parametrize(
    ("url_query", "index"),
    [
        ({}, "invoices_issue_idx"),
        ({"month": dt.date(2026, 3, 1)}, "invoices_issue_idx"),
        ({"status": "unpaid"}, "invoices_unpaid_idx"),
        ({"status": "unpaid", "month": dt.date(2026, 3, 1)}, "invoices_unpaid_idx"),
        ({"status": "paid"}, "invoices_"),  # status_idx, or issue_idx filtered: both in order
    ],
)
def test_each_register_tab_reads_an_index_in_page_order_without_a_sort(office_a, url_query, index):
    from modules.invoices.selectors import invoice_register_page

    with in_office(office_a):
        staff = MembershipFactory(office=office_a, role=Role.STAFF, user=UserFactory())
        with CaptureQueriesContext(connection) as captured:
            invoice_register_page(membership=staff, page=1, page_size=50, **url_query)
        [sql] = [q["sql"] for q in captured.captured_queries if "invoices_invoice" in q["sql"]]
        with connection.cursor() as cursor:
            # A test's table is tiny: a scan and a sort cost nothing there. Discouraging
            # both shows whether an index gives the order (the sort stays when none does);
            # on 200,000 rows the planner picks it alone (tests/perf/test_invoices.py).
            for plan_kind in ("seqscan", "bitmapscan", "sort"):
                cursor.execute(f"SET LOCAL enable_{plan_kind} = off")
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Index Scan using {index}" in plan
    assert "Sort" not in plan


def test_the_drafts_tab_lists_drafts_by_client_in_the_office_language_s_alphabet(office_a):
    """A month's run makes a draft per client in the clients' order; newest first, the tab
    read them Ż to B. Drafts (no number yet) are listed by the client's name as Polish sorts
    it (Ł after L, Ż after Z), then as made; the other tabs keep newest first."""
    with in_office(office_a):
        office_details()
        made = {
            name: draft(buyer(name=name))
            for name in ("Bóbr sp. z o.o.", "Lis", "Łoś", "Zięba", "Żuraw", "Adam")
        }
        made["Lis 2"] = draft(buyer(name="Lis"))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))

    def ids(url):
        html = web.get(url).content.decode()
        return [int(row.split('href="/invoices/')[1].split("/")[0]) for row in _rows(html)]

    order = ["Adam", "Bóbr sp. z o.o.", "Lis", "Lis 2", "Łoś", "Zięba", "Żuraw"]
    assert ids("/invoices/?status=draft") == [made[name].pk for name in order]
    assert ids("/invoices/")[0] == made["Lis 2"].pk  # "all" stays newest first
