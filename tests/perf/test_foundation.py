"""Foundation benchmarks: creating an office, and serving an office page."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.models import Role
from accounts.services import membership_create
from tenants.models import Office
from tenants.services import office_provision
from tests.factories import UserFactory
from tests.helpers.net import free_port, wait_for_port


@pytest.fixture
def committed(session_offices, django_db_blocker):
    """Committed rows (gunicorn reads them) without a transactional test's flush, which would
    empty the public tables under the session's offices and the later benchmarks."""
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        yield session_offices
        connection.set_schema_to_public()


OFFICES_PRESENT = 200


def _ensure_offices(count: int) -> None:
    existing = Office.objects.filter(is_template=False).count()
    for i in range(existing, count):
        office_provision(name=f"Bench office {i}", slug=f"bench-{i:04d}", country="PL")


def test_provisioning(bench_record, committed):
    connection.set_schema_to_public()
    _ensure_offices(OFFICES_PRESENT)
    assert Office.objects.filter(is_template=False).count() >= OFFICES_PRESENT

    timings = {"clone": [], "migrate": []}
    for round_ in range(3):
        for method in ("clone", "migrate"):
            started = time.perf_counter()
            office_provision(
                name="Timed",
                slug=f"timed-{method}-{round_}",
                country="PL",
                clone=method == "clone",
            )
            timings[method].append(time.perf_counter() - started)
    clone_s = sorted(timings["clone"])[1]  # median of three
    migrate_s = sorted(timings["migrate"])[1]
    bench_record("provision_office_s", clone_s, "s")
    bench_record("provision_office_migrate_s", migrate_s, "s")
    # The chosen way (tenants.services.office_provision clones) must be the faster one.
    assert clone_s < migrate_s


def test_office_page_rps(bench_record, committed):
    office = committed[0]
    user = UserFactory()
    membership_create(user=user, office=office, role=Role.STAFF)
    client = Client(HTTP_HOST=office.host)
    client.force_login(user)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    port = free_port()
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DEBUG": "false",
        "VIREO_TESTING": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": (f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"),
        "PLATFORM_SCHEME": "http",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": f"{settings.BASE_DIR / 'platform'}:{settings.BASE_DIR}",
    }
    # As in production: hashed static files collected once, served by whitenoise.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )
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

        duration, threads, counts, errors = 10.0, 4, [], []
        stop_at = time.monotonic() + duration

        def load() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            done = 0
            while time.monotonic() < stop_at:
                conn.request("GET", "/dashboard/", headers=headers)
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
        elapsed = time.monotonic() - started
        assert errors == []
        bench_record("office_page_rps", sum(counts) / elapsed, "req/s")
    finally:
        server.terminate()
        server.wait(10)
