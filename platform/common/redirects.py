"""Following a `next`/`back` URL that came from the browser: only to this host (and, where a
caller asks, to the platform's own office hosts), never to `//host`, `\\host`, another
scheme (`javascript:`) or a foreign host. Every such redirect goes through here."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def _platform_host(url: str) -> str | None:
    """The host of `url` when it is the platform's root domain or one of its offices."""
    try:
        parts = urlsplit(url)
        bare = parts.hostname or ""
    except ValueError:
        return None
    domain = settings.PLATFORM_DOMAIN
    if "@" in parts.netloc or not (bare == domain or bare.endswith("." + domain)):
        return None
    return parts.netloc


def safe_url(
    request: HttpRequest, url: str | None, *, fallback: str = "/", platform_hosts: bool = False
) -> str:
    """`url` when it stays on this host (a path, or an absolute URL of this host), else
    `fallback` (a URL or a URL name). `platform_hosts` also lets it lead to any office of
    the platform (the switcher and the language menu move between offices)."""
    allowed = {request.get_host()}
    if url and platform_hosts and (host := _platform_host(url)):
        allowed.add(host)
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts=allowed, require_https=request.is_secure()
    ):
        return url
    return resolve_url(fallback)


def redirect_safe(
    request: HttpRequest, url: str | None, *, fallback: str = "/", platform_hosts: bool = False
) -> HttpResponseRedirect:
    """A redirect to safe_url(...)."""
    return HttpResponseRedirect(
        safe_url(request, url, fallback=fallback, platform_hosts=platform_hosts)
    )
