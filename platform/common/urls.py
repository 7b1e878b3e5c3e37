"""Links for every row of a list, from one reverse() per page; module includes that turn
away at once the paths none of their routes starts with (`include_at_root`).

reverse() costs about 45 µs here; a list of 50 rows with four links each spent 9 ms on it,
more than the page's SQL. `reverse_pattern` reverses once with a placeholder id and returns
a function that puts each row's id in its place; that one reverse() is kept per process for
its name, arguments, URLconf, script prefix and language (what a reverse() depends on), so
a page asks Django only the first time (the client panel's Mail tab asked three times a
request, 2 % of it in a sampling profile)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.urls import URLResolver, get_script_prefix, get_urlconf, include, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern
from django.utils.functional import cached_property
from django.utils.translation import get_language

_PLACEHOLDER = 2_147_483_647


def reverse_pattern(name: str, *args) -> Callable[[int], str]:
    """`reverse(name, args=(pk, *args))` for any integer pk, from one reverse() call. The
    route's first argument must be an int converter (`<int:...>`)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    prefix, suffix = _pattern(name, args, urlconf, get_script_prefix(), get_language())
    return lambda pk: f"{prefix}{int(pk)}{suffix}"


@functools.lru_cache(maxsize=1024)
def _pattern(name: str, args: tuple, urlconf, script_prefix: str, language) -> tuple[str, str]:
    # urlconf, script_prefix and language: only the cache's key (reverse() reads them).
    prefix, found, suffix = reverse(name, args=(_PLACEHOLDER, *args)).partition(str(_PLACEHOLDER))
    assert found, f"{name}: the first argument does not appear in the URL"
    return prefix, suffix


class _PrefixResolver(URLResolver):
    """An include at "" that knows the literal path segments its routes can start with, and
    says "not here" at once for any other path. Django tries an office's module includes in
    turn, and each one it walks through matches every route against the path and builds the
    list of routes tried (for its debug 404 page): 150 µs of resolving for a page near the
    end of the URLconf, 130 µs for one under /portal/, which every module has routes under."""

    @cached_property
    def prefixes(self) -> dict:
        """A tree of the routes' literal segments, `_ANY` where a route may go on with
        anything (a converter, a regex route, a translated one: every path there is tried)."""
        tree: dict = {}
        _grow(tree, self.url_patterns)
        return tree

    def resolve(self, path):
        if not _may_match(self.prefixes, str(path)):
            raise Resolver404({"path": path})
        return super().resolve(path)


_ANY = object()


def _grow(node: dict, patterns) -> None:
    """Adds the routes' literal segments below `node`."""
    for pattern in patterns:
        route = getattr(pattern.pattern, "_route", None)
        if not isinstance(route, str):
            node[_ANY] = True  # a regex (DRF's router) or a translated route
            continue
        literal, converter, _rest = route.partition("<")
        *segments, tail = literal.split("/")
        here = node
        for segment in segments:
            here = here.setdefault(segment, {})
        if converter or (tail and isinstance(pattern, URLResolver)):
            here[_ANY] = True  # "mail/<int:id>/", "file-<int:id>": anything from here on
        elif isinstance(pattern, URLResolver):
            _grow(here, pattern.url_patterns)
        else:
            # "favicon.ico", or "" after "portal/mail/" (the path ends with its slash)
            here.setdefault(tail, {})[_ANY] = True


def _may_match(tree: dict, path: str) -> bool:
    node = tree
    for segment in path.split("/"):
        if _ANY in node:
            return True
        node = node.get(segment)
        if node is None:
            return False
    return _ANY in node


def include_at_root(urlconf) -> URLResolver:
    """`path("", include(urlconf))` for a module whose routes carry their own prefixes
    (mail/..., portal/mail/..., api/v1/mail/...): the same resolving and reversing, with
    paths no route starts with turned away before any route is tried."""
    urlconf_module, app_name, namespace = include(urlconf)  # a module, or (patterns, name)
    return _PrefixResolver(
        RoutePattern("", is_endpoint=False), urlconf_module, app_name=app_name, namespace=namespace
    )
