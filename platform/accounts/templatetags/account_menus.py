"""`{% account_menus %}`: the language menu and the switcher of the signed-in layout
(layouts/app.html), rendered once per variant and reused.

Both menus are the same on every page a person opens in one office and language, but
rendering their two templates took 0.5 ms of every page (tests/perf/test_shell.py). The
cache key holds everything they show (the language, the person's name, the current
membership, and each switcher entry with its office's and client's names), so a renamed
office or a new membership is a new variant, never a stale one. What differs per request
is not in the cached HTML: the CSRF token and the "back to this page" address are put in
after, escaped as the template would."""

from __future__ import annotations

from html import escape

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

_CSRF, _NEXT = "vireoMenusCsrf7f3a", "vireoMenusNext7f3a"
_rendered: dict[tuple, str] = {}
_MAX_VARIANTS = 2000  # about 5 KB each; the whole cache is emptied past it


def _key(user, office, membership, memberships) -> tuple:
    return (
        get_language(),
        user.pk,
        user.get_full_name(),
        office.name if office is not None else None,
        membership.pk if membership is not None else None,
        membership.role if membership is not None else None,
        membership.client_name if membership is not None else None,
        tuple(
            (m.pk, m.role, m.client_id, m.client_name, m.office.slug, m.office.name)
            for m in memberships
        ),
    )


def switcher_heading(memberships) -> str:
    """What the switcher lists: offices (staff), companies (client profiles) or both."""
    kinds = {m.role == "client" for m in memberships}
    if kinds == {True}:
        return _("Your companies")
    if kinds == {True, False}:
        return _("Your offices and companies")
    return _("Your offices")


@register.simple_tag(takes_context=True)
def account_menus(context) -> SafeString:
    request = context["request"]
    user, office = context["user"], context.get("current_office")
    membership = context.get("current_membership")
    memberships = list(context.get("switcher_memberships") or ())
    key = _key(user, office, membership, memberships)
    html = _rendered.get(key)
    if html is None:
        html = render_to_string(
            "partials/account_menus.html",
            {
                "user": user,
                "current_office": office,
                "current_membership": membership,
                "switcher_memberships": memberships,
                "switcher_heading": switcher_heading(memberships),
                "csrf_token": _CSRF,
                "next_path": _NEXT,
            },
        )
        if len(_rendered) >= _MAX_VARIANTS:
            _rendered.clear()
        _rendered[key] = html
    return SafeString(
        html.replace(_CSRF, str(context.get("csrf_token", ""))).replace(
            _NEXT, escape(request.get_full_path())
        )
    )
