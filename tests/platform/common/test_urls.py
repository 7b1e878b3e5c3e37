"""include_at_root (common/urls.py): an office's URLconf resolves every route of every module
to the same view as Django's own include would, and turns away other paths without trying
the module's routes."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test.utils import override_script_prefix
from django.urls import URLResolver, get_resolver, reverse
from django.urls.exceptions import Resolver404
from django.utils import translation

from common.urls import _pattern, _PrefixResolver, reverse_pattern
from config import urls_tenant

SAMPLES = {"int": "7", "str": "x", "slug": "x-1", "uuid": str(uuid.uuid4()), "path": "a/b"}


def _leaves(patterns, prefix=""):
    """A sample path for every route below, its converters filled with samples."""
    for pattern in patterns:
        route = getattr(pattern.pattern, "_route", None)
        if route is None:
            continue  # a regex route: not under include_at_root (it would switch it off)
        path = prefix + re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], str(route)
        )
        if isinstance(pattern, URLResolver):
            yield from _leaves(pattern.url_patterns, path)
        else:
            yield path


def _plain(resolver: _PrefixResolver) -> URLResolver:
    """The same include as Django's path("", include(...)) makes it."""
    return URLResolver(
        resolver.pattern,
        resolver.urlconf_name,
        app_name=resolver.app_name,
        namespace=resolver.namespace,
    )


INDEXED = [p for p in urls_tenant.urlpatterns if isinstance(p, _PrefixResolver)]


def test_every_module_include_knows_its_first_segments():
    assert len(INDEXED) >= 12
    assert all(p.prefixes for p in INDEXED), [p.urlconf_name for p in INDEXED]


@pytest.mark.parametrize("indexed", INDEXED, ids=lambda p: str(p.app_name))
def test_each_route_resolves_as_with_djangos_include(indexed):
    plain = _plain(indexed)
    count = 0
    for path in _leaves(indexed.url_patterns):
        ours, theirs = _resolve(indexed, path), _resolve(plain, path)
        assert ours == theirs, path
        assert ours is not None, path
        count += 1
    assert count > 0
    for other in ("nowhere/", "zz/1/", "favicon.ico"):
        assert _resolve(indexed, other) is None and _resolve(plain, other) is None


def _resolve(resolver, path):
    try:
        match = resolver.resolve(path)
    except Resolver404:
        return None
    return match.func, match.url_name, match.namespaces, match.kwargs


def test_the_office_urlconf_resolves_a_page_of_every_module_and_turns_away_the_rest():
    root = get_resolver(urls_tenant)
    for path, name in (
        ("/", "office:home"),
        ("/portal/mail/", "mail:portal_list"),
        ("/mail/hand-over/", "handover:list"),
        ("/helpdesk/orders/board/", "helpdesk:order_board"),
        ("/administration/subscription/", "subscriptions:billing"),
    ):
        match = root.resolve(path)
        assert f"{':'.join(match.namespaces)}:{match.url_name}" == name, path
    with pytest.raises(Resolver404):
        root.resolve("/no-such-page/")


def test_reverse_pattern_asks_django_once_per_name_and_what_a_reverse_depends_on():
    _pattern.cache_clear()
    detail = reverse_pattern("mail:portal_detail")
    assert detail(7) == reverse("mail:portal_detail", args=[7])
    assert reverse_pattern("mail:portal_detail")(8) == reverse("mail:portal_detail", args=[8])
    tab = reverse_pattern("clients:tab", "scanrequests")
    assert tab(3) == reverse("clients:tab", args=[3, "scanrequests"])
    assert (_pattern.cache_info().misses, _pattern.cache_info().hits) == (2, 1)
    # Each of these is a reverse() of its own, never the remembered one.
    with override_script_prefix("/under/"):
        assert reverse_pattern("mail:portal_detail")(7) == "/under" + detail(7)
    with translation.override("sk"):
        assert reverse_pattern("mail:portal_detail")(7) == detail(7)
    assert _pattern.cache_info().misses == 4
