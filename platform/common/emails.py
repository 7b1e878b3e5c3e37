"""The platform's own e-mails through an outbox: invitations, sign-up checks, password resets
and billing notices (an office's e-mails to its clients go through modules/notifications).

    platform_email_queue(kind="invitation", to=[email], subject=subject, text=text, html=html)

The caller renders the e-mail in the reader's language and queues it inside its transaction;
the row (`common.models.PlatformEmail`) is the outbox record. Once the transaction commits,
the first attempt runs at once, in the same process: the person who asked for a sign-up check
or a password reset is waiting at the screen for it. When that attempt fails (SMTP down, a
refused address), the row keeps the error and the worker tries again with back-off
(`platform_email_send_task`); when Redis is down too, the sweep (`platform_email_requeue_stale`,
every five minutes) sends the job later. An SMTP outage is a delay, never an error page.

Each attempt claims the row (queued to running), so the sweep and a retry never send it
twice at once. A worker that dies between the SMTP server's answer and the row's update
leaves it running; the sweep sends it again after PLATFORM_EMAIL_STALE_RUNNING, so an e-mail
is sent at least once, in that rare case twice. After PLATFORM_EMAIL_ATTEMPTS failures, or at
once when the server refuses it for good (5xx: a mistyped address), it is marked failed and
shown in the console's failed jobs, where it can be sent again. A sent e-mail keeps its
subject and addressee, not its body: a reset or sign-up link is a key.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Callable

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from common.jobs import job_rows_requeue_stale, job_send
from common.models import PlatformEmail

logger = logging.getLogger("vireo.emails")

# With the sweep's ten minutes, about four hours of an SMTP outage before an e-mail fails.
PLATFORM_EMAIL_ATTEMPTS = 24
PLATFORM_EMAIL_STALE_QUEUED = dt.timedelta(minutes=10)
PLATFORM_EMAIL_STALE_RUNNING = dt.timedelta(minutes=15)


# The header naming the office a platform e-mail is sent for (`office_schema`). An office's
# own notifications carry X-Vireo-Office instead (modules/notifications).
FOR_OFFICE_HEADER = "X-Vireo-For-Office"


def platform_email_queue(
    *,
    kind: str,
    to: list[str],
    subject: str,
    text: str,
    html: str = "",
    reply_to: str = "",
    office_schema: str = "",
) -> PlatformEmail:
    """Record an e-mail in the caller's transaction; it is sent once that commits.
    `reply_to`: where a reply goes (the platform's sender address reads no mail);
    `office_schema`: the office it is sent for (an invitation, a billing notice)."""
    email = PlatformEmail.objects.create(
        kind=kind,
        to=list(to),
        subject=subject[:300],
        text=text,
        html=html,
        reply_to=reply_to,
        office_schema=office_schema,
    )
    transaction.on_commit(lambda: _first_attempt(email.pk))
    return email


_office_contact_providers: list[Callable[[object], str]] = []


def office_contact_email_register(provider: Callable[[object], str]) -> None:
    """The office's contact e-mail, from the module that keeps it (modules/office, the
    General page's "E-mail"): `provider(office)` answers it or "" (the platform may not
    import modules). Registered from an AppConfig.ready()."""
    if provider not in _office_contact_providers:
        _office_contact_providers.append(provider)


def office_contact_email(office) -> str:
    """The office's contact e-mail, "" when it has none (or no module keeps one)."""
    for provider in _office_contact_providers:
        address = provider(office)
        if address:
            return address
    return ""


def _first_attempt(pk: int) -> None:
    from common.tasks import platform_email_send_task

    try:
        platform_email_send(pk=pk)
    except Exception:  # the row holds the error; the worker and the sweep try again
        job_send(platform_email_send_task, pk)


def platform_email_send(*, pk: int) -> PlatformEmail | None:
    """Send a queued e-mail. None when another attempt holds it, it is no longer queued, or
    this attempt failed for good (a 5xx refusal, or the PLATFORM_EMAIL_ATTEMPTS-th failure:
    the row is marked failed). Any other failure is recorded on the row, which is queued
    again, and raised, so that a worker's retry follows."""
    claimed = PlatformEmail.objects.filter(pk=pk, status=PlatformEmail.Status.QUEUED).update(
        status=PlatformEmail.Status.RUNNING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return None
    email = PlatformEmail.objects.get(pk=pk)
    message = EmailMultiAlternatives(
        email.subject,
        email.text,
        to=email.to,
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={FOR_OFFICE_HEADER: email.office_schema} if email.office_schema else None,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except Exception as exc:
        failed = email.attempts >= PLATFORM_EMAIL_ATTEMPTS or _permanent(exc)
        PlatformEmail.objects.filter(pk=pk).update(
            status=PlatformEmail.Status.FAILED if failed else PlatformEmail.Status.QUEUED,
            error=f"{exc.__class__.__name__}: {exc}"[:300],
            updated_at=timezone.now(),
        )
        logger.warning(
            "platform e-mail not sent",
            extra={"email": pk, "kind": email.kind, "error": exc.__class__.__name__},
        )
        if failed:
            return None  # given up (the console lists it): no retry to schedule
        raise
    now = timezone.now()
    PlatformEmail.objects.filter(pk=pk).update(
        status=PlatformEmail.Status.SENT, sent_at=now, error="", text="", html="", updated_at=now
    )
    email.refresh_from_db()
    return email


def _permanent(exc: Exception) -> bool:
    """A refusal that trying again will not change: the server refused every addressee, or
    answered 5xx (user unknown, mailbox disabled). A 4xx or a lost connection is retried."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _text in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and 500 <= exc.smtp_code < 600


def platform_email_retry(*, pk: int) -> bool:
    """Send a failed e-mail again (the console's button): queued with its attempts reset."""
    from common.tasks import platform_email_send_task

    queued = PlatformEmail.objects.filter(pk=pk, status=PlatformEmail.Status.FAILED).update(
        status=PlatformEmail.Status.QUEUED, attempts=0, updated_at=timezone.now()
    )
    if queued:
        transaction.on_commit(lambda: job_send(platform_email_send_task, pk))
    return bool(queued)


def platform_email_requeue_stale(
    *,
    queued_for: dt.timedelta = PLATFORM_EMAIL_STALE_QUEUED,
    running_for: dt.timedelta = PLATFORM_EMAIL_STALE_RUNNING,
) -> int:
    """The outbox sweep (common.jobs): send again e-mails queued or running for too long."""
    from common.tasks import platform_email_send_task

    return job_rows_requeue_stale(
        PlatformEmail, platform_email_send_task, queued_for=queued_for, running_for=running_for
    )


def platform_email_failed_list(*, limit: int = 100) -> list[PlatformEmail]:
    """E-mails that ran out of attempts, newest first (the console's failed jobs)."""
    return list(
        PlatformEmail.objects.filter(status=PlatformEmail.Status.FAILED).order_by(
            "-updated_at", "-pk"
        )[:limit]
    )
