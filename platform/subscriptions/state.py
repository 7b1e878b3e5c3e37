"""What every office request needs from the platform tables (its subscription, support
sessions in progress), cached in Redis so that an office page costs no extra query.
Writers call office_platform_state_forget() after commit.

The keys are the platform's, not an office's: they are read and written with the Redis
client directly, because the cache API prefixes keys with the connection's schema and
switching to public and back would cost a SET search_path on every office request.
"""

from __future__ import annotations

import pickle

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_redis import get_redis_connection

TTL = 300


def _prefix() -> str:
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:platform:office-state:"


def _keys(office_id: int) -> tuple[str, str]:
    return f"{_prefix()}billing:{office_id}", f"{_prefix()}support:{office_id}"


def office_platform_state(office) -> tuple[object, list[dict]]:
    """(Subscription with its plan, or None; active support sessions as dicts)."""
    from console.models import SupportAccess
    from subscriptions.models import Subscription

    redis = get_redis_connection("default")
    billing_key, support_key = _keys(office.pk)
    billing_raw, support_raw = redis.mget([billing_key, support_key])
    if billing_raw is None:
        subscription = (
            Subscription.objects.select_related("plan").filter(office_id=office.pk).first()
        )
        redis.set(billing_key, pickle.dumps(subscription), ex=TTL)
    else:
        subscription = pickle.loads(billing_raw)
    if support_raw is None:
        sessions = [
            {
                "user_id": access.user_id,
                "email": access.user.email,
                "reason": access.reason,
                "expires_at": access.expires_at,
            }
            for access in SupportAccess.objects.filter(
                office_id=office.pk, ended_at__isnull=True, expires_at__gt=timezone.now()
            ).select_related("user")
        ]
        redis.set(support_key, pickle.dumps(sessions), ex=TTL)
    else:
        sessions = pickle.loads(support_raw)
    now = timezone.now()
    return subscription, [s for s in sessions if s["expires_at"] > now]


def office_platform_state_forget(office_id: int) -> None:
    transaction.on_commit(lambda: get_redis_connection("default").delete(*_keys(office_id)))


def office_platform_state_clear_all() -> None:
    """Tests roll their transactions back, so no on-commit forget runs: they start clean."""
    redis = get_redis_connection("default")
    keys = list(redis.scan_iter(match=f"{_prefix()}*", count=500))
    if keys:
        redis.delete(*keys)
