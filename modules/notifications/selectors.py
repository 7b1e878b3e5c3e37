from __future__ import annotations

from django.db.models import Count, Max, QuerySet

from modules.notifications.hooks import LANGUAGES, event_list
from modules.notifications.models import (
    Delivery,
    Notification,
    NotificationRecipient,
    StaffAlert,
)


def delivery_list(
    *, client_id: int | None = None, status: str = "", channel: str = "", event: str = ""
) -> QuerySet[Delivery]:
    """The delivery log, newest first; staff only (views check the level)."""
    qs = Delivery.objects.all()
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if event:
        qs = qs.filter(event=event)
    return qs.defer("body").order_by("-queued_at", "-pk")


def notification_sent_get(*, notification_id: int | None) -> Notification | None:
    """What one notification actually queued and delivered: the notification with
    `sent` (its deliveries, one per channel and recipient, with their status) and
    `with_attachments` (whether files went with it). None when there is no such
    notification. Staff only (views check the level)."""
    if notification_id is None:
        return None
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return None
    notification.sent = list(
        Delivery.objects.filter(notification_id=notification.pk)
        .select_related("recipient")
        .defer("body")
        .order_by("channel", "address", "pk")
    )
    notification.with_attachments = bool(notification.attachments)
    return notification


def recipient_list(*, client_id: int) -> QuerySet[NotificationRecipient]:
    return NotificationRecipient.objects.filter(client_id=client_id).order_by("channel", "address")


def recipient_clients() -> list[dict]:
    """Client companies that have recipients, with how many."""
    return list(
        NotificationRecipient.objects.values("client_id")
        .annotate(count=Count("pk"), label=Max("client_label"))
        .order_by("label", "client_id")
    )


def alert_list(*, user) -> QuerySet[StaffAlert]:
    return StaffAlert.objects.filter(user=user).order_by("-created_at", "-pk")


def alert_unread_count(*, user) -> int:
    return StaffAlert.objects.filter(user=user, read_at__isnull=True).count()


def template_overview() -> list[dict]:
    """Every event with, per language, whether the office has its own wording."""
    from modules.notifications.models import MessageTemplate

    custom = set(MessageTemplate.objects.values_list("event", "language"))
    return [
        {"event": e, "languages": [(lang, (e.code, lang) in custom) for lang in LANGUAGES]}
        for e in sorted(event_list(), key=lambda e: e.code)
    ]
