"""What every office request needs from the platform tables (its subscription, support
sessions in progress), cached in Redis so that an office page costs no extra query.
Writers call office_platform_state_forget() after commit."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

TTL = 300


def _keys(office_id: int) -> tuple[str, str]:
    return f"office-billing:{office_id}", f"office-support:{office_id}"


def office_platform_state(office) -> tuple[object, list[dict]]:
    """(Subscription with its plan, or None; active support sessions as dicts)."""
    from console.models import SupportAccess
    from subscriptions.models import Subscription

    billing_key, support_key = _keys(office.pk)
    # Cache keys carry the schema; both writers (public) and readers (office) use public.
    with schema_context("public"):
        found = cache.get_many([billing_key, support_key])
        if billing_key not in found:
            subscription = (
                Subscription.objects.select_related("plan").filter(office_id=office.pk).first()
            )
            found[billing_key] = subscription
            cache.set(billing_key, subscription, TTL)
        if support_key not in found:
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
            found[support_key] = sessions
            cache.set(support_key, sessions, TTL)
    now = timezone.now()
    return found[billing_key], [s for s in found[support_key] if s["expires_at"] > now]


def office_platform_state_forget(office_id: int) -> None:
    def forget():
        with schema_context("public"):
            cache.delete_many(list(_keys(office_id)))

    transaction.on_commit(forget)


def office_platform_state_clear_all() -> None:
    """Tests roll their transactions back, so no on-commit forget runs: they start clean."""
    with schema_context("public"):
        cache.delete_pattern("*office-billing:*")
        cache.delete_pattern("*office-support:*")
