"""Per-person iCal feed URLs (R4)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from modules.audit.services import audit_record
from modules.rooms.models import CalendarFeed, Room

# --- calendar feeds (R4) ------------------------------------------------------------------


@transaction.atomic
def feed_renew(*, actor, membership, room: Room | None = None) -> CalendarFeed:
    """A new secret feed URL for the person: a client user's of their company's bookings, a
    staff member's of `room` (None: all rooms). Their earlier URL of the same scope stops
    working at once (revoked)."""
    import secrets

    staff = membership.is_staff_role
    current = CalendarFeed.objects.select_for_update().filter(
        user=actor, staff=staff, revoked_at__isnull=True
    )
    if staff:
        current = current.filter(room=room)
    else:
        room = None
        current = current.filter(client_id=membership.client_id)
    now = timezone.now()
    revoked = list(current.values_list("pk", flat=True))
    current.update(revoked_at=now, updated_at=now)
    feed = CalendarFeed(
        user=actor,
        staff=staff,
        room=room,
        client_id=None if staff else membership.client_id,
        token=secrets.token_urlsafe(32),
    )
    feed.full_clean()
    feed.save()
    audit_record(
        action="rooms.feed_created",
        actor=actor,
        target=feed,
        changes={"room": room.name if room else None, "revoked": revoked},
    )
    return feed


@transaction.atomic
def feed_revoke(*, actor, feed: CalendarFeed) -> None:
    updated = CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    )
    if updated:
        audit_record(action="rooms.feed_revoked", actor=actor, target=feed, changes={})
