"""In-app alerts of staff members: marking them read."""

from __future__ import annotations

from django.utils import timezone

from modules.notifications.models import StaffAlert


def alert_mark_read(*, user, alert_id: int) -> bool:
    """Conditional update: only the person's own, still unread alert changes."""
    return bool(
        StaffAlert.objects.filter(pk=alert_id, user=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


def alert_mark_all_read(*, user) -> int:
    return StaffAlert.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
