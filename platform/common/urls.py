"""Links for every row of a list, from one reverse() per page; module includes that turn
away paths of other first segments at once (`include_at_root`).

reverse() costs about 45 µs here; a list of 50 rows with four links each spent 9 ms on it,
more than the page's SQL. `reverse_pattern` reverses once with a placeholder id and returns
a function that puts each row's id in its place."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import URLResolver, include, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern
from django.utils.functional import cached_property

_PLACEHOLDER = 2_147_483_647


def reverse_pattern(name: str, *args) -> Callable[[int], str]:
    """`reverse(name, args=(pk, *args))` for any integer pk, from one reverse() call. The
    route's first argument must be an int converter (`<int:...>`)."""
    prefix, found, suffix = reverse(name, args=(_PLACEHOLDER, *args)).partition(str(_PLACEHOLDER))
    assert found, f"{name}: the first argument does not appear in the URL"
    return lambda pk: f"{prefix}{int(pk)}{suffix}"


class _FirstSegmentResolver(URLResolver):
    """An include at "" that knows the first path segments its routes can start with, and
    says "not here" at once for any other path. Django tries an office's module includes in
    turn, and each one it walks through matches every route against the path and builds the
    list of routes tried (for its debug 404 page): before this, 280 route checks and a list of
    300 entries on every request for a page near the end of the URLconf (a fifth of an empty
    page's time in a profile; tests/perf/test_shell.py)."""

    @cached_property
    def first_segments(self) -> frozenset[str] | None:
        """The first segments of every route below, or None when one cannot be told (a
        regex, a translated route or a converter first): then every path is tried."""
        return _first_segments(self.url_patterns)

    def resolve(self, path):
        heads = self.first_segments
        if heads is not None and str(path).split("/", 1)[0] not in heads:
            raise Resolver404({"path": path})
        return super().resolve(path)


def _first_segments(patterns) -> frozenset[str] | None:
    heads = set()
    for pattern in patterns:
        route = getattr(pattern.pattern, "_route", None)
        if not isinstance(route, str) or "<" in route.split("/", 1)[0]:
            return None  # a regex, a translated route or a converter first
        if route:
            heads.add(route.split("/", 1)[0])
        elif isinstance(pattern, URLResolver):
            below = _first_segments(pattern.url_patterns)
            if below is None:
                return None
            heads |= below
        else:
            heads.add("")  # the empty path itself (an office's dashboard at /)
    return frozenset(heads)


def include_at_root(urlconf) -> URLResolver:
    """`path("", include(urlconf))` for a module whose routes carry their own prefixes
    (mail/..., portal/mail/..., api/v1/mail/...): the same resolving and reversing, with
    paths of other first segments turned away before any route is tried."""
    urlconf_module, app_name, namespace = include(urlconf)  # a module, or (patterns, name)
    return _FirstSegmentResolver(
        RoutePattern("", is_endpoint=False), urlconf_module, app_name=app_name, namespace=namespace
    )
