"""Self-service signup: request, e-mail verification, then the office.

Nothing is provisioned before the e-mail address is verified (signed link). Verification
claims a ready office from the pool (tenants.services.office_pool_claim) and falls back to
provisioning one when the pool is empty; the pool is refilled in the background.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.services import membership_create
from common.audit import audit_record
from common.emails import platform_email_queue
from common.exceptions import ApplicationError
from common.jobs import job_send
from common.ratelimit import rate_limit_hit
from signup.models import SignupRequest
from subscriptions.models import Plan
from subscriptions.services import subscription_trial_start
from tenants.models import Office
from tenants.services import COUNTRY_DEFAULTS, office_pool_claim, office_provision
from tenants.validators import validate_office_slug

logger = logging.getLogger("vireo.signup")
SALT = "vireo.signup.verify"


def slug_availability_check(slug: str) -> str:
    """'' when the subdomain can be had, else the reason (translated)."""
    slug = (slug or "").strip().lower()
    try:
        validate_office_slug(slug)
    except ValidationError as exc:
        return exc.messages[0]
    if Office.objects.filter(slug=slug).exists():
        return _("This address is already taken.")
    return ""


def signup_rate_limit_hit(*, ip: str | None, email: str) -> bool:
    """Count an attempt; True when this IP or this e-mail tried too often recently."""
    hit = False
    for kind, value in (("ip", ip or "unknown"), ("email", email.strip().lower())):
        limit, seconds = settings.SIGNUP_RATE_LIMITS[kind]
        hit = (
            rate_limit_hit(scope=f"signup-{kind}", value=value, limit=limit, seconds=seconds) or hit
        )
    return hit


@transaction.atomic
def signup_request_create(
    *,
    office_name: str,
    slug: str,
    full_name: str,
    email: str,
    password: str,
    country: str,
    language: str,
    ip: str | None,
    verify_url_base: str,
    plan: Plan | None = None,
) -> SignupRequest:
    signup = SignupRequest(
        office_name=office_name.strip(),
        slug=slug.strip().lower(),
        full_name=full_name.strip(),
        email=email.strip().lower(),
        password_hash=make_password(password),
        country=country,
        language=language,
        ip=ip,
        plan=plan,
    )
    signup.full_clean()
    signup.save()
    token = signing.dumps(signup.pk, salt=SALT)
    url = f"{verify_url_base}{token}/"
    _verification_send(signup, url)
    return signup


def _verification_send(signup: SignupRequest, url: str) -> None:
    with translation.override(signup.language):
        subject = _("Confirm your e-mail to create %(office)s in Vireo") % {
            "office": signup.office_name
        }
        body = render_to_string("signup/email/verify.txt", {"signup": signup, "url": url})
    platform_email_queue(kind="signup_verify", to=[signup.email], subject=subject, text=body)


def signup_token_read(token: str) -> SignupRequest | None:
    try:
        pk = signing.loads(token, salt=SALT, max_age=settings.SIGNUP_VERIFY_MAX_AGE)
    except signing.BadSignature:
        return None
    return SignupRequest.objects.filter(pk=pk).first()


def signup_complete(*, signup: SignupRequest) -> tuple[Office, User]:
    """Verified: create the owner's account and the office (from the pool if one is ready),
    start the free trial. Locked, so a double click on the link creates one office."""
    with transaction.atomic():
        signup = SignupRequest.objects.select_for_update().get(pk=signup.pk)
        if signup.completed_at is not None:
            raise ApplicationError(_("This signup is already complete. Please sign in."))
        if User.objects.filter(email__iexact=signup.email).exists():
            raise ApplicationError(
                _("An account with this e-mail already exists. Please sign in instead.")
            )
        language, currency, time_zone = COUNTRY_DEFAULTS[signup.country]
        fields = {
            "name": signup.office_name,
            "slug": signup.slug,
            "country": signup.country,
            "language": language,
            "currency": currency,
            "time_zone": time_zone,
        }
        office = office_pool_claim(**fields)
        from_pool = office is not None
        if office is None:
            office = office_provision(**fields)
        user = User.objects.create_user(
            email=signup.email,
            password=None,
            full_name=signup.full_name,
            language=_user_language(signup, default=language),
        )
        user.password = signup.password_hash  # hashed at signup; the plain one was never kept
        user.save(update_fields=["password"])
        membership_create(user=user, office=office, role=Role.OWNER)
        # The plan chosen on the pricing page, if it is still offered; else the default.
        plan = signup.plan if signup.plan is not None and signup.plan.is_public else None
        subscription_trial_start(office=office, plan=plan)
        signup.completed_at = timezone.now()
        signup.office = office
        signup.from_pool = from_pool
        signup.password_hash = ""
        signup.save(update_fields=["completed_at", "office", "from_pool", "password_hash"])
        audit_record(
            action="office.created",
            actor=user,
            target=office,
            office=office,
            changes={"slug": office.slug, "from_pool": from_pool},
        )
        transaction.on_commit(_pool_refill_later)
    logger.info("signup completed", extra={"office": office.schema_name, "pool": from_pool})
    return office, user


def _user_language(signup: SignupRequest, *, default: str) -> str:
    """The owner keeps the language they signed up in; the office gets its country's."""
    code = (signup.language or "")[:2].lower()
    return code if code in dict(settings.LANGUAGES) else default


def _pool_refill_later() -> None:
    if settings.OFFICE_POOL_SIZE > 0:
        from signup.tasks import office_pool_refill_task

        # When Redis is down the cron refill (every 10 minutes) tops the pool up instead.
        job_send(office_pool_refill_task)
