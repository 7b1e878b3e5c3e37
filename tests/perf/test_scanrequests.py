"""scan_requests_list_p95_ms, portal_mail_with_plus_p95_ms: the Scan requests screen with
100,000 requests (2,000 open) over 100,000 items, and the client panel's Mail tab with the
"+" buttons, 100 requests each. Rolled back afterwards (a `db` test, set-based SQL)."""

import os
import statistics
import time

from django.db import connection

from accounts.models import Role
from modules.clients.models import Client
from modules.mail.models import MailStatus, MailType
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.scanrequests.factories import allow
from tests.perf.conftest import size
from tests.perf.limits import (
    interleaved_timings,
    page_statements,
    profile_requests,
    statements_profile,
)

ITEMS = size(100_000, 500)
OPEN = size(2_000, 20)
ROUNDS = size(20, 1)  # of the five lists
EACH = size(10, 1)  # requests per list, printed one by one
PAGES = size(300, 3)  # requests of the panel's Mail tab and of the empty panel page

ITEMS_SQL = """
INSERT INTO mail_mailitem (created_at, updated_at, number, direction, client_id, sender,
  recipient, mail_type_id, received_at, pieces, tracking_number, notes, additional_info,
  additional_cost, status_id, status_changed_at, notify_choice, scan_count, picked_up_by,
  pickup_method, search_document)
SELECT now(), now(), '1999/' || lpad(g::text, 7, '0'), 'in', %(client_min)s + g %% 500,
  'Urząd ' || (g %% 97), '', %(type)s, now() - g * interval '53 seconds', 1, '', '', '', 0,
  %(status)s, now(), 'none', 0, '', '', ''
FROM generate_series(1, %(items)s) AS g
"""
REQUESTS_SQL = """
INSERT INTO scanrequests_scanrequest (created_at, updated_at, item_id, status, source,
  requested_by, cancel_reason, completed_at, cancelled_at)
SELECT i.received_at + interval '1 hour', now(), i.id,
  CASE WHEN row_number() OVER (ORDER BY i.id) <= %(open)s THEN 'new'
       WHEN i.id %% 5 = 0 THEN 'cancelled' ELSE 'completed' END,
  'portal', 'Jan Kowalski', '',
  CASE WHEN row_number() OVER (ORDER BY i.id) > %(open)s AND i.id %% 5 <> 0
       THEN i.received_at + interval '5 hours' END,
  CASE WHEN row_number() OVER (ORDER BY i.id) > %(open)s AND i.id %% 5 = 0
       THEN i.received_at + interval '5 hours' END
FROM mail_mailitem i WHERE i.number LIKE '1999/%%'
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


def test_scan_requests_list_and_portal(office_a, bench_record, shell_urls):
    with in_office(office_a):
        allow()
        Client.objects.bulk_create(
            [Client(name=f"Bench {n}", code=f"BN-{n:04d}") for n in range(500)]
        )
        client_min = Client.objects.filter(code="BN-0000").values_list("pk", flat=True).get()
        with connection.cursor() as cursor:
            cursor.execute(
                ITEMS_SQL,
                {
                    "client_min": client_min,
                    "type": MailType.objects.get(code="letter").pk,
                    "status": MailStatus.objects.get(code="to_pick_up").pk,
                    "items": ITEMS,
                },
            )
            cursor.execute(REQUESTS_SQL, {"open": OPEN})
            cursor.execute("ANALYZE mail_mailitem; ANALYZE scanrequests_scanrequest")
    staff = member(office_a, Role.STAFF)
    web = OfficeClient(office_a, user=staff)
    params = [
        {},
        {"status": "completed"},
        {"status": "all"},
        {"status": "new", "overdue": "1"},
        {"status": "all", "client": client_min + 17},
    ] * ROUNDS
    for kind in params[:5]:
        each = _time(web, "/mail/scan-requests/", [kind] * EACH)
        print(f"  {kind or 'new'}: median {statistics.median(each):.1f} ms")
    # The page and its SQL in turns (tests/perf/limits.py), request by request.
    timings, sql = interleaved_timings(web, "/mail/scan-requests/", params, office_a.schema_name)
    print(f"  list median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms")
    bench_record(
        "scan_requests_list_p95_ms",
        _p95(timings),
        "ms",
        limit=_p95(sql),
        limit_name="scan_requests_list_sql_p95_ms",
    )

    client_user = member(office_a, Role.CLIENT, client_id=client_min + 3)
    portal = OfficeClient(office_a, user=client_user)
    timings, sql = interleaved_timings(portal, "/portal/mail/", [{}] * PAGES, office_a.schema_name)
    print(f"  portal median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms")
    if os.environ.get("PORTAL_PROFILE"):  # as SHELL_PROFILE in test_shell.py
        profile_requests(portal, "/portal/mail/")
        statements = page_statements(portal, "/portal/mail/", [{}] * PAGES)
        statements_profile(statements, office_a.schema_name, top=20)
    print(f"  portal SQL median {statistics.median(sql):.2f} ms, p95 {_p95(sql):.2f} ms")
    bench_record(
        "portal_mail_with_plus_p95_ms",
        _p95(timings),
        "ms",
        limit=_p95(sql),
        limit_name="portal_mail_with_plus_sql_p95_ms",
    )
    # The floor of any panel page in the same run: an empty page in the panel's layout
    # (tests/perf/test_shell.py) and its own SQL. The tab's share is read against it: what
    # the page takes over the empty one, beside what its SQL takes over the empty one's.
    shell, shell_sql = interleaved_timings(
        portal, "/_shell/client/", [{}] * PAGES, office_a.schema_name
    )
    print(
        f"  empty panel page p95 {_p95(shell):.1f} ms (its SQL {_p95(shell_sql):.1f} ms);"
        f" the Mail tab over it {_p95(timings) - _p95(shell):.1f} ms, its SQL over it"
        f" {_p95(sql) - _p95(shell_sql):.1f} ms"
    )
    bench_record(
        "portal_mail_with_plus_over_shell_p95_ms",
        _p95(timings) - _p95(shell),
        "ms",
        limit=_p95(shell),
        limit_name="portal_mail_shell_p95_ms",
    )
