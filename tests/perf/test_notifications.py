"""notify_10k_s: 10,000 e-mail notifications (one per client, 10,000 clients) created
through the bulk path (notify_many), enqueued and delivered to a real SMTP server on loopback
by the worker (2 processes), end to end; smtp_10k_baseline_s: in the same run, 10,000
messages of the same size sent by one plain Python process over one SMTP connection to the
same server (the floor). The ratio of the two is printed as notify_10k_ratio.

Committed data, a real worker (dramatiq, 2 processes x 4 threads) against the test database
and Redis, and aiosmtpd on loopback. notify_10k_s runs from the notify_many() call to the
last message received by the SMTP server.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection, transaction

from modules.notifications.devtools.mailcatcher import catcher_start
from tests.helpers.net import free_port
from tests.helpers.offices import in_office
from tests.perf.conftest import size

COUNT = int(os.environ.get("NOTIFY_BENCH_COUNT", size(10_000, 5)))  # smaller: a quick check


@pytest.fixture
def committed_office(session_offices, django_db_blocker):
    from modules.notifications.models import Notification, NotificationRecipient
    from modules.notifications.services import recipient_add_many

    office = session_offices[0]
    with django_db_blocker.unblock(), in_office(office):
        Notification.objects.all().delete()
        NotificationRecipient.objects.all().delete()
        recipient_add_many(
            contacts=[
                {
                    "client_id": client_id,
                    "client_label": f"Klient {client_id}",
                    "channel": "email",
                    "address": f"bench{client_id}@example.com",
                    "language": "pl",
                    "name": "Anna Nowak",
                    "events": ["mail.new"],
                }
                for client_id in range(1, COUNT + 1)
            ]
        )
        yield office
        connection.set_tenant(office)
        Notification.objects.all().delete()
        NotificationRecipient.objects.all().delete()
    connection.set_schema_to_public()


def test_offices_are_ready(session_offices, db):
    # pytest-django sets the test database up only for sessions with a `db` test; the
    # benchmark itself must commit (a real worker reads its rows), so it cannot be one.
    assert [o.slug for o in session_offices] == ["office-a", "office-b"]


def test_notify_10k(committed_office, bench_record, monkeypatch):
    from modules.notifications.services import NotifyItem, notify_many

    port = free_port()
    catcher = catcher_start("127.0.0.1", port)
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "VIREO_TESTING": "1",
        "NOTIFICATIONS_EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dramatiq",
            "config.worker",
            "--path",
            str(settings.BASE_DIR / "platform"),
            str(settings.BASE_DIR),
            "--processes",
            "2",
            "--threads",
            "4",
            "--queues",
            "notifications",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=open(settings.BASE_DIR / ".data" / "bench-worker.log", "w"),  # noqa: SIM115
        start_new_session=True,
    )
    try:
        time.sleep(3)  # the worker imports Django and every app before it takes messages
        started = time.monotonic()
        items = [
            NotifyItem(
                client_id=client_id,
                context={"client_name": f"Klient {client_id}", "mail_sender": "ZUS"},
            )
            for client_id in range(1, COUNT + 1)
        ]
        with transaction.atomic():
            notify_many(event="mail.new", items=items)
        enqueued = time.monotonic() - started
        deadline = time.monotonic() + 900
        while len(catcher.handler.messages) < COUNT and time.monotonic() < deadline:
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
        assert len(catcher.handler.messages) == COUNT
        sample = catcher.handler.first_raw
        catcher.handler.messages.clear()
        baseline = _smtp_baseline(port, sample)
        assert len(catcher.handler.messages) == COUNT
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
        catcher.stop()
    bench_record("notify_10k_s", elapsed, "s")
    bench_record("notify_10k_enqueue_s", enqueued, "s")
    bench_record("smtp_10k_baseline_s", baseline, "s")
    bench_record("notify_10k_ratio", elapsed / baseline, "x")
    bench_record("notify_10k_message_bytes", len(sample), "B")


BASELINE = """
import smtplib, sys, time
port, count, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
message = open(path, "rb").read()
started = time.monotonic()
with smtplib.SMTP("127.0.0.1", port) as smtp:
    for i in range(count):
        smtp.sendmail("bench@example.com", [f"bench{i}@example.com"], message)
print(time.monotonic() - started)
"""


def _smtp_baseline(port: int, message: bytes) -> float:
    """The floor: one plain Python process, one SMTP connection, the same message size.
    sendmail() returns after the server's reply to DATA, so the time includes receiving."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".eml") as handle:
        handle.write(message)
        handle.flush()
        result = subprocess.run(
            [sys.executable, "-c", BASELINE, str(port), str(COUNT), handle.name],
            capture_output=True,
            text=True,
            timeout=900,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    return float(result.stdout.strip())
