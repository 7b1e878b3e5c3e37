"""helpdesk_report_month_ms: the Reports page for one month (November 2026) of an office with
200,000 requests over a year (about 16,400 in the month), 160,000 first responses, 500
clients, 10 categories, 4 operators; median of 30 pages as a supervisor. Printed beside its
floor measured in the same run: the page's own SQL replayed on the bare connection
(helpdesk_report_month_sql_ms), and a plain count(*) of the month's requests.

The rows are made by set-based SQL (generate_series) in a few seconds and rolled back
afterwards (a `db` test). EXPLAIN ANALYZE shows what the two partial indexes of migration
0006 (resolved_at, accepted_at) are worth: each query is run with the index and again with
the index dropped (inside the same rolled-back transaction)."""

import statistics
import time

from django.db import connection
from django.utils import timezone

from accounts.models import Role
from modules.clients.models import Client
from modules.helpdesk.reports import (
    RATINGS_SQL,
    RESOLUTION_SQL,
    Filters,
    Period,
    _base_params,
    report_build,
)
from tests.helpers.offices import OfficeClient, in_office, member
from tests.perf.conftest import size
from tests.perf.limits import page_statements, sql_timings

REQUESTS = size(200_000, 2_000)  # the smoke size: the last days of November
WARMUP, PAGES, BUILDS = size(3, 1), size(30, 2), size(10, 1)
MONTH = {"period": "month", "month": "2026-11"}

CATEGORIES_SQL = """
INSERT INTO helpdesk_category (created_at, updated_at, name_pl, parent_id, requires_approval,
  is_active, team_id)
SELECT now(), now(), 'Bench category ' || g, NULL, false, true, NULL
FROM generate_series(1, 10) AS g
"""

# A year of requests ending with November 2026 (one every 158 s), resolved ones 1-97 hours
# after raising, accepted ones rated 1-5. The last five weeks in every status; before that
# done (accepted, closed, rejected) but for one in 500 still open (about 6,400 open in all).
REQUESTS_SQL = """
INSERT INTO helpdesk_request (created_at, updated_at, number, subject, description,
  client_id, requester_id, requester_label, source, category_id, priority, assignee_id,
  team_id, due_date, status, requires_approval, mail_item_id, resolved_at, accepted_at,
  rating, rating_comment, version, fields)
SELECT c, now(), 'HD-1998-' || lpad(g::text, 7, '0'), 'Request ' || g, 'Please help',
  %(client_min)s + g %% 500, NULL, 'Jan Kowalski',
  (ARRAY['portal','portal','staff','mail'])[1 + g %% 4],
  %(category_min)s + g %% 10, 'normal', (ARRAY[%(ops)s])[1 + g %% 4], NULL, NULL, s,
  false, NULL,
  CASE WHEN s IN ('resolved', 'accepted', 'closed') THEN c + (1 + g %% 97) * interval '1 hour' END,
  CASE WHEN s = 'accepted' THEN c + (2 + g %% 97) * interval '1 hour' END,
  CASE WHEN s = 'accepted' THEN 1 + g %% 5 END, '', 1, '{}'
FROM generate_series(1, %(requests)s) AS g,
  LATERAL (SELECT timestamptz '2026-12-01 00:00+01' - g * interval '157.68 seconds' AS c,
    CASE WHEN g <= 20000 OR g %% 500 = 0
      THEN (ARRAY['new','in_progress','waiting_client','resolved','accepted','closed',
                  'accepted','closed','accepted','rejected'])[1 + g %% 10]
      ELSE (ARRAY['accepted','closed','accepted','rejected','closed'])[1 + g %% 5]
    END AS s) AS x
"""

# A first public reply by staff on four requests in five, 10 minutes to 2 days after raising.
REPLIES_SQL = """
INSERT INTO helpdesk_reply (created_at, updated_at, request_id, author_id, author_label,
  body, internal)
SELECT r.created_at + (10 + r.id %% 2870) * interval '1 minute', now(), r.id, %(op)s,
  'Piotr', 'Dzień dobry, zajmujemy się tym.', false
FROM helpdesk_request r WHERE r.number LIKE 'HD-1998-%%' AND r.id %% 5 <> 0
"""
FIRST_SQL = """
INSERT INTO helpdesk_firstresponse (request_id, reply_id, at, raised_at)
SELECT p.request_id, p.id, p.created_at, r.created_at
FROM helpdesk_reply p JOIN helpdesk_request r ON r.id = p.request_id
WHERE p.author_id = %(op)s
"""


def _explain(sql: str, params: dict) -> tuple[float, str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else plan
    nodes, stack = [], [plan["Plan"]]
    while stack:
        node = stack.pop()
        nodes.append(node["Node Type"] + (f" {node['Index Name']}" if "Index Name" in node else ""))
        stack.extend(node.get("Plans", []))
    return plan["Execution Time"], ", ".join(n for n in nodes if "Scan" in n)


def _slowest(batch: list[str], office) -> None:
    """Each statement of one page alone (median of 5), the slowest first."""
    with in_office(office):
        each = []
        for sql in batch:
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute(sql.replace("%", "%%"))
                    if cursor.description is not None:
                        cursor.fetchall()
                runs.append((time.perf_counter() - started) * 1000)
            each.append((statistics.median(runs), " ".join(sql.split())[:90]))
    for ms, text in sorted(each, reverse=True)[:6]:
        print(f"    {ms:7.1f} ms  {text}")


def test_helpdesk_report_month(office_a, bench_record):
    supervisor = member(office_a, Role.ADMIN)
    ops = [member(office_a, Role.STAFF) for _ in range(4)]
    with in_office(office_a):
        Client.objects.bulk_create(
            [Client(name=f"Bench {n}", code=f"HR-{n:04d}") for n in range(500)]
        )
        client_min = Client.objects.filter(code="HR-0000").values_list("pk", flat=True).get()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(CATEGORIES_SQL)
            cursor.execute("SELECT min(id) FROM helpdesk_category WHERE name_pl LIKE 'Bench%%'")
            category_min = cursor.fetchone()[0]
            cursor.execute(
                REQUESTS_SQL.replace("%(ops)s", ",".join(str(o.pk) for o in ops)),
                {"client_min": client_min, "category_min": category_min, "requests": REQUESTS},
            )
            cursor.execute(REPLIES_SQL, {"op": ops[0].pk})
            cursor.execute(FIRST_SQL, {"op": ops[0].pk})
            cursor.execute(
                "ANALYZE helpdesk_request; ANALYZE helpdesk_reply; ANALYZE helpdesk_firstresponse"
            )
            cursor.execute(
                "SELECT count(*) FROM helpdesk_request WHERE created_at >= %s AND created_at < %s",
                Period.month(2026, 11).bounds(),
            )
            in_month = cursor.fetchone()[0]
        print(f"\n  data: {time.perf_counter() - started:.1f} s, {in_month} requests in the month")

        # What the partial indexes do (EXPLAIN ANALYZE, with and without them).
        with timezone.override(office_a.time_zone):
            where, params = _base_params(Period.month(2026, 11), Filters())
            params["bucket"] = "day"
        for name, sql in (
            ("hd_request_resolved_idx", RESOLUTION_SQL),
            ("hd_request_accepted_idx", RATINGS_SQL),
        ):
            with_ms, with_plan = _explain(sql.format(where=where, credited=""), params)
            with connection.cursor() as cursor:
                cursor.execute("SAVEPOINT idx")
                cursor.execute(f"DROP INDEX {name}")
                without_ms, without_plan = _explain(sql.format(where=where, credited=""), params)
                cursor.execute("ROLLBACK TO SAVEPOINT idx")
            print(f"  {name}: {with_ms:.1f} ms ({with_plan})")
            print(f"    without it: {without_ms:.1f} ms ({without_plan})")

    web = OfficeClient(office_a, user=supervisor)
    for _ in range(WARMUP):
        assert web.get("/helpdesk/reports/", MONTH).status_code == 200
    timings = []
    for _ in range(PAGES):
        started = time.perf_counter()
        response = web.get("/helpdesk/reports/", MONTH)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    print(
        f"  page median {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms, max {timings[-1]:.1f} ms"
    )
    # The floors of the same run: the page's own SQL alone, and one count(*) of the month.
    statements = page_statements(web, "/helpdesk/reports/", [MONTH] * PAGES)
    sql = sql_timings(statements, office_a.schema_name)
    _slowest(statements[0], office_a)
    with in_office(office_a):
        counts = []
        for _ in range(PAGES):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM helpdesk_request "
                    "WHERE created_at >= %s AND created_at < %s",
                    Period.month(2026, 11).bounds(),
                )
                cursor.fetchone()
            counts.append((time.perf_counter() - started) * 1000)
    print(f"  one count(*) of the month: median {statistics.median(counts):.1f} ms")
    with in_office(office_a), timezone.override(office_a.time_zone):
        builds = []
        for _ in range(BUILDS):
            started = time.perf_counter()
            report_build(period=Period.month(2026, 11), filters=Filters())
            builds.append((time.perf_counter() - started) * 1000)
    print(f"  report_build alone (figures, no page): median {statistics.median(builds):.1f} ms")
    exported = time.perf_counter()
    assert web.get("/helpdesk/reports/", {**MONTH, "export": "all"}).status_code == 200
    print(f"  XLSX of every table: {(time.perf_counter() - exported) * 1000:.1f} ms")
    pdf = time.perf_counter()
    url = f"/helpdesk/reports/client/{client_min}/"
    assert web.get(url, {"month": "2026-11"}).status_code == 200
    print(f"  a client's month PDF: {(time.perf_counter() - pdf) * 1000:.1f} ms")
    bench_record(
        "helpdesk_report_month_ms",
        statistics.median(timings),
        "ms",
        limit=statistics.median(sql),
        limit_name="helpdesk_report_month_sql_ms",
    )
