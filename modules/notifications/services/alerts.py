"""In-app alerts of staff members: marking them read.

The rule (one owner): an alert is read when its person marks it, opens it from the bell or
the list (alert_open), opens the thing it announces (the owning module's view calls
alerts_resolve(subject=..., user=...)), or when that thing is handled - for everyone it was
sent to (the owning module's service calls alerts_resolve(subject=...)). Modules name what an
alert announces with notify(..., alert_subject=alert_subject("scanrequests.request", pk)).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from modules.notifications.models import StaffAlert


def alert_subject(kind: str, pk: int) -> str:
    """The name of one thing an alert can announce: "<module>.<entity>:<pk>"."""
    return f"{kind}:{pk}"


def alert_mark_read(*, user, alert_id: int) -> bool:
    """Conditional update: only the person's own, still unread alert changes."""
    return bool(
        StaffAlert.objects.filter(pk=alert_id, user=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


def alert_open(*, user, alert_id: int) -> str | None:
    """The person opens their alert's link: it is read. Returns the link (None: not theirs)."""
    alert = StaffAlert.objects.filter(pk=alert_id, user=user).only("link", "read_at").first()
    if alert is None:
        return None
    alert_mark_read(user=user, alert_id=alert_id)
    return alert.link


def alert_mark_all_read(*, user) -> int:
    return StaffAlert.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def alerts_resolve(*, subject: str = "", subjects: Iterable[str] = (), user=None) -> int:
    """The thing `subject` names (or each of `subjects`: one page showing several, e.g. a
    helpdesk request and its SLA clocks) was handled (user None: everyone's alerts about it
    are read) or opened by `user` (theirs only). One conditional UPDATE: safe when two desks
    race."""
    wanted = [s for s in (subject, *subjects) if s]
    if not wanted:
        return 0
    rows = StaffAlert.objects.filter(subject__in=wanted, read_at__isnull=True)
    if user is not None:
        rows = rows.filter(user=user)
    return rows.update(read_at=timezone.now())
