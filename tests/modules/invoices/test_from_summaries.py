import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.audit.models import AuditEntry
from modules.billing.models import PeriodClose
from modules.billing.summary import Line, Summary
from modules.invoices import services, tasks
from modules.invoices.models import Invoice, InvoiceLine
from tests.modules.invoices.factories import buyer, draft, office_details

PERIOD = dt.date(2026, 3, 1)


def _closed(count: int) -> list:
    clients = [buyer(name=f"Firma {n}") for n in range(count)]
    for client in clients:
        summary = Summary(client.pk, client.name, PERIOD, "PLN", package="Biznes")
        summary.lines = [
            Line("package", "Pakiet Biznes", Decimal(1), "month", Decimal("199.00"), "23"),
            Line("service", "Kurier", Decimal(2), "piece", Decimal("25.00"), "23"),
        ]
        summary.closed_at = "2026-04-01T00:00:00+00:00"
        PeriodClose.objects.create(client=client, period=PERIOD, figures=summary.as_dict())
    return clients


def _made(count: int) -> tuple[list, int]:
    _closed(count)
    with CaptureQueriesContext(connection) as queries:
        drafts = services.invoices_create_from_summaries(period=PERIOD, actor=None)
    return drafts, len(queries)


def test_a_closed_month_becomes_one_draft_per_client_in_a_fixed_number_of_queries(in_office_a):
    office_details()
    drafts, few = _made(2)
    assert [(d.status, d.gross, d.sale_to) for d in drafts] == [
        ("draft", Decimal("306.27"), dt.date(2026, 3, 31))
    ] * 2
    assert sorted(InvoiceLine.objects.values_list("description", "net", "vat", "gross")) == [
        ("Kurier", Decimal("50.00"), Decimal("11.50"), Decimal("61.50")),
        ("Kurier", Decimal("50.00"), Decimal("11.50"), Decimal("61.50")),
        ("Pakiet Biznes", Decimal("199.00"), Decimal("45.77"), Decimal("244.77")),
        ("Pakiet Biznes", Decimal("199.00"), Decimal("45.77"), Decimal("244.77")),
    ]
    assert AuditEntry.objects.filter(action="invoices.draft_created").count() == 2
    counts = {}
    for count in (3, 6):  # after the first run read the settings rows once
        Invoice.objects.all().delete()
        PeriodClose.objects.all().delete()
        more, counts[count] = _made(count)
        assert len(more) == count
    assert counts[3] == counts[6]  # set-based: no query per draft
    assert few >= counts[3]
    assert services.invoices_create_from_summaries(period=PERIOD, actor=None) == []
    assert Invoice.objects.count() == 6


def test_a_bulk_issue_hands_over_its_invoices_in_chunks(in_office_a, monkeypatch):
    office_details()
    drafts = [draft() for _ in range(5)]
    handed = []
    monkeypatch.setattr(tasks, "ISSUE_CHUNK", 2)
    monkeypatch.setattr(tasks, "after_issue", lambda *, invoice_ids: handed.append(invoice_ids))
    issued, refused = services.invoices_issue(invoice_ids=[d.pk for d in drafts], actor=None)
    ids = [d.pk for d in drafts]
    assert (len(issued), refused) == (5, [])
    assert handed == [ids[0:2], ids[2:4], ids[4:5]]
