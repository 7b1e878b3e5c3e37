"""Mixed load without leaks (issue 23, item 6): two offices served by one gunicorn, 2 x 20
simulated staff for MIXED_LOAD_SECONDS (300 by default), each looping over the archive list,
an item's page, registering an item through the API and downloading a scan. Every answer
is checked for its own office's marker and against the other office's: a page, a JSON body
or a file from the wrong schema counts as a mismatch.

Figures: `mixed_load_mismatches` (must be 0), `mixed_load_error_rate` (below 0.5 %),
`mixed_load_p95_ms` beside `mixed_load_hello_p95_ms` (the fixed-string view under the same
load, the framework's limit) and `mixed_load_requests`.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.test import Client

from accounts.models import Role
from accounts.services import membership_create
from modules.mail.services import mail_register
from tests.factories import UserFactory
from tests.helpers.net import free_port, wait_for_port
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import letter, staged
from tests.perf.conftest import server_env, size, static_collect

SECONDS = float(os.environ.get("MIXED_LOAD_SECONDS", size(300, 2)))
USERS = int(os.environ.get("MIXED_LOAD_USERS", size(20, 2)))  # per office
CSRF = "mixedloadcsrftoken00000000000000"  # any 32 letters; cookie and header agree
ITEMS = size(60, 3)  # per office, each with a scan carrying the office's marker


def _marked_pdf(marker: str) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue() + f"% {marker}\n".encode()  # a comment after the end: readable


def _office_setup(office) -> dict:
    marker = f"MARKER-{office.schema_name.upper()}"
    user = UserFactory()
    membership_create(user=user, office=office, role=Role.STAFF)
    with in_office(office):
        client = ClientFactory(name=f"{marker} sp. z o.o.")
        items = [
            mail_register(
                actor=None,
                data={"client": client, "sender": f"{marker} sender", "mail_type": letter()},
                staged=[staged("scan.pdf", _marked_pdf(marker))],
                notify_choice="none",
                confirm_missing_scan=False,
            )
            for _ in range(ITEMS)
        ]
        scans = [scan.pk for item in items for scan in item.scans.all()]
        mail_type = letter().pk
    web = Client(HTTP_HOST=office.host)
    web.force_login(user)
    return {
        "office": office,
        "marker": marker.encode(),
        "session": web.cookies[settings.SESSION_COOKIE_NAME].value,
        "client": client.pk,
        "items": [item.pk for item in items],
        "scans": scans,
        "mail_type": mail_type,
    }


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.hello: list[float] = []
        self.requests = 0
        self.errors: list[str] = []
        self.mismatches: list[str] = []

    def add(self, seconds: float, *, hello: bool = False) -> None:
        with self.lock:
            self.requests += 1
            (self.hello if hello else self.times).append(seconds)


def _user(port: int, me: dict, other: dict, tally: Tally, stop_at: float, seed: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookie = f"{settings.SESSION_COOKIE_NAME}={me['session']}; {settings.CSRF_COOKIE_NAME}={CSRF}"
    base = {"Host": me["office"].host, "Cookie": cookie}

    def call(method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers={**base, **(headers or {})})
            response = conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            with tally.lock:
                tally.errors.append(f"{method} {path}: {exc!r}")
            return None, b""
        tally.add(time.perf_counter() - started, hello=path == "/_hello/")
        return response.status, content

    while time.monotonic() < stop_at:
        kind = rng.choice(("list", "detail", "register", "download", "hello"))
        if kind == "list":
            path = "/mail/"
            status, body = call("GET", path)
        elif kind == "detail":
            path = f"/mail/{rng.choice(me['items'])}/"
            status, body = call("GET", path)
        elif kind == "register":
            path = "/api/v1/mail/"
            payload = {
                "client": me["client"],
                "sender": me["marker"].decode() + " sender",
                "mail_type": me["mail_type"],
            }
            headers = {
                "Content-Type": "application/json",
                "X-CSRFToken": CSRF,
            }
            status, body = call("POST", path, json.dumps(payload).encode(), headers)
        elif kind == "download":
            path = f"/mail/scans/{rng.choice(me['scans'])}/"
            status, body = call("GET", path)
        else:
            path = "/_hello/"
            status, body = call("GET", path)
        if status is None:
            continue
        expected = 201 if kind == "register" else 200
        if status != expected:
            with tally.lock:
                tally.errors.append(f"{kind} {path}: {status} {body[:200]!r}")
            continue
        if kind == "hello":
            continue
        if other["marker"] in body or (kind != "register" and me["marker"] not in body):
            with tally.lock:
                tally.mismatches.append(f"{me['office'].slug} {kind} {path}")
        if kind == "register" and json.loads(body).get("client") != me["client"]:
            with tally.lock:
                tally.mismatches.append(f"{me['office'].slug} register answered another client")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(len(ordered) * 0.95)] * 1000 if ordered else 0.0


def test_mixed_load_keeps_offices_apart(bench_record, committed):
    setups = [_office_setup(office) for office in committed[:2]]
    port = free_port()
    # The server reads the files this process stored, and serves collected static files.
    env = static_collect({**server_env(), "MEDIA_ROOT": str(settings.MEDIA_ROOT)})
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
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    tally = Tally()
    try:
        wait_for_port(port)
        stop_at = time.monotonic() + SECONDS
        users = [
            threading.Thread(
                target=_user, args=(port, setups[n % 2], setups[1 - n % 2], tally, stop_at, n)
            )
            for n in range(USERS * 2)
        ]
        for user in users:
            user.start()
        for user in users:
            user.join()
    finally:
        server.terminate()
        server.wait(10)

    error_rate = len(tally.errors) / max(tally.requests + len(tally.errors), 1) * 100
    bench_record("mixed_load_requests", tally.requests, "requests")
    bench_record("mixed_load_mismatches", len(tally.mismatches), "responses")
    bench_record("mixed_load_error_rate", error_rate, "%")
    bench_record(
        "mixed_load_p95_ms",
        _p95(tally.times),
        "ms",
        limit=_p95(tally.hello),
        limit_name="mixed_load_hello_p95_ms",
    )
    print("\n  first errors:", tally.errors[:5], "\n  first mismatches:", tally.mismatches[:5])
    # Isolation is not a speed target: a leak fails the benchmark run.
    assert tally.mismatches == []
