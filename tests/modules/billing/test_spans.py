import datetime as dt
import io
from decimal import Decimal

from django.http import QueryDict
from openpyxl import load_workbook

from accounts.models import Membership, Role
from modules.billing.periods import Span, span_parse
from modules.billing.selectors import summary_get, summary_span_get, summary_span_list
from modules.billing.services import package_update, period_close, settings_update
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, fixture_month
from tests.modules.scanrequests.conftest import english

D = Decimal
JANUARY, FEBRUARY, MARCH = (dt.date(2026, m, 1) for m in (1, 2, 3))
Q1 = Span(JANUARY, MARCH, "quarter")


def test_span_parse_reads_a_month_a_quarter_and_a_range():
    def parse(text):
        return span_parse(QueryDict(text))

    assert parse("quarter=2026-Q1") == Q1
    assert parse("quarter=2026-q4") == Span(dt.date(2026, 10, 1), dt.date(2026, 12, 1), "quarter")
    assert parse("from=2026-05&to=2026-02") == Span(FEBRUARY, dt.date(2026, 5, 1), "range")
    assert parse("from=2025-01&to=2026-12") == Span(
        dt.date(2025, 1, 1), dt.date(2025, 12, 1), "range"
    )  # at most 12 months
    assert parse("from=2026-03&to=2026-03") == Span(MARCH, MARCH, "month")
    assert parse("quarter=2026-Q5&month=2026-03") == Span(MARCH, MARCH, "month")
    assert Q1.months == [JANUARY, FEBRUARY, MARCH]
    assert (Q1.label, Q1.code, Q1.query) == ("Q1 2026", "2026-Q1", "quarter=2026-Q1")
    spring = Span(FEBRUARY, MARCH, "range")
    assert (spring.label, spring.query, spring.slug) == (
        "February 2026 – March 2026",
        "from=2026-02&to=2026-03",
        "2026-02_2026-03",
    )


def test_a_quarter_is_the_sum_of_its_months_and_a_closed_month_stays_as_closed(
    in_office_a, staff_a
):
    client = fixture_month()  # Biznes from 2026-01-01; March: 331.78 net, 408.09 gross
    period_close(client=client, period=JANUARY, actor=staff_a)
    package_update(package=biznes(), actor=staff_a, data={"price": D("299.00")})
    quarter = summary_span_get(client_id=client.pk, span=Q1)
    months = [summary_get(client_id=client.pk, period=m) for m in Q1.months]
    assert [m.net for m in months] == [D("199.00"), D("299.00"), D("431.78")]
    assert [m.period for m in quarter.months] == Q1.months
    assert (quarter.net, quarter.vat, quarter.gross) == (
        D("929.78"),
        sum((m.vat for m in months), D(0)),
        sum((m.gross for m in months), D(0)),
    )
    assert quarter.gross == quarter.net + quarter.vat
    assert (quarter.closed_months, quarter.month_count, quarter.closed) == (1, 3, False)
    assert quarter.package == "Biznes" and quarter.over_limit is True
    assert len(quarter.lines) == sum(len(m.lines) for m in months)
    assert [row.client_id for row in summary_span_list(span=Q1)] == [client.pk]
    assert summary_span_list(span=Q1, status="closed") == []
    for month in (FEBRUARY, MARCH):
        period_close(client=client, period=month, actor=staff_a)
    assert summary_span_get(client_id=client.pk, span=Q1).closed is True
    assert [r.client_id for r in summary_span_list(span=Q1, status="closed")] == [client.pk]


def test_quarter_and_range_screens_export_and_panel(office_a):
    staff = english(member(office_a, Role.STAFF))
    with in_office(office_a):
        client = fixture_month()
        period_close(client=client, period=JANUARY, actor=staff)
    web = OfficeClient(office_a, user=staff)
    html = web.get("/settlements/?quarter=2026-Q1").content.decode()
    assert 'Billing summary: <span class="text-nowrap">Q1 2026</span>' in html
    assert "729.78" in html.replace(",", ".")  # 199.00 + 199.00 + 331.78
    assert "1 of 3 months closed" in html
    assert f'href="/settlements/clients/{client.pk}/?quarter=2026-Q1"' in html
    html = web.get(f"/settlements/clients/{client.pk}/?quarter=2026-Q1").content.decode()
    assert html.count('data-testid="span-month"') == 3
    assert 'data-month="2026-01"' in html and "Close the month" not in html
    response = web.get("/settlements/export/?from=2026-02&to=2026-03")
    name = "settlements-2026-02_2026-03.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book["February 2026 – March 2026"].iter_rows(values_only=True))
    assert rows[1][:5] == (client.name, "Biznes", 530.78, 122.08, 652.86)
    lines = list(book["Lines"].iter_rows(values_only=True))
    assert [line[8] for line in lines[1:]] == ["2026-02"] + ["2026-03"] * 7
    person = english(member(office_a, Role.CLIENT, client_id=client.pk, client_name=client.name))
    assert Membership.objects.filter(user=person).count() == 1
    panel = OfficeClient(office_a, user=person)
    assert panel.get("/portal/settlements/?quarter=2026-Q1").status_code == 404
    with in_office(office_a):
        settings_update(actor=staff, data={"summaries_for_clients": True})
    html = panel.get("/portal/settlements/?quarter=2026-Q1").content.decode()
    assert html.count('data-testid="span-month"') == 3 and "729.78" in html.replace(",", ".")
