"""Signing a person in on another office host when the session cookie cannot follow.

The parent-domain session cookie covers <office>.<PLATFORM_DOMAIN> in production. Custom
domains, and `localhost` in development (browsers refuse a cookie for a dotless domain), get
a one-time link instead: signed, bound to the person, the target host and the browser that
asked for it (a digest of its client address and User-Agent: a link that leaks into a log, a
Referer or someone else's inbox signs nobody in elsewhere), valid for a minute, usable once
(its nonce is deleted on first use). The link opens a page whose form POSTs the token
(accounts.views.handoff_view): a GET signs nobody in.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac
from django_tenants.utils import schema_context

from accounts.models import User
from common.middleware import client_ip

SALT = "vireo.accounts.handoff"
# Set in a session whose person passed a second factor (the console's TOTP); a hand-off
# issued from such a session carries it to the office host (support access needs it).
SECOND_FACTOR_SESSION_KEY = "console_2fa_user"
MAX_AGE = 60


def host_shares_session(host: str) -> bool:
    domain = settings.SESSION_COOKIE_DOMAIN
    if not domain:
        return False
    bare = host.rsplit(":", 1)[0]
    domain = domain.lstrip(".")
    return bare == domain or bare.endswith("." + domain)


def _browser(request: HttpRequest) -> str:
    seen = f"{client_ip(request) or ''}|{request.META.get('HTTP_USER_AGENT', '')}"
    return salted_hmac(SALT, seen, algorithm="sha256").hexdigest()[:32]


def handoff_token_create(*, user: User, host: str, request: HttpRequest) -> str:
    nonce = secrets.token_urlsafe(16)
    with schema_context("public"):  # cache keys carry the schema; both hosts must agree
        cache.set(f"handoff:{nonce}", user.pk, MAX_AGE)
    data = {"u": user.pk, "h": host, "n": nonce, "b": _browser(request)}
    if getattr(request, "session", {}).get(SECOND_FACTOR_SESSION_KEY) == user.pk:
        data["f"] = 1
    return signing.dumps(data, salt=SALT)


def handoff_token_person(*, token: str) -> User | None:
    """Whom a token would sign in (for its page), without using it."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("u"), is_active=True).first()


def handoff_token_use(*, token: str, host: str, request: HttpRequest) -> User | None:
    """The person the token signs in, or None when it is forged, stale, used, elsewhere or
    in another browser. A token from a session past the second factor sets `second_factor`
    on the returned person (the view carries it into the new session)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("h") != host or not constant_time_compare(data.get("b", ""), _browser(request)):
        return None
    with schema_context("public"):
        # delete() tells whether the key existed: of two concurrent uses only one wins.
        if not cache.delete(f"handoff:{data.get('n')}"):
            return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is not None:
        user.second_factor = data.get("f") == 1
    return user
