"""Sending one delivery (called by the worker) and resending from the delivery log."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.notifications.channels.email import (
    EmailPermanentError,
    EmailTemporaryError,
    email_connection,
    email_reply_to,
    email_send,
)
from modules.notifications.channels.sms import (
    SmsPermanentError,
    SmsTemporaryError,
    sms_country,
    sms_send,
)
from modules.notifications.hooks import EMAIL, SMS
from modules.notifications.models import Delivery, SmsDayCount
from modules.notifications.services.config import settings_get
from subscriptions.access import plan_limit_check
from subscriptions.notices import plan_limit_reached_notify

logger = logging.getLogger("vireo.notifications")

MAX_ATTEMPTS = 6
# A claim older than this belongs to a worker that died mid-send: the delivery may be
# taken again (at-least-once; the alternative would be a message silently never sent).
CLAIM_TIMEOUT = timedelta(minutes=10)

SENT, RETRY, FAILED, SKIPPED = "sent", "retry", "failed", "skipped"


class _CapReached(Exception):
    pass


class _PlanSmsUsed(Exception):
    pass


def retry_delay_ms(attempt: int) -> int:
    """Exponential backoff: base, 2x base, 4x base... (30 s, 1 min, 2 min... by default)."""
    base = getattr(settings, "NOTIFICATIONS_RETRY_BASE_MS", 30_000)
    return int(base * 2 ** (attempt - 1))


def _claim(delivery_id: int) -> bool:
    now = timezone.now()
    return bool(
        Delivery.objects.filter(pk=delivery_id)
        .filter(
            Q(status=Delivery.Status.QUEUED)
            | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
        )
        .update(
            status=Delivery.Status.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )


def _sms_reserve(parts: int, cap: int, office) -> None:
    """Count `parts` towards today's SMS (the office's daily cap) and this month's (the
    plan's SMS a month, subscriptions' rule). One short transaction: the plan's check locks
    the office's Subscription row, so two workers at the edge count one after the other and
    the second sees the first's reservation; the network call comes after the commit."""
    with timezone.override(office.time_zone):
        day = timezone.localdate()
    with transaction.atomic():
        try:
            plan_limit_check(office=office, limit="sms_per_month", adding=parts, lock=True)
        except ApplicationError:
            raise _PlanSmsUsed from None
        SmsDayCount.objects.get_or_create(day=day)
        taken = SmsDayCount.objects.filter(day=day, parts__lte=cap - parts).update(
            parts=F("parts") + parts
        )
        if not taken:
            raise _CapReached


def _sms_release(parts: int, office) -> None:
    with timezone.override(office.time_zone):
        day = timezone.localdate()
    SmsDayCount.objects.filter(day=day, parts__gte=parts).update(parts=F("parts") - parts)


def delivery_send(*, delivery_id: int) -> str:
    """Send one queued delivery. Idempotent: a delivery that is sent, failed or being sent
    by another worker is left alone. Not atomic on purpose: the network call must not hold
    a transaction, and every state change is committed as it happens."""
    if not _claim(delivery_id):
        return SKIPPED
    delivery = Delivery.objects.select_related("notification").get(pk=delivery_id)
    return _send_claimed(delivery, office=connection.tenant, office_settings=settings_get())


def delivery_send_batch(*, delivery_ids: list[int]) -> dict[int, str]:
    """Send a batch of queued deliveries (the bulk path): one claim query for the batch,
    one read of the rows, one SMTP connection for all its e-mails. Each delivery is still
    marked sent or failed on its own as soon as it is, so a worker that dies mid-batch
    re-sends nothing that was marked, and the others are claimed again after the timeout."""
    now = timezone.now()
    claimable = Q(status=Delivery.Status.QUEUED) | Q(
        status=Delivery.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    with transaction.atomic():
        claimed = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(claimable, pk__in=delivery_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=claimed).update(
            status=Delivery.Status.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    results = dict.fromkeys(delivery_ids, SKIPPED)
    if not claimed:
        return results
    office, office_settings = connection.tenant, settings_get()
    smtp = email_connection()
    try:
        deliveries = Delivery.objects.select_related("notification").filter(pk__in=claimed)
        for delivery in deliveries.order_by("pk"):
            results[delivery.pk] = _send_claimed(
                delivery, office=office, office_settings=office_settings, smtp=smtp
            )
    finally:
        smtp.close()
    return results


def _send_claimed(delivery: Delivery, *, office, office_settings, smtp=None) -> str:
    reserved = 0
    try:
        if delivery.channel == EMAIL:
            ref = email_send(
                delivery=delivery,
                office=office,
                reply_to=email_reply_to(office=office, office_settings=office_settings),
                smtp=smtp,
            )
        elif delivery.channel == SMS:
            country = sms_country(delivery.address)
            if country not in office_settings.sms_countries:
                raise SmsPermanentError(
                    _("SMS to this country is not allowed (%(country)s).")
                    % {"country": country or "?"}
                )
            _sms_reserve(delivery.segments, office_settings.sms_daily_cap, office)
            reserved = delivery.segments
            ref = sms_send(
                to=delivery.address, sender=office_settings.sms_sender_id, text=delivery.body
            )
        else:
            raise EmailPermanentError(f"channel {delivery.channel} is not sent by the worker")
    except _CapReached:
        return _fail(delivery, _("The daily SMS limit of the office has been reached."))
    except _PlanSmsUsed:
        # The owners hear of it once a month (subscriptions); staff read the reason in the
        # delivery log. The e-mails of the same notification are other deliveries: they go.
        plan_limit_reached_notify(office=office, limit="sms_per_month")
        return _fail(
            delivery,
            _(
                "Not sent: the SMS included in the office's plan for this month are used up. "
                "Choose a larger plan under Subscription to send SMS again this month."
            ),
        )
    except (EmailPermanentError, SmsPermanentError) as exc:
        if reserved:
            _sms_release(reserved, office)
        return _fail(delivery, str(exc))
    except (EmailTemporaryError, SmsTemporaryError) as exc:
        if reserved:
            _sms_release(reserved, office)
        if delivery.attempts >= MAX_ATTEMPTS:
            return _fail(delivery, str(exc))
        return _retry(delivery, str(exc))
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.SENT,
        sent_at=now,
        error="",
        provider_ref=ref[:200],
        updated_at=now,
    )
    return SENT


def _fail(delivery: Delivery, reason: str) -> str:
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, failed_at=now, error=reason[:2000], updated_at=now
    )
    logger.warning(
        "notification delivery failed",
        extra={"delivery": delivery.pk, "channel": delivery.channel, "reason": reason[:300]},
    )
    return FAILED


def _retry(delivery: Delivery, reason: str) -> str:
    from modules.notifications.tasks import delivery_send_task

    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.QUEUED, error=reason[:2000], updated_at=now
    )
    delivery_send_task.send_with_options(
        args=(delivery.pk,), delay=retry_delay_ms(delivery.attempts)
    )
    return RETRY


@transaction.atomic
def delivery_resend(*, delivery: Delivery, actor) -> Delivery:
    """Send the same message again as a new log entry, whatever became of the first."""
    if delivery.channel not in (EMAIL, SMS):
        raise ApplicationError(_("In-app alerts cannot be sent again."))
    copy = Delivery.objects.create(
        notification_id=delivery.notification_id,
        event=delivery.event,
        client_id=delivery.client_id,
        channel=delivery.channel,
        recipient_id=delivery.recipient_id,
        address=delivery.address,
        language=delivery.language,
        subject=delivery.subject,
        body=delivery.body,
        segments=delivery.segments,
        resend_of=delivery,
    )
    audit_record(
        action="notifications.resent",
        actor=actor,
        target=delivery,
        changes={"new_delivery": copy.pk},
    )
    from modules.notifications.services.notify import delivery_enqueue

    transaction.on_commit(lambda: delivery_enqueue([copy.pk]))
    return copy
