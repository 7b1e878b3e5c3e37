"""The staff and client-panel menus, filled by each module's AppConfig.ready().

A module that adds a screen adds its menu entry next to it, so the menus never link to
something that is not there. Staff entries sit in groups (nav_group_register: Mail, Clients,
Rooms, Billing, Helpdesk, Messages, Administration...) in the left sidebar; an entry may carry
a keyboard shortcut ("g m": g, then m) and a count (nav_count_register: a function of the
request, read by /navigation/counts/ after the page has loaded, so a page costs no query for
it).
"""

from collections.abc import Callable
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
    group: str = ""  # a NavGroup key; "" for an entry of its own (Dashboard)
    shortcut: str = ""  # "g m": press g, then m
    count: str = ""  # a key of nav_count_register: the badge beside the entry
    # `visible(request) -> bool`: shown only when true (a screen an office setting switches
    # off). Called on every page that shows the menu: one cheap read at most.
    visible: Callable | None = None


@dataclass(frozen=True)
class NavGroup:
    area: str
    key: str
    label: str  # a lazy translation
    icon: str
    order: int


_registry: list[NavItem] = []
_groups: dict[tuple[str, str], NavGroup] = {}
_counts: dict[str, Callable] = {}
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


def nav_group_register(group: NavGroup) -> None:
    _groups[(group.area, group.key)] = group
    _resolved.clear()
    _rendered.clear()


def nav_count_register(key: str, count: Callable) -> None:
    """`count(request) -> int`: how many things wait behind an entry (0 shows no badge)."""
    _counts[key] = count


def nav_counts(*, request, membership) -> dict[str, int]:
    """The counts of the entries `membership` sees: the staff menu's for staff, the client
    panel's for a client user (counting only the company they act for)."""
    area = STAFF_AREA if membership is not None and membership.is_staff_role else CLIENT_AREA
    keys = {
        item.count
        for item, _url in _entries(area)
        if item.count and _shown(item, membership, request)
    }
    return {key: int(_counts[key](request)) for key in sorted(keys) if key in _counts}


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


def _shown(item: NavItem, membership, request) -> bool:
    if not membership_allows(membership, item.level):
        return False
    return item.visible is None or request is None or bool(item.visible(request))


def nav_items(*, area: str, membership, current_path: str, request=None) -> list[dict]:
    """The entries `membership` may open (and whose `visible(request)` holds; without a
    request, every entry the registry has for the level: what may be shown); the current one
    is the longest URL the path starts with (on /mail/register/ that is "Register mail",
    not "Mail")."""
    shown = [(item, url) for item, url in _entries(area) if _shown(item, membership, request)]
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
        {
            "label": item.label,
            "url": url,
            "icon": item.icon,
            "active": url == current,
            "group": item.group,
            "shortcut": item.shortcut,
            "count": item.count,
            "order": item.order,
        }
        for item, url in shown
    ]


def nav_sections(items: list[dict], area: str) -> list[dict]:
    """The entries in their groups, in the groups' order: a group with one entry is shown
    as that entry alone."""
    sections: dict[str, dict] = {}
    for item in items:
        group = _groups.get((area, item["group"])) if item["group"] else None
        key = group.key if group else f"item:{item['url']}"
        section = sections.setdefault(
            key,
            {
                "key": key,
                "label": group.label if group else item["label"],
                "icon": group.icon if group else item["icon"],
                "order": group.order if group else item["order"],
                "items": [],
            },
        )
        section["items"].append(item)
    for section in sections.values():
        section["active"] = any(i["active"] for i in section["items"])
        section["grouped"] = len(section["items"]) > 1
    return sorted(sections.values(), key=lambda section: section["order"])


def nav_html(*, area: str, membership, current_path: str, request=None) -> SafeString:
    """The menu (partials/nav.html) as nav_items() gives it, rendered once per variant: the
    cache key lists the entries shown, so an entry hidden by its `visible` predicate makes a
    variant of its own and never leaks into another office's or request's menu."""
    items = nav_items(area=area, membership=membership, current_path=current_path, request=request)
    key = (get_language(), area, *((item["url"], item["active"]) for item in items))
    html = _rendered.get(key)
    if html is None:
        if area == STAFF_AREA:
            context = {"sections": nav_sections(items, area)}
            html = render_to_string("partials/sidebar.html", context)
        else:
            html = render_to_string("partials/nav.html", {"nav": items})
        _rendered[key] = html
    return html
