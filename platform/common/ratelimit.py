"""Counting attempts in Redis: the one rate limiter of the platform.

Counters live in the public schema's cache namespace (cache keys otherwise carry the current
office's schema), so an attacker who moves between office hosts meets the same counter.
A window starts with the first attempt and is never extended by later ones.
"""

from __future__ import annotations

from django.core.cache import cache
from django_tenants.utils import schema_context


def _key(scope: str, value: str) -> str:
    return f"rate:{scope}:{value}"


def rate_limit_hit(*, scope: str, value: str, limit: int, seconds: int) -> bool:
    """Count one attempt; True when this value tried more than `limit` times in the window."""
    key = _key(scope, value)
    with schema_context("public"):
        cache.add(key, 0, seconds)  # starts the window; incr never resets it
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)
            count = 1
    return count > limit


def rate_limit_reached(*, scope: str, value: str, limit: int) -> bool:
    """True when `limit` attempts were already counted in the window (counts nothing)."""
    with schema_context("public"):
        return (cache.get(_key(scope, value)) or 0) >= limit


def rate_limit_clear(*, scope: str, value: str) -> None:
    with schema_context("public"):
        cache.delete(_key(scope, value))
