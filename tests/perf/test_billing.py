"""Billing with 20,000 clients, 1,000,000 mail items and 300,000 usage records (issue 16):
the office-wide summary of one month and one client's month page.

A throw-away office, loaded with set-based SQL (mail items as the mail benchmark loads them,
spread over the last year; one item in 20 with an additional cost), 3 packages, one
assignment per client (one in ten with individual terms), 300,000 usage records over the
last 12 months. BILLING_BENCH_ITEMS / BILLING_BENCH_USAGE scale it down.
"""

from __future__ import annotations

import os
import random
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.helpers.offices import OfficeClient, in_office
from tests.perf.conftest import size
from tests.perf.limits import sql_timings
from tests.perf.test_mail import (
    CLIENTS,
    CLIENTS_SQL,
    ITEMS_SQL,
    SENDERS,
    _drop,
    _facts,
    _hashint_sql,
    _p95,
    _staff,
)

ITEMS = int(os.environ.get("BILLING_BENCH_ITEMS", size(1_000_000, 2_000)))
USAGE = int(os.environ.get("BILLING_BENCH_USAGE", size(300_000, 1_000)))
CLIENT_PAGES = size(200, 5)

USAGE_SQL = """
INSERT INTO billing_usagerecord (created_at, updated_at, client_id, service_id, description,
  date, period, late, quantity, unit, unit_price, vat_rate, metric, note, reason, source,
  source_ref)
SELECT now(), now(), %(client_min)s + (pg_temp.hashint(g) %% %(clients)s), s.id, '',
  d, date_trunc('month', d)::date, false, 1 + (g %% 3), s.unit, s.net_price, s.vat_rate,
  s.metric, '', '', 'staff', ''
FROM generate_series(1, %(usage)s) AS g
CROSS JOIN LATERAL (SELECT (current_date - (g %% 365))::date AS d) AS dd
JOIN billing_service s ON s.id = %(service_min)s + (g %% %(services)s)
"""


def _load(office) -> None:
    from modules.billing.demo import PACKAGES, SERVICES
    from modules.billing.models import Package, Service

    started = time.perf_counter()
    with in_office(office), connection.cursor() as cursor:
        cursor.execute(CLIENTS_SQL, [CLIENTS])
        facts = _facts(office)
        statuses = facts["statuses"]
        cursor.execute("ALTER TABLE mail_mailitem DISABLE TRIGGER mail_item_search_document")
        cursor.execute(_hashint_sql())
        recent = [statuses[c] for c in ("to_pick_up", "to_pick_up", "po_box", "scanned")]
        old = [statuses["picked_up"]] * 7 + [
            statuses[c] for c in ("forwarded", "shredded", "scanned")
        ]
        cursor.execute(
            ITEMS_SQL.replace("hashint(", "pg_temp.hashint("),
            {
                "client_min": facts["client_min"],
                "clients": CLIENTS,
                "senders": SENDERS,
                "nsenders": len(SENDERS),
                "types": facts["types"],
                "ntypes": len(facts["types"]),
                "sent": statuses["sent"],
                "recent": recent,
                "old": old,
                "picked": statuses["picked_up"],
                "items": ITEMS,
            },
        )
        cursor.execute("ALTER TABLE mail_mailitem ENABLE TRIGGER mail_item_search_document")
        cursor.execute("UPDATE mail_mailitem SET additional_cost = 5.00 WHERE id % 20 = 0")
        for pl, _sk, en, unit, price, _eur, vat, metric in SERVICES:
            Service.objects.create(
                name_pl=pl, name_en=en, unit=unit, net_price=price, vat_rate=vat[0], metric=metric
            )
        packages = []
        for name, price, _eur, mail, scans, hours, over, allowed in PACKAGES:
            packages.append(
                Package.objects.create(
                    name=name,
                    price=price,
                    limit_mail_items=mail,
                    limit_scans=scans,
                    limit_room_hours=hours,
                    over_mail_items=over[0],
                    over_room_hours="50.00",
                    scan_requests_allowed=allowed,
                ).pk
            )
        cursor.execute(
            "INSERT INTO billing_assignment (created_at, updated_at, client_id, package_id, "
            "starts_on, ends_on, note, price, limit_mail_items) "
            "SELECT now(), now(), c.id, (%s::bigint[])[1 + c.id %% 3], "
            "current_date - 400, NULL, '', "
            "CASE WHEN c.id %% 10 = 0 THEN 149.00 END, CASE WHEN c.id %% 10 = 0 THEN 60 END "
            "FROM clients_client c",
            [packages],
        )
        cursor.execute(
            USAGE_SQL,
            {
                "client_min": facts["client_min"],
                "clients": CLIENTS,
                "usage": USAGE,
                "service_min": Service.objects.order_by("pk").first().pk,
                "services": Service.objects.count(),
            },
        )
        for table in (
            "mail_mailitem",
            "clients_client",
            "billing_usagerecord",
            "billing_assignment",
        ):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    print(
        f"\n  loaded {ITEMS} items, {USAGE} usage records for {CLIENTS} clients in "
        f"{time.perf_counter() - started:.1f}s"
    )


@pytest.fixture(scope="module")
def bench_office(django_db_setup, django_db_blocker):
    from tenants.models import Office
    from tenants.services import office_provision

    # BILLING_BENCH_KEEP=1 (with --reuse-db) keeps the loaded office between runs, for
    # working on the queries; `make bench` always loads a fresh one and drops it.
    keep = os.environ.get("BILLING_BENCH_KEEP") == "1"
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        stale = Office.objects.filter(slug="bench-billing").first()
        if stale is not None and keep:
            office = stale
        else:
            if stale is not None:
                _drop(stale)
            office = office_provision(name="Bench Billing", slug="bench-billing", country="PL")
            _load(office)
        connection.set_schema_to_public()
        try:
            yield office
        finally:
            connection.set_schema_to_public()
            if not keep:
                _drop(office)


def _last_month():
    from modules.billing.periods import month_start

    return month_start(month_start(timezone.localdate()) - timezone.timedelta(days=1))


def _office_month(bench_record, office, selector, name: str) -> None:
    """`selector(period=)` for last month, median of RUNS, beside its limit: the same
    statements replayed on the raw connection (PostgreSQL alone, rows fetched, no Python
    building summaries), measured in the same run."""
    period = _last_month()
    timings = []
    with in_office(office):
        for _ in range(RUNS):
            started = time.perf_counter()
            rows = selector(period=period)
            timings.append(time.perf_counter() - started)
    if os.environ.get("BILLING_BENCH_PROFILE"):
        import cProfile
        import pstats

        with in_office(office):
            profile = cProfile.Profile()
            profile.runcall(selector, period=period)
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    with in_office(office), CaptureQueriesContext(connection) as captured:
        selector(period=period)
    statements = [
        q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET search_path")
    ]
    sql = sql_timings([statements] * RUNS, office.schema_name)
    lines = sum(len(getattr(r, "lines", ())) for r in rows)
    print(
        f"\n  {name}: {len(rows)} clients, {lines} lines, {len(statements)} queries; runs "
        + ", ".join(f"{t:.2f}s" for t in timings)
        + "; SQL alone "
        + ", ".join(f"{t / 1000:.2f}s" for t in sql)
    )
    bench_record(
        name,
        statistics.median(timings),
        "s",
        limit=statistics.median(sql) / 1000,
        limit_name=name[:-2] + "_sql_s",
    )


RUNS = int(os.environ.get("BILLING_BENCH_RUNS", size(5, 1)))


@pytest.mark.django_db
def test_billing_summary_office_month(bench_record, bench_office):
    """The office-wide summary as Billing > Summary shows it: every client's row of the
    month (package, totals, status, over a limit), `summary_rows`."""
    from modules.billing.selectors import summary_rows

    _office_month(bench_record, bench_office, summary_rows, "billing_summary_office_month_s")


@pytest.mark.django_db
def test_billing_summary_office_month_lines(bench_record, bench_office):
    """The same month with every line of every client (`summary_list`: the export, the API
    list, invoices' run)."""
    from modules.billing.selectors import summary_list

    _office_month(bench_record, bench_office, summary_list, "billing_summary_office_lines_s")


@pytest.mark.django_db
def test_billing_summary_list_page(bench_record, bench_office):
    """Billing > Summary as a person opens it (`/settlements/?month=`, 100 clients a page,
    the totals of all), median of RUNS, beside `summary_rows` alone timed in the same run
    (what the page must compute whatever it shows): the page's limit."""
    from modules.billing.selectors import summary_rows

    period = _last_month()
    web = OfficeClient(bench_office, user=_staff(bench_office))
    url = f"/settlements/?month={period:%Y-%m}"
    assert web.get(url).status_code == 200  # warm the session and menu caches
    pages, rows = [], []
    for _ in range(RUNS):  # alternated, so a slow moment of the machine falls on both
        started = time.perf_counter()
        response = web.get(url)
        pages.append(time.perf_counter() - started)
        with in_office(bench_office):
            started = time.perf_counter()
            summary_rows(period=period)
            rows.append(time.perf_counter() - started)
        connection.set_schema_to_public()
    print(
        f"\n  billing list page: {len(response.content) // 1024} KiB; runs "
        + ", ".join(f"{t:.2f}s" for t in pages)
        + "; summary_rows alone "
        + ", ".join(f"{t:.2f}s" for t in rows)
    )
    bench_record(
        "billing_summary_list_page_s",
        statistics.median(pages),
        "s",
        limit=statistics.median(rows),
        limit_name="billing_summary_list_rows_s",
    )


@pytest.mark.django_db
def test_billing_summary_client_p95(bench_record, bench_office):
    with in_office(bench_office):
        first = connection.cursor()
        first.execute("SELECT min(id) FROM clients_client")
        client_min = first.fetchone()[0]
    web = OfficeClient(bench_office, user=_staff(bench_office))
    month = _last_month().strftime("%Y-%m")
    rng = random.Random(16)
    web.get(f"/settlements/clients/{client_min}/?month={month}")  # warm caches
    if os.environ.get("BILLING_BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(web.get, f"/settlements/clients/{client_min + 7}/?month={month}")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        with CaptureQueriesContext(connection) as captured:
            web.get(f"/settlements/clients/{client_min + 7}/?month={month}")
        for q in captured.captured_queries:
            print(q["time"], q["sql"][:200])
    timings, queries, statements = [], set(), []
    client_ids = [client_min + rng.randrange(CLIENTS) for _ in range(CLIENT_PAGES)]
    for client_id in client_ids:
        started = time.perf_counter()
        response = web.get(f"/settlements/clients/{client_id}/?month={month}")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    # The statements in a second pass: capturing (Django's debug cursor records every
    # statement with its time) is no part of a production request, so it stays out of the
    # timed pass.
    for client_id in client_ids:
        with CaptureQueriesContext(connection) as captured:
            web.get(f"/settlements/clients/{client_id}/?month={month}")
        queries.add(len(captured))
        statements.append([q["sql"] for q in captured.captured_queries])
    # The limit, measured in this run: each page's statements replayed on the raw connection.
    sql = sql_timings(statements, bench_office.schema_name)
    print(
        f"\n  median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms, "
        f"queries per request {sorted(queries)}; SQL alone median {statistics.median(sql):.1f} ms"
    )
    bench_record(
        "billing_summary_client_p95_ms",
        _p95(timings),
        "ms",
        limit=_p95(sql),
        limit_name="billing_summary_client_sql_p95_ms",
    )
