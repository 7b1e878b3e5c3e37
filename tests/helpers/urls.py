"""Walking an URLconf: every (route, view) of the office hosts."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def office_routes(patterns=None, prefix: str = "") -> Iterator[tuple[str, object]]:
    if patterns is None:
        patterns = get_resolver("config.urls_tenant").url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from office_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback
