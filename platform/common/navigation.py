"""The staff and client-panel menus, filled by each module's AppConfig.ready().

A module that adds a screen adds its menu entry next to it, so the menus never link to
something that is not there.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

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


def nav_register(item: NavItem) -> None:
    if item not in _registry:
        _registry.append(item)


def nav_items(*, area: str, membership, current_path: str) -> list[dict]:
    items = []
    for item in sorted((i for i in _registry if i.area == area), key=lambda i: i.order):
        if not membership_allows(membership, item.level):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return items
