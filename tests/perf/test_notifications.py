"""notify_10k_s: 10,000 e-mail notifications enqueued and delivered to a real SMTP server
on loopback by the worker (2 processes), end to end.

Committed data, a real `manage.py worker` (dramatiq, 2 processes x 4 threads) against the
test database and Redis, and aiosmtpd on loopback. Measures from the first notify() to the
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

COUNT = 10_000


@pytest.fixture
def committed_office(session_offices, django_db_blocker):
    from modules.notifications.models import Notification, NotificationRecipient
    from modules.notifications.services import recipient_create

    office = session_offices[0]
    with django_db_blocker.unblock(), in_office(office):
        Notification.objects.all().delete()
        NotificationRecipient.objects.all().delete()
        recipient_create(
            client_id=1,
            channel="email",
            address="bench@example.com",
            language="pl",
            events=["mail.new"],
            actor=None,
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
    from modules.notifications.services import notify

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
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        time.sleep(3)  # the worker imports Django and every app before it takes messages
        started = time.monotonic()
        context = {"client_name": "Bench", "mail_sender": "ZUS", "mail_type": "list"}
        for start in range(0, COUNT, 500):
            with transaction.atomic():
                for _ in range(min(500, COUNT - start)):
                    notify(event="mail.new", client_id=1, context=context)
        enqueued = time.monotonic() - started
        deadline = time.monotonic() + 900
        while len(catcher.handler.messages) < COUNT and time.monotonic() < deadline:
            time.sleep(0.2)
        elapsed = time.monotonic() - started
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
        catcher.stop()
    assert len(catcher.handler.messages) == COUNT
    bench_record("notify_10k_s", elapsed, "s")
    bench_record("notify_10k_enqueue_s", enqueued, "s")
