"""Platform admins' actions: two-factor enrolment, support access, suspension."""

from __future__ import annotations

import hmac
import secrets
import time
from datetime import timedelta

import pyotp
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts.models import User
from common.audit import audit_record
from common.exceptions import ApplicationError
from common.ratelimit import rate_limit_clear, rate_limit_hit, rate_limit_reached
from console.models import BackupCode, SupportAccess, TwoFactorDevice
from subscriptions.state import office_platform_state_forget
from tenants.models import Office
from tenants.services import office_state_set

TOTP_ISSUER = "Vireo console"


def _require_platform_admin(user: User) -> None:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise ApplicationError(_("Only platform administrators can do this."))


@transaction.atomic
def totp_device_start(*, user: User) -> TwoFactorDevice:
    """A platform admin's enrolment for the console (see second_factor_start)."""
    _require_platform_admin(user)
    return second_factor_start(user=user)


@transaction.atomic
def second_factor_start(*, user: User) -> TwoFactorDevice:
    """A new, unconfirmed secret (replacing an unconfirmed one); confirmed devices stay.
    Anyone signed in may enrol (office owners, administrators, staff); the console asks it
    of platform admins."""
    if not (user.is_authenticated and user.is_active):
        raise ApplicationError(_("Sign in first."))
    device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        raise ApplicationError(_("Two-factor authentication is already set up."))
    if device is None:
        device = TwoFactorDevice(user=user)
    device.secret = pyotp.random_base32()
    device.full_clean()
    device.save()
    return device


def totp_uri(device: TwoFactorDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.email, issuer_name=TOTP_ISSUER
    )


TOTP_SCOPE = "totp-wrong"
BACKUP_CODES = 10


def _backup_digest(code: str) -> str:
    return salted_hmac("vireo.console.backup", code.replace("-", "").lower()).hexdigest()


@transaction.atomic
def backup_codes_issue(*, user: User) -> list[str]:
    """Ten new one-time codes (shown once), replacing the previous ones."""
    BackupCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(BACKUP_CODES)]
    BackupCode.objects.bulk_create(
        [BackupCode(user=user, digest=_backup_digest(code)) for code in codes]
    )
    return codes


def second_factor_confirmed(*, user: User) -> bool:
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


@transaction.atomic
def second_factor_verify(*, user: User, code: str) -> bool:
    """A TOTP code of the person's confirmed device, or one of their backup codes (each
    once). Wrong codes count against the same limit as the console's (totp_verify)."""
    code = code.strip()
    if "-" not in code and not any(c.isalpha() for c in code):
        return second_factor_confirmed(user=user) and totp_verify(user=user, code=code)
    limit, seconds = settings.TWO_FACTOR_RATE_LIMIT
    if rate_limit_reached(scope=TOTP_SCOPE, value=str(user.pk), limit=limit):
        raise ApplicationError(
            _("Too many wrong codes. Wait 15 minutes and try again."), code="throttled"
        )
    used = BackupCode.objects.filter(
        user=user, digest=_backup_digest(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if not used:
        rate_limit_hit(scope=TOTP_SCOPE, value=str(user.pk), limit=limit, seconds=seconds)
    return bool(used)


@transaction.atomic
def totp_verify(*, user: User, code: str) -> bool:
    """Check a code; the first good code confirms the device. Each code works once.

    After TWO_FACTOR_RATE_LIMIT wrong codes in its window every code is refused (an
    ApplicationError, code `throttled`) until the window ends: a million codes cannot be
    walked through at 30 a second."""
    limit, seconds = settings.TWO_FACTOR_RATE_LIMIT
    if rate_limit_reached(scope=TOTP_SCOPE, value=str(user.pk), limit=limit):
        raise ApplicationError(
            _("Too many wrong codes. Wait 15 minutes and try again."), code="throttled"
        )
    if not _totp_check(user=user, code=code):
        rate_limit_hit(scope=TOTP_SCOPE, value=str(user.pk), limit=limit, seconds=seconds)
        return False
    rate_limit_clear(scope=TOTP_SCOPE, value=str(user.pk))
    return True


def _totp_check(*, user: User, code: str) -> bool:
    device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
    code = "".join(code.split())
    if device is None or not code.isdigit():
        return False
    totp = pyotp.TOTP(device.secret)
    now = time.time()
    for drift in (0, -1, 1):  # one step either side for clock skew
        moment = now + drift * totp.interval
        step = int(moment // totp.interval)
        if step > device.last_timestep and hmac.compare_digest(totp.at(moment), code):
            device.last_timestep = step
            fields = ["last_timestep"]
            if device.confirmed_at is None:
                device.confirmed_at = timezone.now()
                fields.append("confirmed_at")
            device.save(update_fields=fields)
            return True
    return False


@transaction.atomic
def support_access_start(*, office: Office, user: User, reason: str) -> SupportAccess:
    _require_platform_admin(user)
    reason = reason.strip()
    if len(reason) < 5:
        raise ApplicationError(_("Say why you need to enter this office."))
    if office.is_template or office.state == Office.State.POOLED:
        raise ApplicationError(_("This office cannot be entered."))
    # A suspended office answers every page with 503 (tenants.middleware): the hand-off
    # landed there, yet the access was written to the log and shown as active.
    if office.state == Office.State.SUSPENDED:
        raise ApplicationError(
            _("A suspended office cannot be entered. Reactivate it first, then enter it.")
        )
    now = timezone.now()
    # Entering again while one's earlier access is still open ends that one: one open
    # access per person and office (a second click listed two, each with its own "End").
    earlier = SupportAccess.objects.select_for_update().filter(
        office=office, user=user, ended_at__isnull=True, expires_at__gt=now
    )
    for previous in earlier:
        support_access_end(access=previous, user=user)
    access = SupportAccess(
        office=office,
        user=user,
        reason=reason,
        started_at=now,
        expires_at=now + timedelta(minutes=settings.SUPPORT_ACCESS_MINUTES),
    )
    access.full_clean()
    access.save()
    office_platform_state_forget(office.pk)
    audit_record(
        action="support.access_started",
        actor=user,
        target=office,
        office=office,
        changes={"reason": reason, "expires_at": access.expires_at.isoformat()},
    )
    return access


@transaction.atomic
def support_access_end(*, access: SupportAccess, user: User) -> SupportAccess:
    if access.ended_at is None:
        access.ended_at = timezone.now()
        access.save(update_fields=["ended_at"])
        office_platform_state_forget(access.office_id)
        audit_record(
            action="support.access_ended",
            actor=user,
            target=access.office,
            office=access.office,
            changes={"started_at": access.started_at.isoformat()},
        )
    return access


@transaction.atomic
def office_suspend(*, office: Office, user: User, reason: str) -> Office:
    _require_platform_admin(user)
    if not reason.strip():
        raise ApplicationError(_("Say why the office is suspended."))
    office_state_set(office=office, state=Office.State.SUSPENDED)
    audit_record(
        action="office.suspended",
        actor=user,
        target=office,
        office=office,
        changes={"reason": reason.strip()},
    )
    return office


@transaction.atomic
def office_reactivate(*, office: Office, user: User) -> Office:
    _require_platform_admin(user)
    from subscriptions.models import Subscription

    office_state_set(office=office, state=Office.State.ACTIVE)
    Subscription.objects.filter(office=office).update(suspended_by_billing=False)
    office_platform_state_forget(office.pk)
    audit_record(action="office.reactivated", actor=user, target=office, office=office)
    return office
