"""Signing a person in on another office host when the session cookie cannot follow.

The parent-domain session cookie covers <office>.<PLATFORM_DOMAIN> in production. Custom
domains, and `localhost` in development (browsers refuse a cookie for a dotless domain), get
a one-time link instead: signed, bound to the person and the target host, valid for a minute,
and usable once (its nonce is deleted on first use).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django_tenants.utils import schema_context

from accounts.models import User

SALT = "vireo.accounts.handoff"
MAX_AGE = 60


def host_shares_session(host: str) -> bool:
    domain = settings.SESSION_COOKIE_DOMAIN
    if not domain:
        return False
    bare = host.rsplit(":", 1)[0]
    domain = domain.lstrip(".")
    return bare == domain or bare.endswith("." + domain)


def handoff_token_create(*, user: User, host: str) -> str:
    nonce = secrets.token_urlsafe(16)
    with schema_context("public"):  # cache keys carry the schema; both hosts must agree
        cache.set(f"handoff:{nonce}", user.pk, MAX_AGE)
    return signing.dumps({"u": user.pk, "h": host, "n": nonce}, salt=SALT)


def handoff_token_use(*, token: str, host: str) -> User | None:
    """The person the token signs in, or None when it is forged, stale, used or elsewhere."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("h") != host:
        return None
    with schema_context("public"):
        # delete() tells whether the key existed: of two concurrent uses only one wins.
        if not cache.delete(f"handoff:{data.get('n')}"):
            return None
    return User.objects.filter(pk=data.get("u"), is_active=True).first()
