"""helpdesk_queue_p95_ms, helpdesk_request_page_p95_ms: the staff queue with 200,000 requests
and 2,000,000 replies under the saved filters (mine, unassigned, waiting for me, overdue,
open), 200 requests; a request page with 50 replies and its history (40 changes), 200
requests. Rolled back afterwards (a `db` test, set-based SQL)."""

import statistics
import time

from django.db import connection

from accounts.models import Role
from modules.clients.models import Client
from modules.helpdesk.models import Request
from tests.helpers.offices import OfficeClient, in_office, member
from tests.perf.conftest import size
from tests.perf.limits import page_statements, sql_timings, statements_profile

REQUESTS = size(200_000, 500)
REPLIES = size(2_000_000, 5_000)
ROUNDS = size(40, 1)  # of the five saved filters
EACH = size(10, 1)  # requests per saved filter, printed one by one
PAGES = size(200, 5)  # requests of the request page

REQUESTS_SQL = """
INSERT INTO helpdesk_request (created_at, updated_at, number, subject, description,
  client_id, requester_id, requester_label, source, category_id, priority, assignee_id,
  due_date, status, requires_approval, mail_item_id, resolved_at, accepted_at, rating,
  rating_comment, version, fields)
SELECT now() - g * interval '97 seconds', now(), 'HD-1999-' || lpad(g::text, 7, '0'),
  'Request ' || g, 'Please help', %(client_min)s + g %% 500, NULL, 'Jan Kowalski', 'portal',
  NULL, (ARRAY['low','normal','high','urgent'])[1 + g %% 4],
  CASE WHEN g %% 3 = 0 THEN NULL ELSE (ARRAY[%(me)s, %(other)s])[1 + g %% 2] END,
  CASE WHEN g %% 7 = 0 THEN (now() - g * interval '97 seconds')::date + 3 END,
  (ARRAY['new','in_progress','waiting_client','resolved','accepted','closed','accepted',
         'closed','closed','rejected'])[1 + g %% 10],
  false, NULL, NULL, NULL, NULL, '', 1, '{}'
FROM generate_series(1, %(requests)s) AS g
"""
REPLIES_SQL = """
INSERT INTO helpdesk_reply (created_at, updated_at, request_id, author_id, author_label,
  body, internal)
SELECT r.created_at + k * interval '1 hour', now(), r.id, NULL, 'Piotr',
  'Dzień dobry, zajmujemy się tym zgłoszeniem.', k %% 3 = 0
FROM helpdesk_request r CROSS JOIN generate_series(1, %(per)s) AS k
WHERE r.number LIKE 'HD-1999-%%'
"""


def _p95(timings: list[float]) -> float:
    timings = sorted(timings)
    return timings[int(len(timings) * 0.95) - 1]


def _time(web, url, params_list) -> list[float]:
    for params in params_list[:5]:
        web.get(url, params)
    timings = []
    for params in params_list:
        start = time.perf_counter()
        response = web.get(url, params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return timings


def test_helpdesk_queue_and_request_page(office_a, bench_record):
    me = member(office_a, Role.ADMIN)
    other = member(office_a, Role.STAFF)
    with in_office(office_a):
        Client.objects.bulk_create(
            [Client(name=f"Bench {n}", code=f"HB-{n:04d}") for n in range(500)]
        )
        client_min = Client.objects.filter(code="HB-0000").values_list("pk", flat=True).get()
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                REQUESTS_SQL,
                {"client_min": client_min, "me": me.pk, "other": other.pk, "requests": REQUESTS},
            )
            cursor.execute(REPLIES_SQL, {"per": REPLIES // REQUESTS})
            cursor.execute("ANALYZE helpdesk_request; ANALYZE helpdesk_reply")
        print(f"\n  data: {time.perf_counter() - start:.1f} s")
        assert Request.objects.count() >= REQUESTS
        page_request = Request.objects.filter(number__startswith="HD-1999-").order_by("pk").first()
        with connection.cursor() as cursor:
            cursor.execute(
                REPLIES_SQL.replace("WHERE r.number LIKE 'HD-1999-%%'", "WHERE r.id = %(id)s"),
                {"per": 40, "id": page_request.pk},
            )
            cursor.execute(
                """INSERT INTO helpdesk_change (request_id, actor_id, actor_label, field, old,
                   new, created_at)
                   SELECT %(id)s, NULL, 'Piotr', 'priority', '"normal"', '"high"', now()
                   FROM generate_series(1, 40)""",
                {"id": page_request.pk},
            )
    web = OfficeClient(office_a, user=me)
    params = [
        {"saved": "mine"},
        {"saved": "unassigned"},
        {"saved": "waiting_for_me"},
        {"saved": "overdue"},
        {"saved": "open"},
    ] * ROUNDS
    timings = _time(web, "/helpdesk/", params)
    for kind in params[:5]:
        each = _time(web, "/helpdesk/", [kind] * EACH)
        print(f"  {kind['saved']}: median {statistics.median(each):.1f} ms")
    print(f"  queue median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms")
    # The limit measured in the same run: the page's own SQL replayed on the bare connection.
    statements = page_statements(web, "/helpdesk/", params)
    sql = sql_timings(statements, office_a.schema_name)
    statements_profile(statements, office_a.schema_name)
    bench_record(
        "helpdesk_queue_p95_ms",
        _p95(timings),
        "ms",
        limit=_p95(sql),
        limit_name="helpdesk_queue_sql_p95_ms",
    )

    url = f"/helpdesk/{page_request.pk}/"
    timings = _time(web, url, [{}] * PAGES)
    print(f"  page median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms")
    statements = page_statements(web, url, [{}] * PAGES)
    sql = sql_timings(statements, office_a.schema_name)
    statements_profile(statements, office_a.schema_name)
    bench_record(
        "helpdesk_request_page_p95_ms",
        _p95(timings),
        "ms",
        limit=_p95(sql),
        limit_name="helpdesk_request_page_sql_p95_ms",
    )
