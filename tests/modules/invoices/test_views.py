import datetime as dt
import html

import pytest
from django.utils import translation

from accounts.models import Role
from modules.invoices.models import Invoice, Payment
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import D, buyer, draft, issued, line, office_details

STAFF_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
REFUSED = {k: v for k, v in STAFF_PAGE.items() if v != 200}
ADMIN_PAGE = {**STAFF_PAGE, "staff": 403}


def _setup(office):
    with in_office(office):
        office_details()
        client = buyer()
        return client, issued(client), draft(client)


def test_permission_matrix(office_a, office_b):
    client, invoice, a_draft = _setup(office_a)
    for url in (
        "/invoices/",
        "/invoices/?status=overdue",
        "/invoices/new/",
        f"/invoices/{invoice.pk}/",
        f"/invoices/{invoice.pk}/pdf/",
        f"/invoices/{a_draft.pk}/edit/",
        f"/clients/{client.pk}/invoices/",
    ):
        check_permission_matrix(office_a, office_b, "get", url, expect=STAFF_PAGE)
    check_permission_matrix(
        office_a, office_b, "get", "/administration/invoices/", expect=ADMIN_PAGE
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/invoices/{a_draft.pk}/issue/",
        expect=REFUSED,
        unchanged=lambda: Invoice.objects.get(pk=a_draft.pk).status == "draft",
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/invoices/{invoice.pk}/payments/",
        data={"date": "2026-04-01", "amount": "10"},
        expect=REFUSED,
        unchanged=lambda: not Payment.objects.exists(),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/invoices/{a_draft.pk}/delete/",
        expect=REFUSED,
        unchanged=lambda: Invoice.objects.filter(pk=a_draft.pk).exists(),
    )


def test_cross_office_rows_answer_404_and_change_nothing(office_a, office_b):
    _client, invoice, a_draft = _setup(office_a)
    for url in (f"/invoices/{invoice.pk}/", f"/invoices/{invoice.pk}/pdf/"):
        check_cross_office(office_a, office_b, "get", url)
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/invoices/{a_draft.pk}/issue/",
        unchanged=lambda: Invoice.objects.get(pk=a_draft.pk).status == "draft",
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/invoices/{invoice.pk}/payments/",
        data={"date": "2026-04-01", "amount": "10"},
        unchanged=lambda: not Payment.objects.exists(),
    )


def test_client_panel_isolation(office_a):
    with in_office(office_a):
        office_details()
        mine, other = buyer(), buyer()
        own = issued(mine)
        foreign = issued(other)
        own_draft = draft(mine)
    user = member(office_a, Role.CLIENT, client_id=mine.pk, client_name=mine.name)
    web = OfficeClient(office_a, user=user)
    page = web.get("/portal/invoices/").content.decode()
    assert own.number in page
    assert foreign.number not in page
    assert f"/portal/invoices/{own_draft.pk}/" not in page
    assert web.get(f"/portal/invoices/{own.pk}/").status_code == 200
    pdf = web.get(f"/portal/invoices/{own.pk}/pdf/")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    for url in (
        f"/portal/invoices/{foreign.pk}/",
        f"/portal/invoices/{foreign.pk}/pdf/",
        f"/portal/invoices/{own_draft.pk}/",
        f"/portal/invoices/{own_draft.pk}/pdf/",
        f"/invoices/{own.pk}/pdf/",
        f"/portal/invoices/{foreign.pk}/ubl/",
        f"/portal/invoices/{own_draft.pk}/ubl/",
        f"/invoices/{own.pk}/ubl/",
        f"/api/v1/invoices/{foreign.pk}/ubl/",
    ):
        assert web.get(url).status_code in (403, 404), url
    with in_office(office_a):
        foreign_path = Invoice.objects.get(pk=foreign.pk).pdf_path
    # the stored file of B's invoice is not reachable by its path either
    assert foreign_path == "" or web.get("/" + foreign_path).status_code == 404
    api = web.get("/api/v1/invoices/").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert [row["number"] for row in rows] == [own.number]
    assert set(rows[0]) == {
        "id", "kind", "number", "status", "issue_date", "sale_from", "sale_to", "due_date",
        "payment_method", "currency", "net", "vat", "gross", "paid", "notes", "ksef_number",
        "variable_symbol", "lines", "payments", "ubl_available",
    }  # fmt: skip
    assert web.get(f"/api/v1/invoices/{foreign.pk}/").status_code == 404


def test_client_home_tile_counts_own_invoices_only(office_a):
    with in_office(office_a):
        office_details()
        mine, other = buyer(), buyer()
        issued(mine)
        issued(other)
        issued(other)
    user = member(office_a, Role.CLIENT, client_id=mine.pk, client_name=mine.name)
    page = OfficeClient(office_a, user=user).get("/portal/").content.decode()
    tile = page[page.index('data-tile="invoices.client_due"') :].split("</a>", 1)[0]
    assert "Faktury do zapłaty" in tile
    assert '<div class="display-6">1</div>' in tile


def test_list_view_queries_do_not_grow_with_rows(office_a, django_assert_num_queries):
    with in_office(office_a):
        office_details()
        for _ in range(3):
            issued()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    web.get("/invoices/")
    with django_assert_num_queries(_count(web)):
        web.get("/invoices/?status=unpaid")
    with in_office(office_a):
        for _ in range(5):
            issued()
    with django_assert_num_queries(_count(web)):
        assert web.get("/invoices/?status=unpaid").status_code == 200


def _count(web) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        web.get("/invoices/?status=unpaid")
    return len(ctx.captured_queries)


def test_staff_create_issue_and_pay_through_the_screens(office_a):
    with in_office(office_a):
        office_details()
        client = buyer()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    response = web.post(
        "/invoices/new/",
        {
            "client": client.pk,
            "sale_from": "2026-03-01",
            "sale_to": "2026-03-31",
            "payment_method": "transfer",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-description": "Pakiet",
            "lines-0-quantity": "1",
            "lines-0-unit_price": "100.00",
            "lines-0-vat_rate": "23",
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        invoice = Invoice.objects.get(client=client)
        assert (invoice.status, invoice.gross) == ("draft", D("123.00"))
    assert web.post(f"/invoices/{invoice.pk}/issue/").status_code == 302
    web.post(f"/invoices/{invoice.pk}/payments/", {"date": "2026-04-01", "amount": "123.00"})
    with in_office(office_a):
        invoice.refresh_from_db()
        assert (invoice.status, invoice.paid) == ("paid", D("123.00"))
        assert invoice.issue_date is not None and invoice.due_date > dt.date(2026, 1, 1)
    page = web.get(f"/clients/{client.pk}/invoices/").content.decode()
    assert invoice.number in page


def test_register_export_for_the_accountant(office_a):
    import io

    from openpyxl import load_workbook

    with in_office(office_a):
        office_details()
        first = issued()
        draft()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    response = web.get("/invoices/export/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the issued invoice; drafts are not in the register
    assert rows[1][0] == first.number
    assert rows[1][6] == "1234563218"
    assert [float(v) for v in rows[1][7:10]] == [274.57, 59.54, 334.11]
    rates = list(book.worksheets[1].iter_rows(values_only=True))
    assert [(r[0], float(r[2])) for r in rates[1:]] == [("23%", 58.53), ("5%", 1.01)]
    check_permission_matrix(office_a, None, "get", "/invoices/export/", expect={"client": 403})


@pytest.mark.parametrize(
    ("language", "name", "sheets", "headers"),
    [
        ("pl", "faktury", ["Faktury", "Według stawek VAT"], ("Numer", "Data wystawienia")),
        ("sk", "faktury", ["Faktúry", "Podľa sadzieb DPH"], ("Číslo", "Dátum vystavenia")),
        ("en", "invoices", ["Invoices", "By VAT rate"], ("Number", "Issue date")),
    ],
)
def test_register_export_has_common_exports_shape_and_number_formats(
    office_a, language, name, sheets, headers
):
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    from accounts.models import User

    with in_office(office_a):
        office_details()
        first = issued()
    staff = member(office_a, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language=language)
    response = OfficeClient(office_a, user=staff).get("/invoices/export/")
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="{name}-{today}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == sheets
    sheet = book.worksheets[0]
    assert (sheet.freeze_panes, sheet["A1"].value, sheet["B1"].value) == ("A2", *headers)
    assert sheet["A1"].font.b is True
    assert sheet.column_dimensions["F"].width >= 34  # the client's name has room
    assert sheet["B2"].value.date() == first.issue_date
    assert [sheet.cell(2, c).number_format for c in (2, 3, 4, 5)] == ["yyyy-mm-dd"] * 4
    assert [sheet.cell(2, c).number_format for c in (8, 9, 10, 11)] == ["#,##0.00"] * 4
    assert sheet["J2"].value == 334.11
    rates = book.worksheets[1]
    assert (rates.freeze_panes, rates["B2"].number_format) == ("A2", "#,##0.00")


def test_a_draft_saved_again_as_shown_in_polish_keeps_its_dates(office_a):
    # The edit form holds the dates as <input type="date"> reads them (yyyy-mm-dd): in the
    # Polish format the browser showed empty fields and saving dropped the due date.
    from tenants.selectors import office_today
    from tests.helpers.html import form_data

    with in_office(office_a):
        office_details()
        due = office_today() + dt.timedelta(days=30)
        a_draft = draft(buyer(), due_date=due)
    browser = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    url = f"/invoices/{a_draft.pk}/edit/"
    page = browser.get(url)
    assert page["Content-Language"] == "pl"
    sent = form_data(page.content.decode(), **{"method": "post", "class": "card card-body"})
    assert (sent["sale_from"], sent["sale_to"], sent["due_date"]) == (
        "2026-03-01",
        "2026-03-31",
        due.isoformat(),
    )
    # The two empty lines below the draft's four are sent too, each with its rate.
    assert sent["lines-TOTAL_FORMS"] == "6" and sent["lines-5-description"] == ""
    assert browser.post(url, sent).status_code == 302
    with in_office(office_a):
        a_draft.refresh_from_db()
    assert (a_draft.sale_from, a_draft.sale_to, a_draft.due_date) == (
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 31),
        due,
    )


def test_a_draft_saved_with_its_due_date_emptied_is_due_the_office_term(office_a):
    # As on a new invoice, an empty due date means the office's payment term from today;
    # it used to keep the old date without a word.
    from modules.invoices.models import InvoiceSettings
    from tenants.selectors import office_today
    from tests.helpers.html import form_data

    with in_office(office_a):
        office_details()
        InvoiceSettings.objects.update_or_create(pk=1, defaults={"payment_days": 21})
        a_draft = draft(buyer(), due_date=office_today() + dt.timedelta(days=3))
    browser = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    url = f"/invoices/{a_draft.pk}/edit/"
    page = browser.get(url).content.decode()
    assert "termin płatności ustawiony w biurze" in page
    sent = form_data(page, **{"method": "post", "class": "card card-body"})
    assert browser.post(url, {**sent, "due_date": ""}).status_code == 302
    with in_office(office_a):
        a_draft.refresh_from_db()
        assert a_draft.due_date == office_today() + dt.timedelta(days=21)


def test_a_new_invoice_with_one_line_filled_in_as_a_browser_sends_it(office_a):
    # The form offers two lines; the second, left empty, still sends its VAT rate.
    from tests.helpers.html import form_data

    with in_office(office_a):
        office_details()
        client = buyer()
    browser = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    page = browser.get("/invoices/new/")
    sent = form_data(page.content.decode(), **{"method": "post", "class": "card card-body"})
    assert sent["lines-TOTAL_FORMS"] == "2" and sent["lines-1-vat_rate"] != ""
    sent |= {
        "client": str(client.pk),
        "sale_from": "2026-03-01",
        "sale_to": "2026-03-31",
        "lines-0-description": "Virtual office",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "199.00",
    }
    response = browser.post("/invoices/new/", sent)
    assert response.status_code == 302
    with in_office(office_a):
        invoice = Invoice.objects.get(client=client)
        assert [line.description for line in invoice.lines.all()] == ["Virtual office"]


@pytest.mark.parametrize("language", ["pl", "sk"])
def test_a_draft_s_lines_show_their_figures_as_the_language_writes_them(office_a, language):
    """The audit: a draft's lines showed the stored "1.000", "-2.000" and "199.00" (a
    number input), "-1.00" cut off in the quantity column of a correction. They read "1",
    "-2", "199,00" and take "1,5" and "1 012,50" as typed."""
    from modules.invoices import services
    from tenants.selectors import office_today
    from tests.helpers.html import form_data

    with in_office(office_a):
        office_details()
        original = issued(
            buyer(),
            lines=[
                line("Pakiet", "1", "month", "199", "23"),
                line("Skan", "2", "piece", "7.5", "23"),
            ],
            due_date=office_today() + dt.timedelta(days=14),
        )
        a_draft = services.invoice_correct(
            invoice=original,
            actor=None,
            reason="Skan",
            lines=[
                line("Skan", "-2", "piece", "7.50", "23"),
                line("Pakiet", "1", "month", "199", "23"),
            ],
        )
    browser = OfficeClient(office_a, user=member(office_a, Role.STAFF, language=language))
    url = f"/invoices/{a_draft.pk}/edit/"
    page = browser.get(url).content.decode()
    sent = form_data(page, **{"method": "post", "class": "card card-body"})
    figures = [(sent[f"lines-{i}-quantity"], sent[f"lines-{i}-unit_price"]) for i in (0, 1)]
    assert sorted(figures) == [("-2", "7,50"), ("1", "199,00")]
    assert 'type="number"' not in page
    first = next(i for i in (0, 1) if sent[f"lines-{i}-quantity"] == "1")
    sent |= {f"lines-{first}-quantity": "1,5", f"lines-{first}-unit_price": "1 012,50"}
    assert browser.post(url, sent).status_code == 302
    with in_office(office_a):
        saved = sorted((ln.quantity, ln.unit_price) for ln in a_draft.lines.all())
    assert saved == [(D("-2.000"), D("7.50")), (D("1.500"), D("1012.50"))]


def test_a_reverse_charged_draft_names_the_buyer_s_vat_number(office_a):
    """The audit: the draft of Poľana Služby s.r.o. showed "Odwrotne obciążenie" with an
    empty value (the buyer is frozen only at issue); the issued invoice named it."""
    from tests.modules.invoices.factories import sk_buyer

    with in_office(office_a):
        office_details()
        a_draft = draft(sk_buyer())
        assert a_draft.reverse_charge
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = web.get(f"/invoices/{a_draft.pk}/").content.decode()
    assert '<dd class="col-sm-9" data-testid="reverse-charge">SK2020273805</dd>' in page
    with in_office(office_a):
        from modules.invoices import services

        services.invoice_issue(invoice=a_draft, actor=None)
    page = web.get(f"/invoices/{a_draft.pk}/").content.decode()
    assert '<dd class="col-sm-9" data-testid="reverse-charge">SK2020273805</dd>' in page


def test_client_home_tile_shows_what_is_outstanding_per_currency(office_a):
    """The tile "Faktury do zapłaty" had only the count: it says what is left to pay (the
    gross as corrected less what was paid), per currency when there are several."""
    from common.money import money
    from modules.invoices.services import payment_record

    with in_office(office_a):
        office_details()
        mine = buyer()
        issued(mine)  # 334.11
        partly = issued(mine)
        payment_record(invoice=partly, actor=None, date=partly.issue_date, amount=D("100.00"))
        issued(buyer())  # another company's counts nowhere
    user = member(office_a, Role.CLIENT, client_id=mine.pk, client_name=mine.name)
    web = OfficeClient(office_a, user=user)

    def tile():
        page = web.get("/portal/").content.decode()
        return page[page.index('data-tile="invoices.client_due"') :].split("</a>", 1)[0]

    assert '<div class="display-6">2</div>' in tile()
    assert "568,22\xa0zł do zapłaty" in html.unescape(tile())
    with in_office(office_a):
        euro = issued(mine)
        Invoice.objects.filter(pk=euro.pk).update(currency="EUR")
        with translation.override("pl"):
            amounts = f"{money(D('568.22'), 'PLN')} + {money(D('334.11'), 'EUR')}"
    assert f"{amounts} do zapłaty" in html.unescape(tile())
