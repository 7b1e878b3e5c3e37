"""The office's Administration area: sections that apps register, like the client card's tabs.

    from common.administration import AdminSection, admin_section_register
    admin_section_register(AdminSection("mail", _("Mail"), 20, "mail:settings"))

Each app registers its own section in AppConfig.ready() (platform apps too, which may not
import modules, hence this lives in common). The Administration menu entry opens the first
section the person may see; every section page extends `layouts/administration.html`, which
shows the sections beside the page with the current one highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponsePermanentRedirect
from django.http.response import HttpResponseRedirectBase
from django.urls import NoReverseMatch, reverse

from accounts.access import ADMIN, admin_view, membership_allows


@dataclass(frozen=True)
class AdminSection:
    key: str
    label: str  # a lazy translation
    order: int
    url_name: str
    level: str = ADMIN  # accounts.access level needed to see the section
    icon: str = "gear"


_sections: dict[str, AdminSection] = {}


def admin_section_register(section: AdminSection) -> None:
    _sections[section.key] = section


def admin_sections(*, membership) -> list[AdminSection]:
    """The sections `membership` may open, in order."""
    return sorted(
        (s for s in _sections.values() if membership_allows(membership, s.level)),
        key=lambda s: (s.order, s.key),
    )


def admin_nav(*, membership, current_path: str) -> list[dict]:
    """The sub-navigation: each visible section with its URL; the current one is the
    longest section URL the path starts with."""
    entries = []
    for section in admin_sections(membership=membership):
        try:
            entries.append({"section": section, "url": reverse(section.url_name)})
        except NoReverseMatch:
            continue
    current = max(
        (e["url"] for e in entries if current_path.startswith(e["url"])), key=len, default=None
    )
    for entry in entries:
        entry["active"] = entry["url"] == current
    return entries


class HttpResponsePermanentRedirectSameMethod(HttpResponseRedirectBase):
    status_code = 308


def moved_to(url_name: str):
    """A view for a screen's old address: a permanent redirect to its new one, with the same
    path arguments and query string. GET and HEAD answer 301; a form posted from a page
    opened before the move is re-posted there (308). Admins only, like every screen that
    moved into Administration, so the old address refuses exactly what the new one does."""

    @admin_view
    def view(request, **kwargs):
        url = reverse(url_name, kwargs=kwargs)
        if request.META.get("QUERY_STRING"):
            url = f"{url}?{request.META['QUERY_STRING']}"
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(url)
        return HttpResponsePermanentRedirectSameMethod(url)

    view.__name__ = f"moved_to_{url_name.replace(':', '_')}"
    return view
