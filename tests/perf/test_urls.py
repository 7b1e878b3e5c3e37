"""url_resolve_<page>_us: how long resolving an office's path takes (`resolve()` alone, the
best of 3 rounds of 3,000 calls), beside the same URLconf with Django's plain `include`
for every module in the same run (the limit: what include_at_root, common/urls.py, saves
is the distance below 1). No database."""

from __future__ import annotations

import time
import types

from django.urls import URLResolver
from django.urls.resolvers import RegexPattern

from common.urls import _PrefixResolver
from config import urls_tenant
from tests.perf.conftest import size

CALLS = size(3_000, 30)
PAGES = {"portal_home": "/portal/", "portal_mail": "/portal/mail/", "helpdesk": "/helpdesk/"}


def _plain_urlconf() -> URLResolver:
    patterns = [
        URLResolver(p.pattern, p.urlconf_name, app_name=p.app_name, namespace=p.namespace)
        if isinstance(p, _PrefixResolver)
        else p
        for p in urls_tenant.urlpatterns
    ]
    return URLResolver(RegexPattern(r"^/"), types.SimpleNamespace(urlpatterns=patterns))


def _best_us(resolver: URLResolver, path: str) -> float:
    best = float("inf")
    for _round in range(3):
        started = time.perf_counter()
        for _ in range(CALLS):
            resolver.resolve(path)
        best = min(best, (time.perf_counter() - started) / CALLS * 1e6)
    return best


def test_url_resolve(bench_record):
    ours = URLResolver(RegexPattern(r"^/"), urls_tenant)
    plain = _plain_urlconf()
    for name, path in PAGES.items():
        assert ours.resolve(path).func == plain.resolve(path).func
        plain_us, ours_us = _best_us(plain, path), _best_us(ours, path)
        bench_record(
            f"url_resolve_{name}_us",
            ours_us,
            "µs",
            limit=plain_us,
            limit_name=f"url_resolve_{name}_plain_us",
        )
