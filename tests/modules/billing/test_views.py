import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts.models import Membership, Role, User
from modules.billing.models import Assignment, PeriodClose, Service, UsageRecord
from modules.billing.services import settings_get, settings_update
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, fixture_month, on_package
from tests.modules.clients.factories import ClientFactory
from tests.modules.scanrequests.conftest import english

D = Decimal
STAFF_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
ADMIN_PAGE = {**STAFF_PAGE, "staff": 403}
REFUSED = {k: v for k, v in STAFF_PAGE.items() if v != 200}


def _fixture(office):
    with in_office(office):
        return fixture_month()


def test_permission_matrix_of_every_screen(office_a, office_b):
    client = _fixture(office_a)
    for url in (
        "/settlements/?month=2026-03",
        "/settlements/export/?month=2026-03",
        "/settlements/usage/new/",
        f"/settlements/clients/{client.pk}/?month=2026-03",
        f"/clients/{client.pk}/billing/",
        f"/settlements/clients/{client.pk}/package/",
    ):
        check_permission_matrix(office_a, office_b, "get", url, expect=STAFF_PAGE)
    check_permission_matrix(
        office_a, office_b, "get", "/administration/billing/", expect=ADMIN_PAGE
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/settlements/clients/{client.pk}/close/",
        data={"month": "2026-03"},
        expect=REFUSED,
        unchanged=lambda: not PeriodClose.objects.exists(),
    )
    with in_office(office_a):
        service_id = Service.objects.get(name_en="Courier").pk
        count = UsageRecord.objects.count()
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/settlements/usage/new/",
        data={"client": client.pk, "service": service_id, "date": "2026-03-10", "quantity": "1"},
        expect=REFUSED,
        unchanged=lambda: UsageRecord.objects.count() == count,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/billing/",
        data={
            "kind": "service",
            "s-name_pl": "X",
            "s-unit": "piece",
            "s-net_price": "1",
            "s-vat_rate": "23",
        },
        expect={**REFUSED, "staff": 403},
        unchanged=lambda: not Service.objects.filter(name_pl="X").exists(),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/portal/settlements/",
        expect={"anonymous": 302, "staff": 403, "other_office": 403},
    )


def test_permission_matrix_of_every_endpoint(office_a, office_b):
    client = _fixture(office_a)
    api = {**STAFF_PAGE, "anonymous": 401}
    for url in (
        "/api/v1/settlements/services/",
        "/api/v1/settlements/packages/",
        "/api/v1/settlements/usage/",
        "/api/v1/settlements/summaries/?month=2026-03",
        f"/api/v1/settlements/summaries/{client.pk}/?month=2026-03",
    ):
        expect = api
        if url.startswith("/api/v1/settlements/summaries/"):
            expect = {**api, "client": 404}  # another company, and summaries off
        if url == "/api/v1/settlements/summaries/?month=2026-03":
            expect = api
        check_permission_matrix(office_a, office_b, "get", url, expect=expect)
    with in_office(office_a):
        count = UsageRecord.objects.count()
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/api/v1/settlements/usage/",
        data={
            "client": client.pk,
            "date": "2026-03-10",
            "quantity": "1",
            "description": "X",
            "unit_price": "1.00",
        },
        content_type="application/json",
        expect={"anonymous": 401, "client": 403, "other_office": 403},
        unchanged=lambda: UsageRecord.objects.count() == count,
    )


def test_other_office_sees_nothing(office_a, office_b):
    client = _fixture(office_a)
    for url in (
        f"/settlements/clients/{client.pk}/",
        f"/api/v1/settlements/summaries/{client.pk}/",
    ):
        check_cross_office(office_a, office_b, "get", url)
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/settlements/clients/{client.pk}/close/",
        data={"month": "2026-03"},
        unchanged=lambda: not PeriodClose.objects.exists(),
    )
    web = OfficeClient(office_b, user=member(office_b, Role.ADMIN))
    assert client.name not in web.get("/settlements/?month=2026-03").content.decode()


def test_summary_pages_show_the_exact_figures(office_a, django_assert_max_num_queries):
    client = _fixture(office_a)
    with in_office(office_a):
        other = on_package(biznes(name="Start", price=D("99")))
    web = OfficeClient(
        office_a,
        user=member(
            office_a,
            Role.STAFF,
        ),
    )
    html = web.get("/settlements/?month=2026-03&sort=-gross").content.decode()
    assert html.index(client.name) < html.index(other.name)
    assert "430,78" in html  # 331.78 + 99.00 net, in the office's number format
    html = web.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()
    assert "331,78" in html and "76,31" in html and "408,09" in html
    assert 'href="/mail/' in html  # drill-down to the mail item behind a cost
    html = web.get("/settlements/?month=2026-03&over=1").content.decode()
    assert client.name in html and other.name not in html


def test_the_list_and_a_summary_run_a_fixed_number_of_queries(office_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    counts = []
    for _ in range(2):
        with in_office(office_a):
            client = fixture_month()
            fixture_month()
        web.get("/settlements/?month=2026-03")  # warm the session and menu caches
        with CaptureQueriesContext(connection) as listing:
            web.get("/settlements/?month=2026-03")
        with CaptureQueriesContext(connection) as one:
            web.get(f"/settlements/clients/{client.pk}/?month=2026-03")
        counts.append((len(listing), len(one)))
    # Was (14, 15): mail's three limit counts are one statement, the client names and the
    # mail VAT rate one query, the list totals usage and mail costs in the database, and a
    # client's page reads its name, frozen figures, assignments and usage in one statement.
    # A client's page reads one row more since 2026-12-07: the client's country and VAT
    # number, for the note that its invoices are reverse-charged (billing.hooks); and one
    # more each since the settlement follows reverse charge (the list's reverse-charged
    # clients, the open month's client: billing.hooks.reverse_charged); and one more on the
    # list for the codes of clients whose names repeat. A client's page one more since
    # its quarters start at the client's first billed day (selectors.client_billing_start).
    assert counts[0] == counts[1] == (13, 12)


def test_the_list_pages_by_a_hundred_clients_finds_one_by_name_and_totals_them_all(
    office_a, monkeypatch
):
    from modules.billing.views import staff

    monkeypatch.setattr(staff, "PAGE_SIZE", 2)
    with in_office(office_a):
        package = biznes(name="Start", price=D("100"))
        names = ["Alfa sp. z o.o.", "Beta S.A.", "Gamma Consulting", "Delta Consulting"]
        for name in names:
            on_package(package, client=ClientFactory(name=name))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))

    first = web.get("/settlements/?month=2026-03").content.decode()
    second = web.get("/settlements/?month=2026-03&page=2").content.decode()
    table = [
        n for n in names if n in first.split('data-testid="summaries"')[1].split("</table>")[0]
    ]
    assert table == ["Alfa sp. z o.o.", "Beta S.A."]
    assert "Gamma Consulting" in second and "Alfa sp. z o.o." not in second
    assert "1 / 2" in first and "page=2" in first
    # The totals are of every client the filters show, on every page: 4 x 100 net.
    assert "400,00" in first and "400,00" in second

    found = web.get("/settlements/?month=2026-03&q=CONSULTING+gam").content.decode()
    assert "Gamma Consulting" in found and "Delta Consulting" not in found
    assert 'value="CONSULTING gam"' in found and "100,00" in found
    assert 'data-testid="pages"' not in found
    # The export reads the same filters: what the list shows is what the workbook holds.
    book = load_workbook(
        io.BytesIO(web.get("/settlements/export/?month=2026-03&q=consulting").content),
        read_only=True,
    )
    rows = [r[0] for r in book["marzec 2026"].iter_rows(min_row=2, values_only=True)]
    assert rows[:-1] == ["Delta Consulting", "Gamma Consulting"]


def test_xlsx_export_reads_back(office_a):
    client = _fixture(office_a)
    web = OfficeClient(office_a, user=english(member(office_a, Role.STAFF)))
    response = web.get("/settlements/export/?month=2026-03")
    assert response["Content-Disposition"] == 'attachment; filename="settlements-2026-03.xlsx"'
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book["March 2026"].iter_rows(values_only=True))
    assert rows[1][:6] == (client.name, "Biznes", 331.78, 76.31, 408.09, "PLN")
    assert rows[-1][:5] == ("Total", None, 331.78, 76.31, 408.09)
    # The client's code last in both sheets: two clients may share a name.
    assert rows[0][-1] == "Client code" and rows[1][-1] == client.code
    lines = list(book["Lines"].iter_rows(values_only=True))
    assert len(lines) == 1 + 7
    assert lines[1][1:] == (
        "Package Biznes",
        1,
        199,
        199,
        "23%",
        45.77,
        244.77,
        "2026-03",
        client.code,
    )


@pytest.mark.parametrize(
    ("language", "name", "lines", "headers"),
    [
        ("pl", "rozliczenia", "Pozycje", ("Klient", "Pakiet", "Netto")),
        ("sk", "vyuctovanie", "Položky", ("Klient", "Balík", "Bez DPH")),
        ("en", "settlements", "Lines", ("Client", "Package", "Net")),
    ],
)
def test_xlsx_export_has_common_exports_shape_and_number_formats(
    office_a, language, name, lines, headers
):
    _fixture(office_a)
    staff = member(office_a, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language=language)
    web = OfficeClient(office_a, user=staff)
    response = web.get("/settlements/export/?quarter=2026-Q1")
    assert response["Content-Disposition"] == f'attachment; filename="{name}-2026-Q1.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[1] == lines
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b is True
    assert (sheet["A1"].value, sheet["B1"].value, sheet["C1"].value) == headers
    assert sheet.column_dimensions["A"].width >= 34
    assert [sheet.cell(2, c).number_format for c in (3, 4, 5)] == ["#,##0.00"] * 3
    assert sheet.cell(3, 5).number_format == "#,##0.00"  # the total row
    detail = book.worksheets[1]
    assert detail.freeze_panes == "A2" and detail.column_dimensions["B"].width >= 40
    assert detail["C2"].number_format == "#,##0.###" and detail["D2"].number_format == "#,##0.00"


def test_staff_records_a_service_with_the_price_prefilled_and_a_late_one_says_so(office_a):
    client = _fixture(office_a)
    web = OfficeClient(office_a, user=english(member(office_a, Role.STAFF)))
    with in_office(office_a):
        service = Service.objects.get(name_en="Courier")
    response = web.post(
        "/settlements/usage/new/",
        {"client": client.pk, "service": service.pk, "date": "2026-03-20", "quantity": "2"},
    )
    assert response.status_code == 302
    with in_office(office_a):
        record = UsageRecord.objects.latest("pk")
        assert (record.unit_price, record.period, record.late) == (
            D("15.99"),
            dt.date(2026, 3, 1),
            False,
        )
    web.post(f"/settlements/clients/{client.pk}/close/", {"month": "2026-03"})
    response = web.post(
        "/settlements/usage/new/",
        {
            "client": client.pk,
            "service": service.pk,
            "date": "2026-03-21",
            "quantity": "1",
            "unit_price": "10.00",
        },
        follow=True,
    )
    assert "Recorded in April 2026: the month of its date is already closed." in (
        response.content.decode()
    )
    response = web.post(
        "/settlements/usage/new/",
        {"client": client.pk, "service": service.pk, "date": "2026-03-21", "quantity": "-1"},
    )
    assert response.status_code == 400
    assert "A negative quantity is a correction: give its reason." in response.content.decode()
    # A service counted against a limit the package includes: 0.00, and the page says why.
    with in_office(office_a):
        hours = on_package(biznes(name="Sale", limit_room_hours=2), ClientFactory())
        room = Service.objects.get(name_en="Room hour")
    response = web.post(
        "/settlements/usage/new/",
        {"client": hours.pk, "service": room.pk, "date": "2026-04-02", "quantity": "1.5"},
        follow=True,
    )
    assert "Service recorded at 0.00: the client&#x27;s package includes it" in (
        response.content.decode()
    )
    with in_office(office_a):
        assert UsageRecord.objects.latest("pk").unit_price == D("0.00")


def test_client_panel_summary_off_then_on_and_switching_company(office_a):
    with in_office(office_a):
        first = fixture_month()
        second = on_package(biznes(name="Start", price=D("99.00")), ClientFactory(name="Drugi"))
    person = english(
        member(office_a, Role.CLIENT, client_id=first.pk, client_name="A " + first.name)
    )
    Membership.objects.create(
        user=person,
        office=office_a,
        role=Role.CLIENT,
        client_id=second.pk,
        client_name="B Drugi",
    )
    web = OfficeClient(office_a, user=person)
    assert web.get("/portal/settlements/?month=2026-03").status_code == 404
    assert 'href="/portal/settlements/"' not in web.get("/portal/").content.decode()
    assert web.get(f"/api/v1/settlements/summaries/{first.pk}/?month=2026-03").status_code == 404
    admin = member(office_a, Role.ADMIN)
    with in_office(office_a):
        assert settings_get().summaries_for_clients is False
    html = OfficeClient(office_a, user=admin).get("/administration/general/").content.decode()
    assert 'name="summaries_for_clients"' in html
    with in_office(office_a):
        settings_update(actor=admin, data={"summaries_for_clients": True})
    html = web.get("/portal/settlements/?month=2026-03").content.decode()
    assert "408.09" in html and first.name in html  # the first company by name
    assert 'href="/portal/settlements/"' in web.get("/portal/").content.decode()
    data = web.get(f"/api/v1/settlements/summaries/{first.pk}/?month=2026-03").json()
    assert (data["net"], data["gross"], data["lines"][0]["net"]) == ("331.78", "408.09", "199.00")
    assert web.get(f"/api/v1/settlements/summaries/{second.pk}/").status_code == 404
    chosen = Membership.objects.get(user=person, client_id=second.pk)
    assert web.post(f"/accounts/switch/{chosen.pk}/").status_code == 302
    html = web.get("/portal/settlements/?month=2026-03").content.decode()
    assert "Drugi" in html and "121.77" in html and "408.09" not in html


def test_general_switch_saves_the_billing_setting(office_a):
    admin = member(office_a, Role.ADMIN)
    web = OfficeClient(office_a, user=admin)
    form = web.get("/administration/general/").context["form"]
    data = {}
    for part in form.parts.values():
        for name, field in part.fields.items():
            value = part.initial.get(name, field.initial)
            if value not in (None, False):
                data[name] = value
    data["summaries_for_clients"] = "on"
    data.pop("logo", None)
    response = web.post("/administration/general/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    with in_office(office_a):
        assert settings_get().summaries_for_clients is True
        from modules.audit.models import AuditEntry

        assert AuditEntry.objects.filter(action="billing.settings_changed").count() == 1


def test_client_card_tab_shows_the_package(office_a):
    with in_office(office_a):
        client = on_package(biznes(), limit_mail_items=30)
    web = OfficeClient(office_a, user=english(member(office_a, Role.STAFF)))
    html = web.get(f"/clients/{client.pk}/billing/").content.decode()
    assert 'data-testid="client-billing"' in html
    assert "Biznes" in html and "individual terms" in html


def test_staff_change_the_package_with_individual_terms(office_a):
    with in_office(office_a):
        client = on_package(biznes())
        premium = biznes(name="Premium", price=D("310"))
    web = OfficeClient(office_a, user=english(member(office_a, Role.STAFF)))
    response = web.post(
        f"/settlements/clients/{client.pk}/package/",
        {"package": premium.pk, "starts_on": "2026-03-16", "price": "280.00"},
    )
    assert response.status_code == 302
    with in_office(office_a):
        rows = list(
            Assignment.objects.filter(client=client)
            .order_by("starts_on")
            .values_list("package__name", "ends_on", "price")
        )
    assert rows == [("Biznes", dt.date(2026, 3, 15), None), ("Premium", None, D("280.00"))]
    response = web.post(
        f"/settlements/clients/{client.pk}/package/",
        {"package": premium.pk, "starts_on": "2026-03-01"},
    )
    assert response.status_code == 400
    assert "This client already has a package change on or after that date." in (
        response.content.decode()
    )


def test_every_amount_on_billing_screens_carries_its_currency_in_tabular_figures(office_a):
    with in_office(office_a):
        client = fixture_month()
        settings_update(actor=None, data={"summaries_for_clients": True})
    staff = member(office_a, Role.STAFF)
    web = OfficeClient(office_a, user=staff)
    listing = web.get("/settlements/?month=2026-03").content.decode()
    totals = listing[listing.index('data-testid="totals"') : listing.index("</tfoot>")]
    assert "(PLN)" not in totals and "PLN" not in listing
    assert '<td class="text-end num">331,78\xa0zł</td>' in totals
    assert '<td class="text-end num">76,31\xa0zł</td>' in totals
    assert '<td class="text-end num">408,09\xa0zł</td>' in totals
    assert '<span class="fw-semibold num">408,09\xa0zł</span>' in listing  # the phone's card
    detail = web.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()
    assert '<td class="text-end num" data-label="Cena jednostkowa">199,00\xa0zł</td>' in detail
    assert '<td class="text-end num" data-label="Brutto">244,77\xa0zł</td>' in detail
    assert '<td class="text-end num" data-label="Brutto">408,09\xa0zł</td>' in detail
    span = web.get(f"/settlements/clients/{client.pk}/?quarter=2026-Q1").content.decode()
    assert re.search(r'<strong class="num" data-testid="span-gross">[\d\xa0]+,\d\d\xa0zł<', span)
    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    catalogue = admin.get("/administration/billing/").content.decode()
    assert '<td class="text-end num" data-label="Cena netto">199,00\xa0zł</td>' in catalogue
    person = english(member(office_a, Role.CLIENT, client_id=client.pk, client_name=client.name))
    panel = OfficeClient(office_a, user=person).get("/portal/settlements/?month=2026-03")
    html = panel.content.decode()
    assert '<td class="text-end num" data-label="Gross">PLN\xa0408.09</td>' in html
    assert "Total (PLN)" not in html


def test_client_month_page_query_count_does_not_grow_with_lines(
    office_a, staff_a, django_assert_num_queries
):
    from modules.billing.services import usage_record
    from tests.modules.billing.factories import courier, mail_on

    with in_office(office_a):
        client = on_package(biznes())
        mail_on(client, dt.date(2026, 3, 2), "4.00")
        usage_record(client=client, date=dt.date(2026, 3, 5), quantity=D("1"), service=courier())
    web = OfficeClient(office_a, user=staff_a)
    url = f"/settlements/clients/{client.pk}/?month=2026-03"
    web.get(url)  # warm the session and membership caches
    # routing (3), the person, the client, the month in one statement and its mail lines,
    # the package history, billing's settings
    # 10 since 2026-12-07: the client's VAT number for the reverse-charge note (hooks); 11
    # since the open month asks whether its lines are reverse-charged (hooks.reverse_charged);
    # 12 since the quarters offered start at the client's first billed day
    # (selectors.client_billing_start)
    with django_assert_num_queries(12) as few:
        lines = web.get(url).content.decode().count('data-ref="')
    with in_office(office_a):
        for n in range(15):
            mail_on(client, dt.date(2026, 3, 3 + n), "2.00" if n % 2 else "0")
            usage_record(
                client=client, date=dt.date(2026, 3, 6 + n), quantity=D("2"), service=courier()
            )
    with django_assert_num_queries(len(few.captured_queries)):
        html = web.get(url).content.decode()
    assert (lines, html.count('data-ref="')) == (3, 26)


def test_clients_of_the_same_name_are_told_apart_by_their_code_on_the_list(office_a):
    """Two "Zielony Las sp. z o.o." read the same on the settlements list: where another
    client of the office has the same name (any case), the row shows the client's code."""
    from tests.modules.clients.factories import ClientFactory

    with in_office(office_a):
        first = on_package(biznes(), client=ClientFactory(name="Zielony Las", code="ZL-WAW"))
        on_package(biznes(), client=ClientFactory(name="Zielony Las", code="ZL-KRK"))
        on_package(biznes(), client=ClientFactory(name="Lipa", code="LIPA"))
        ClientFactory(name="LIPA", code="LIPA-2")  # nothing to bill, but the same name
        on_package(biznes(), client=ClientFactory(name="Dąb", code="DAB"))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    page = web.get("/settlements/?month=2026-03").content.decode()
    table = page.split('data-testid="summaries"')[1].split("</table>")[0]
    rows = {
        " · ".join(part for part in found if part)
        for found in re.findall(
            r'<tr><td><a href="[^"]*">([^<]*)</a>(?: <span[^>]*data-testid="client-code">· '
            r"([^<]*)</span>)?</td>",
            table,
        )
    }
    assert rows == {"Zielony Las · ZL-WAW", "Zielony Las · ZL-KRK", "Lipa · LIPA", "Dąb"}
    cards = page.split('data-testid="summary-cards"')[1]
    assert "· ZL-WAW</span>" in cards and "· DAB" not in cards
    # filtered to one of them, it still shows its code: the other still exists
    page = web.get("/settlements/?month=2026-03&q=zielony+las").content.decode()
    assert "· ZL-WAW</span>" in page and "· ZL-KRK</span>" in page
    assert f'href="/settlements/clients/{first.pk}/' in page
