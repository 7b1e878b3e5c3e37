"""messages_inbox_p95_ms: the staff inbox with 100,000 conversations and 1,000,000 messages
(2,000 clients, a tenth waiting for the office), 200 requests over its views: the newest
page, older pages, unread only, one client's; its limit `messages_inbox_sql_p95_ms` is the
same requests' SQL replayed alone (tests/perf/limits.py), measured in the same run. Also
`messages_search_p95_ms` (subjects and bodies, 100 searches), printed beside it. Rolled
back afterwards (a `db` test, set-based SQL)."""

import statistics
import time

from django.db import connection

from accounts.models import Role
from modules.clients.models import Client
from modules.messaging.models import Conversation
from tests.helpers.offices import OfficeClient, in_office, member
from tests.perf.conftest import size
from tests.perf.limits import p95, page_statements, sql_timings, statements_profile

CLIENTS = size(2_000, 50)
CONVERSATIONS = size(100_000, 500)
MESSAGES = size(1_000_000, 5_000)
# The inbox's requests: newest page, older pages (x4), unread only, one client's (each).
NEWEST, OLDER, UNREAD, ONE_CLIENT = size(80, 2), size(10, 1), size(40, 1), size(40, 2)
EACH = size(10, 1)  # requests per view, printed one by one
SEARCHES = size(100, 13)  # over the 13 searches
WORDS = ["faktura", "przesyłka", "adres", "umowa", "skan", "kurier", "pakiet", "aneks"]

CONVERSATIONS_SQL = """
INSERT INTO messaging_conversation (created_at, updated_at, client_id, subject, started_by_id,
  started_by_client, announcement_id, last_message_at, last_excerpt, last_from_client,
  staff_unread, client_unread)
SELECT now() - g * interval '61 seconds', now(), %(client_min)s + g %% %(clients)s,
  'Sprawa ' || (ARRAY['faktura','przesyłka','adres','umowa','skan','kurier','pakiet',
  'aneks'])[1 + g %% 8] || ' ' || g, NULL, g %% 3 = 0, NULL,
  now() - g * interval '61 seconds', 'Dzień dobry, w nawiązaniu do sprawy ' || g,
  g %% 10 = 0, CASE WHEN g %% 10 = 0 THEN 1 ELSE 0 END, CASE WHEN g %% 10 = 5 THEN 1 ELSE 0 END
FROM generate_series(1, %(conversations)s) AS g
"""
MESSAGES_SQL = """
INSERT INTO messaging_message (created_at, updated_at, conversation_id, author_id,
  author_label, from_client, internal, body, read_at)
SELECT c.last_message_at - (%(per)s - k) * interval '1 hour', now(), c.id, NULL, 'Anna',
  k %% 2 = 0, k = 3,
  'Dzień dobry, w nawiązaniu do sprawy ' || c.id || ' przesyłam informacje: ' ||
  (ARRAY['faktura','przesyłka','adres','umowa','skan','kurier','pakiet',
  'aneks'])[1 + (c.id + k) %% 8] || ' nr ' || (c.id * 10 + k), now()
FROM messaging_conversation c CROSS JOIN generate_series(1, %(per)s) AS k
"""
# Built after the rows are in: faster than keeping them up to date row by row.
INDEXES = {
    "msg_conv_inbox_idx": "ON messaging_conversation (last_message_at DESC, id DESC)",
    "msg_conv_client_idx": "ON messaging_conversation (client_id, last_message_at DESC, id DESC)",
    "msg_conv_staff_unread_idx": (
        "ON messaging_conversation (last_message_at DESC) WHERE staff_unread > 0"
    ),
    "msg_conv_subject_trgm": "ON messaging_conversation USING gin (UPPER(subject) gin_trgm_ops)",
    "msg_message_conv_idx": "ON messaging_message (conversation_id, created_at)",
    "msg_message_body_trgm": "ON messaging_message USING gin (UPPER(body) gin_trgm_ops)",
}


def _time(web, url, params_list, cpu: list | None = None) -> list[float]:
    """Wall-clock milliseconds per request; `cpu` gets this process's CPU time of each (the
    page's Python, steadier than the wall clock on a shared machine)."""
    for params in params_list[:5]:
        web.get(url, params)
    timings = []
    for params in params_list:
        start, cpu_start = time.perf_counter(), time.process_time()
        response = web.get(url, params)
        timings.append((time.perf_counter() - start) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - cpu_start) * 1000)
        assert response.status_code == 200
    return timings


def test_messages_inbox(office_a, bench_record):
    me = member(office_a, Role.STAFF)
    with in_office(office_a):
        Client.objects.bulk_create(
            [Client(name=f"Bench {n}", code=f"MB-{n:05d}") for n in range(CLIENTS)]
        )
        client_min = Client.objects.filter(code="MB-00000").values_list("pk", flat=True).get()
        start = time.perf_counter()
        with connection.cursor() as cursor:
            # Foreign keys are checked at once, not at commit: an index cannot be built
            # while a table has such checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name in INDEXES:
                cursor.execute(f"DROP INDEX {name}")
            cursor.execute(
                CONVERSATIONS_SQL,
                {"client_min": client_min, "clients": CLIENTS, "conversations": CONVERSATIONS},
            )
            cursor.execute(MESSAGES_SQL, {"per": MESSAGES // CONVERSATIONS})
            for name, definition in INDEXES.items():
                cursor.execute(f"CREATE INDEX {name} {definition}")
            cursor.execute("ANALYZE messaging_conversation; ANALYZE messaging_message")
        print(f"\n  data: {time.perf_counter() - start:.1f} s")
        assert Conversation.objects.count() == CONVERSATIONS
    web = OfficeClient(office_a, user=me)
    requests = [
        *[{}] * NEWEST,
        *[{"page": str(n)} for n in (2, 3, 5, 10)] * OLDER,
        *[{"unread": "1"}] * UNREAD,
        *[{"client": str(client_min + n)} for n in range(ONE_CLIENT)],
    ]
    cpu = []
    timings = _time(web, "/messages/", requests, cpu)
    for label, params in (
        ("newest", {}),
        ("page 10", {"page": "10"}),
        ("unread", {"unread": "1"}),
        ("client", {"client": str(client_min + 7)}),
    ):
        each = _time(web, "/messages/", [params] * EACH)
        print(f"  {label}: median {statistics.median(each):.1f} ms")
    print(f"  inbox median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms")
    print(f"  inbox CPU median {statistics.median(cpu):.2f} ms, p95 {p95(cpu):.2f} ms")
    statements = page_statements(web, "/messages/", requests)
    sql = sql_timings(statements, office_a.schema_name)
    statements_profile(statements, office_a.schema_name)
    bench_record(
        "messages_inbox_p95_ms",
        p95(timings),
        "ms",
        limit=p95(sql),
        limit_name="messages_inbox_sql_p95_ms",
    )
    searches = [
        {"q": q}
        for q in (
            *WORDS,
            "sprawy 4711",
            "nr 123457",
            "Sprawa umowa 4",
            "nie ma takiego słowa",
            "KURIER",
        )
    ] * 8
    cpu = []
    timings = _time(web, "/messages/", searches[:SEARCHES], cpu)
    statements = page_statements(web, "/messages/", searches[:SEARCHES])
    search_sql = sql_timings(statements, office_a.schema_name)
    statements_profile(statements, office_a.schema_name)
    slowest = sorted(zip(timings, [p["q"] for p in searches[:SEARCHES]], strict=True), reverse=True)
    print("  slowest searches:", ", ".join(f"{q!r} {t:.0f} ms" for t, q in slowest[:6]))
    print(f"  search median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms")
    print(f"  search CPU median {statistics.median(cpu):.2f} ms, p95 {p95(cpu):.2f} ms")
    bench_record(
        "messages_search_p95_ms",
        p95(timings),
        "ms",
        limit=p95(search_sql),
        limit_name="messages_search_sql_p95_ms",
    )
