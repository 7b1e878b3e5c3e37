"""Where an office stands with its subscription, and the plan limits other modules check.

    plan_limit_check(office=office, limit="staff_users")   # raises ApplicationError if full
    plan_limit_check(office=office, limit="clients", lock=True)  # counted under a row lock

Good standing gives full access. A failed payment (past due) keeps full access for a grace
period, then the office becomes read-only; a trial that ended without payment, or a canceled
subscription, is read-only at once. After SUBSCRIPTION_READ_ONLY_DAYS of read-only the office
is suspended (subscriptions.services.subscription_enforce).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.exceptions import ApplicationError
from subscriptions.models import Subscription

FULL, GRACE, READ_ONLY, SUSPENDED = "full", "grace", "read_only", "suspended"


@dataclass(frozen=True)
class Standing:
    access: str  # FULL, GRACE, READ_ONLY or SUSPENDED
    read_only_from: datetime | None = None
    suspended_from: datetime | None = None

    @property
    def writable(self) -> bool:
        return self.access in (FULL, GRACE)


def subscription_standing(subscription: Subscription | None, *, now=None) -> Standing:
    if subscription is None:  # offices created before billing (demo, tests): no limits
        return Standing(FULL)
    now = now or timezone.now()
    status = subscription.status
    if status == Subscription.Status.ACTIVE:
        return Standing(FULL)
    if status == Subscription.Status.TRIALING:
        ends = subscription.trial_ends_at
        if ends is None or ends > now:
            return Standing(FULL)
        read_only_from = ends
    elif status == Subscription.Status.PAST_DUE:
        lapsed = subscription.lapsed_at or now
        read_only_from = lapsed + timedelta(days=settings.SUBSCRIPTION_GRACE_DAYS)
    else:  # canceled: paid time runs to the period's end
        read_only_from = subscription.lapsed_at or subscription.current_period_end or now
    suspended_from = read_only_from + timedelta(days=settings.SUBSCRIPTION_READ_ONLY_DAYS)
    if now < read_only_from:
        return Standing(GRACE, read_only_from, suspended_from)
    if now < suspended_from:
        return Standing(READ_ONLY, read_only_from, suspended_from)
    return Standing(SUSPENDED, read_only_from, suspended_from)


def _limit_labels() -> dict[str, str]:
    return {
        "staff_users": _("staff users"),
        "clients": pgettext("plan limit", "clients"),
        "sms_per_month": _("SMS per month"),
        "storage_gb": _("GB of storage"),
    }


def staff_seats(office) -> tuple[int, int]:
    """(active staff members, pending staff invitations): both hold a seat of the plan's
    staff users, otherwise ten invitations could overrun a limit of 3."""
    from accounts.models import STAFF_ROLES, Invitation, Membership

    members = Membership.objects.filter(office=office, is_active=True, role__in=STAFF_ROLES).count()
    pending = Invitation.objects.filter(
        office=office,
        accepted_at__isnull=True,
        expires_at__gt=timezone.now(),
        role__in=STAFF_ROLES,
    ).count()
    return members, pending


def limit_used(office, limit: str) -> int:
    """Counted live (the hourly OfficeUsage figures would let a burst slip past a limit)."""
    if limit == "staff_users":
        return sum(staff_seats(office))
    from django_tenants.utils import tenant_context

    from tenants.usage import _providers

    provider = _providers.get(_USAGE_PROVIDERS.get(limit, limit))
    if provider is None:
        return 0
    with tenant_context(office):
        return int(provider(office))


# Plan limit -> usage provider (tenants.usage) that counts it.
_USAGE_PROVIDERS = {
    "sms_per_month": "sms_parts_sent_month",
    "clients": "clients",
    "storage_gb": "storage_bytes",
}
# A limit counted in other units than the plan states it: storage is sold in GB (the same
# 1024-based GB that filesizeformat shows) and measured in bytes.
_UNITS = {"storage_gb": 1024**3}


def plan_limit_allowed(*, office, limit: str) -> tuple[Subscription | None, int | None]:
    """The office's subscription and how much of `limit` its plan allows, in the units the
    usage is counted in (bytes for storage); None: no cap (no subscription, or unlimited)."""
    subscription = Subscription.objects.select_related("plan").filter(office_id=office.pk).first()
    if subscription is None:
        return None, None
    allowed = subscription.plan.limit(limit)
    return subscription, None if allowed is None else allowed * _UNITS.get(limit, 1)


def plan_limit_check(
    *, office, limit: str, adding: int = 1, current: int | None = None, lock: bool = False
) -> None:
    """Refuse, with a message the office can act on, when adding `adding` would pass the
    plan's `limit` ("staff_users", "clients", "sms_per_month", "storage_gb"; storage in
    bytes). `lock=True` (inside the caller's transaction) locks the office's Subscription
    row before counting, so that two requests at the edge of the cap count one after the
    other: the second sees what the first inserted once the first commits. Callers that
    count and insert in one transaction (clients, SMS parts) pass it."""
    subscriptions = Subscription.objects.select_related("plan").filter(office_id=office.pk)
    if lock:
        subscriptions = subscriptions.select_for_update(of=("self",))
    subscription = subscriptions.first()
    if subscription is None:
        return
    allowed = subscription.plan.limit(limit)
    if allowed is None:
        return
    unit = _UNITS.get(limit, 1)
    used = limit_used(office, limit) if current is None else current
    if used + adding > allowed * unit:
        raise ApplicationError(
            _(
                "Your %(plan)s plan includes %(allowed)s %(what)s and %(used)s are in use. "
                "Choose a larger plan under Subscription to add more."
            )
            % {
                "plan": subscription.plan.name,
                "allowed": allowed,
                "what": _limit_labels().get(limit, limit),
                "used": filesizeformat(used) if unit > 1 else used,
            },
            code="plan_limit",
            extra={"limit": limit, "allowed": allowed, "used": used},
        )
