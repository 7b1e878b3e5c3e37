"""The platform's e-mails through their outbox (common.emails): an SMTP server that cannot be
reached leaves the page working and the e-mail queued; a real worker sends it once the server
answers (a real SMTP server on loopback), the sweep sends what the broker never got, and an
e-mail that fails every attempt waits in the console, where it can be sent again."""

from __future__ import annotations

import datetime
import re
import smtplib

import dramatiq
import pytest
from django.core import mail
from django.utils import timezone
from dramatiq import Worker

from common.emails import (
    PLATFORM_EMAIL_ATTEMPTS,
    platform_email_queue,
    platform_email_requeue_stale,
    platform_email_send,
)
from common.models import PlatformEmail
from common.tasks import EMAIL_QUEUE
from modules.notifications.devtools.mailcatcher import catcher_start
from tests.helpers.net import free_port
from tests.helpers.offices import OfficeClient
from tests.platform.console.test_console import _console


@pytest.fixture
def smtp(settings):
    """The SMTP backend pointed at a loopback port with nothing on it (an outage); start()
    puts a real SMTP server there."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5

    class Server:
        controller = None

        def start(self):
            self.controller = catcher_start("127.0.0.1", port)
            return self.controller.handler

    server = Server()
    broker = dramatiq.get_broker()
    broker.flush(EMAIL_QUEUE)
    yield server
    broker.flush(EMAIL_QUEUE)
    if server.controller is not None:
        server.controller.stop()


def _queue_length() -> int:
    broker = dramatiq.get_broker()
    return broker.client.llen(f"{broker.namespace}:{EMAIL_QUEUE}")


@pytest.mark.django_db
def test_a_password_reset_during_an_smtp_outage_is_sent_once_the_server_is_back(
    office_a, staff_a, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = OfficeClient(office_a).post(
            "/accounts/password-reset/", {"email": staff_a.email}
        )
    assert response.status_code == 302  # the page answers as always
    email = PlatformEmail.objects.get(to=[staff_a.email])
    assert (email.kind, email.status, email.attempts) == ("password_reset", "queued", 1)
    assert email.error.startswith("ConnectionRefusedError")
    assert "/accounts/password-reset/" in email.text  # kept until it is sent
    assert _queue_length() == 1  # the worker's retry

    caught = smtp.start()
    # The retry, run here by hand: the row is not committed, so a worker's thread could not
    # see it (the last test runs a real worker on committed rows).
    assert platform_email_send(pk=email.pk).status == "sent"
    (message,) = caught.messages
    assert message["To"] == staff_a.email
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert re.search(r"http://office-a\.localhost\S*/accounts/password-reset/\S+/", text)
    email.refresh_from_db()
    assert (email.status, email.attempts, email.error) == ("sent", 2, "")
    assert email.sent_at is not None
    assert (email.text, email.html) == ("", "")  # the link is a key: not kept once sent
    assert platform_email_send(pk=email.pk) is None  # a second message sends nothing
    assert len(caught.messages) == 1


@pytest.mark.django_db
def test_the_sweep_sends_what_the_broker_never_got_and_an_attempt_is_claimed_once(smtp):
    email = platform_email_queue(
        kind="invitation", to=["a@example.com"], subject="Hello", text="Body"
    )  # inside the test's transaction: no on-commit attempt, no message
    assert _queue_length() == 0
    assert platform_email_requeue_stale() == 0  # not stale yet: it may be on its way
    PlatformEmail.objects.filter(pk=email.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert platform_email_requeue_stale() == 1
    assert _queue_length() == 1

    # Claimed by one attempt (running): another attempt meanwhile sends nothing.
    PlatformEmail.objects.filter(pk=email.pk).update(status="running")
    assert platform_email_send(pk=email.pk) is None
    # A worker that died mid-send: after 15 minutes the sweep queues it again.
    PlatformEmail.objects.filter(pk=email.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    assert platform_email_requeue_stale() == 1
    email.refresh_from_db()
    assert email.status == "queued"


@pytest.mark.django_db
def test_an_email_failing_every_attempt_waits_in_the_console_and_is_sent_again(smtp):
    from tests.factories import UserFactory

    email = platform_email_queue(
        kind="signup_verify", to=["b@example.com"], subject="Confirm", text="Link"
    )
    for attempt in range(1, PLATFORM_EMAIL_ATTEMPTS):
        with pytest.raises(ConnectionRefusedError):
            platform_email_send(pk=email.pk)
        email.refresh_from_db()
        assert (email.attempts, email.status) == (attempt, "queued")
    assert platform_email_send(pk=email.pk) is None  # the last attempt gives up, raises not
    email.refresh_from_db()
    assert (email.attempts, email.status) == (PLATFORM_EMAIL_ATTEMPTS, "failed")
    assert platform_email_send(pk=email.pk) is None  # the worker's last retry gives up
    assert platform_email_requeue_stale(queued_for=datetime.timedelta(0)) == 0

    admin = _console(UserFactory(is_staff=True))
    page = admin.get("/jobs/").content.decode()
    assert 'data-testid="failed-emails"' in page
    assert "b@example.com" in page and "ConnectionRefusedError" in page
    assert "Sign-up check" in page  # the kind in words
    resent = admin.post(f"/jobs/emails/{email.pk}/retry/", follow=True)
    assert "queued to be sent again" in resent.content.decode()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("queued", 0)
    caught = smtp.start()
    assert platform_email_send(pk=email.pk).status == "sent"
    assert caught.messages[0]["Subject"] == "Confirm"
    again = admin.post(f"/jobs/emails/{email.pk}/retry/", follow=True)
    assert "no longer waiting" in again.content.decode()


@pytest.fixture
def committed_emails(django_db_blocker):
    with django_db_blocker.unblock():
        yield
        PlatformEmail.objects.filter(to__contains=["worker@example.com"]).delete()


def test_a_real_worker_sends_the_retry_once_the_server_answers(smtp, committed_emails):
    """Committed rows, the on-commit attempt, the broker and a real worker: the path an
    e-mail takes in production when the SMTP server is down at first."""
    from django.db import transaction

    with transaction.atomic():
        email = platform_email_queue(
            kind="invitation", to=["worker@example.com"], subject="Welcome", text="Body"
        )
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("queued", 1)  # the first attempt failed
    assert _queue_length() == 1
    caught = smtp.start()
    broker = dramatiq.get_broker()
    worker = Worker(broker, worker_threads=1, queues={EMAIL_QUEUE})
    worker.start()
    try:
        broker.join(EMAIL_QUEUE, timeout=60_000)
    finally:
        worker.stop()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert [m["Subject"] for m in caught.messages] == ["Welcome"]
    assert mail.outbox == []  # sent by SMTP, not the test backend


@pytest.mark.django_db
def test_an_address_the_server_refuses_for_good_fails_at_once_a_temporary_refusal_is_retried(
    smtp,
):
    caught = smtp.start()
    caught.refuse_reply = "550 5.1.1 User unknown"
    unknown = platform_email_queue(
        kind="invitation", to=["nobody@example.com"], subject="Hi", text="Body"
    )
    # Given up at once, and nothing raised: no retry of the worker or of the first attempt
    # follows (it would only find a failed row).
    assert platform_email_send(pk=unknown.pk) is None
    unknown.refresh_from_db()
    assert (unknown.status, unknown.attempts) == ("failed", 1)  # no 24 tries of a typo
    assert "User unknown" in unknown.error

    caught.refuse_reply = "450 4.2.0 Mailbox busy"
    busy = platform_email_queue(kind="invitation", to=["busy@example.com"], subject="Hi", text="B")
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        platform_email_send(pk=busy.pk)
    busy.refresh_from_db()
    assert (busy.status, busy.attempts) == ("queued", 1)  # tried again later
