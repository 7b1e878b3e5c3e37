"""The staff and client-panel menus, filled by each module's AppConfig.ready().

A module that adds a screen adds its menu entry next to it, so the menus never link to
something that is not there.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from accounts.access import membership_allows

STAFF_AREA = "staff"
CLIENT_AREA = "client"


@dataclass(frozen=True)
class NavItem:
    area: str
    label: str  # a lazy translation
    url_name: str
    icon: str
    order: int
    level: str = "staff"  # accounts.access level needed to see the entry


_registry: list[NavItem] = []
# Every signed-in page shows the menu: its entries, sorted, and their URLs are worked out
# once per URLconf instead of a dozen reverse() calls per request (URLs do not change while
# the process runs; a new entry clears them).
_resolved: dict[tuple, list[tuple[NavItem, str]]] = {}


# The menu's markup by language and entries shown: a few hundred variants at most, each the
# same for everyone who sees it (the layout's loop cost about 0.5 ms a request).
_rendered: dict[tuple, SafeString] = {}


def nav_register(item: NavItem) -> None:
    if item not in _registry:
        _registry.append(item)
        _resolved.clear()
        _rendered.clear()


def _entries(area: str) -> list[tuple[NavItem, str]]:
    key = (area, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    entries = _resolved.get(key)
    if entries is None:
        entries = []
        for item in sorted((i for i in _registry if i.area == area), key=lambda i: i.order):
            try:
                entries.append((item, reverse(item.url_name)))
            except NoReverseMatch:
                continue
        _resolved[key] = entries
    return entries


def nav_items(*, area: str, membership, current_path: str) -> list[dict]:
    """The entries `membership` may open; the current one is the longest URL the path
    starts with (on /mail/register/ that is "Register mail", not "Mail")."""
    shown = [
        (item, url) for item, url in _entries(area) if membership_allows(membership, item.level)
    ]
    current = max(
        (
            url
            for _item, url in shown
            if current_path == url or (url != "/" and current_path.startswith(url))
        ),
        key=len,
        default=None,
    )
    return [
        {"label": item.label, "url": url, "icon": item.icon, "active": url == current}
        for item, url in shown
    ]


def nav_html(*, area: str, membership, current_path: str) -> SafeString:
    """The menu (partials/nav.html) as nav_items() gives it, rendered once per variant."""
    items = nav_items(area=area, membership=membership, current_path=current_path)
    key = (get_language(), *((item["url"], item["active"]) for item in items))
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = render_to_string("partials/nav.html", {"nav": items})
    return html
