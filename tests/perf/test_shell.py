"""shell_staff_p95_ms, shell_client_p95_ms: the floor of every HTML page, an empty page in
the signed-in layout of each area (config/bench.py: the staff sidebar with its groups, the
bell, the language menu, the office switcher; the client panel's top menu), 200 requests
each through the whole office request path. Each is printed beside its SQL alone (the same
requests' statements replayed from plain psycopg, tests/perf/limits.py), with the CPU time
of the process per request (`time.process_time()`, which the machine's load moves far less
than the wall clock) and the statements per request. A page's own figure minus its SQL is
read against "SQL + shell". Also printed: how much of the SQL the two `SET search_path`
statements of django-tenants take.

SHELL_PROFILE=1 also prints a cProfile of 50 requests of each, by cumulative and own time."""

from __future__ import annotations

import os
import statistics
import time

from accounts.models import Role
from tests.helpers.offices import OfficeClient, member
from tests.perf.conftest import size
from tests.perf.limits import p95, page_statements, profile_requests, sql_timings

REQUESTS = size(200, 5)


def _time(web, url: str, count: int) -> tuple[list[float], list[float]]:
    for _ in range(5):
        assert web.get(url).status_code == 200
    wall, cpu = [], []
    for _ in range(count):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = web.get(url)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return wall, cpu


def test_shell(office_a, bench_record, shell_urls):
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    client = OfficeClient(
        office_a, user=member(office_a, Role.CLIENT, client_id=1, client_name="Client One")
    )
    for name, web, url in (
        ("staff", staff, "/_shell/staff/"),
        ("client", client, "/_shell/client/"),
    ):
        wall, cpu = _time(web, url, REQUESTS)
        statements = page_statements(web, url, [{}] * REQUESTS)
        size = len(web.get(url).content)
        print(
            f"\n  {name} shell: median {statistics.median(wall):.2f} ms, CPU median"
            f" {statistics.median(cpu):.2f} ms, p95 {p95(cpu):.2f} ms;"
            f" {len(statements[0])} statements; {size} bytes"
        )
        sql = sql_timings(statements, office_a.schema_name)
        # django-tenants' two `SET search_path` (public for the office lookup, then the
        # office's): what folding the path into the office lookup would save.
        paths = [[s for s in batch if s.startswith("SET search_path")] for batch in statements]
        path_sql = sql_timings(paths, office_a.schema_name)
        print(
            f"  SQL alone median {statistics.median(sql):.2f} ms, of which the"
            f" {len(paths[0])} SET search_path {statistics.median(path_sql):.2f} ms"
        )
        bench_record(
            f"shell_{name}_p95_ms",
            p95(wall),
            "ms",
            limit=p95(sql),
            limit_name=f"shell_{name}_sql_p95_ms",
        )
        bench_record(f"shell_{name}_cpu_median_ms", statistics.median(cpu), "ms")
        if os.environ.get("SHELL_PROFILE"):
            profile_requests(web, url)
