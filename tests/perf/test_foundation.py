"""Foundation benchmarks: creating an office, and serving an office page."""

from __future__ import annotations

import http.client
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.test import Client

from accounts.models import Role
from accounts.services import membership_create
from tenants.models import Office
from tenants.services import office_provision
from tests.factories import UserFactory
from tests.helpers.net import free_port, wait_for_port
from tests.perf.conftest import server_env, size, static_collect

OFFICES_PRESENT = size(200, 3)
# The dashboard and the fixed string alternate in slices of load, each page this many times.
SLICES = size(2, 1)
SLICE_SECONDS = size(5.0, 0.5)


def _ensure_offices(count: int) -> None:
    existing = Office.objects.filter(is_template=False).count()
    taken = set(Office.objects.filter(slug__startswith="bench-").values_list("slug", flat=True))
    started = time.perf_counter()
    number = 0
    while existing < count:
        slug = f"bench-{number:04d}"
        number += 1
        if slug in taken:  # a database kept from an earlier run (--reuse-db)
            continue
        office_provision(name=f"Bench office {number}", slug=slug, country="PL")
        existing += 1
        if existing % 250 == 0:
            print(f"  {existing} offices ({time.perf_counter() - started:.0f} s)", flush=True)


def test_office_page_rps(bench_record, committed):
    office = committed[0]
    user = UserFactory()
    membership_create(user=user, office=office, role=Role.STAFF)
    client = Client(HTTP_HOST=office.host)
    client.force_login(user)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    port = free_port()
    # As in production: hashed static files collected once, served by whitenoise.
    env = static_collect(server_env())
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    try:
        wait_for_port(port)
        headers = {
            "Host": office.host,
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_cookie}",
        }
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        probe.request("GET", "/dashboard/", headers=headers)
        first = probe.getresponse()
        body = first.read()
        assert first.status == 200, body[:500]
        assert office.name.encode() in body

        probe.request("GET", "/_hello/", headers=headers)
        hello = probe.getresponse()
        assert (hello.status, hello.read()) == (200, b"hello")
        # The dashboard and the fixed string alternate in 5 s slices (same server, same
        # minutes), so both see the same machine load.
        totals = {"/dashboard/": [0, 0.0], "/_hello/": [0, 0.0]}
        for _ in range(SLICES):
            for path in totals:
                done, seconds = _load(port, path, headers, duration=SLICE_SECONDS, threads=4)
                totals[path][0] += done
                totals[path][1] += seconds
        office_rps = totals["/dashboard/"][0] / totals["/dashboard/"][1]
        hello_rps = totals["/_hello/"][0] / totals["/_hello/"][1]
        # For throughput the ratio is limit / figure: how many times slower than the minimum.
        bench_record("office_page_rps", office_rps, "req/s")
        bench_record("hello_rps", hello_rps, "req/s")
        bench_record("office_page_rps_limit", hello_rps, "req/s")
        bench_record("office_page_rps_ratio", hello_rps / office_rps, "x")
    finally:
        server.terminate()
        server.wait(10)


def _load(port: int, path: str, headers: dict, *, duration: float, threads: int):
    counts, errors = [], []
    stop_at = time.monotonic() + duration

    def load() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        done = 0
        while time.monotonic() < stop_at:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
            done += 1
        counts.append(done)

    workers = [threading.Thread(target=load) for _ in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    return sum(counts), time.monotonic() - started
