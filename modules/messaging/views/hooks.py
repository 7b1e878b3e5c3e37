"""What the messages module registers elsewhere: the client card's tab, the menu counts,
the client panel's home tile."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modules.messaging import selectors


def client_tab(request, client):
    from modules.messaging.views.common import conversation_rows_html

    data = selectors.client_conversations(client_id=client.pk)
    return "messaging/client_tab.html", {
        "client": client,
        **data,
        "rows_html": conversation_rows_html(data["rows"], staff=True),
    }


def staff_unread_count(request) -> int:
    return selectors.unread_office_count()


def staff_unread_tile(request) -> dict:
    """The staff dashboard: conversations with client messages nobody in the office has read
    yet (one query), linking to the inbox filtered to them."""
    count = selectors.unread_office_count()
    return {
        "label": _("Conversations with unread messages"),
        "value": count,
        "tone": "warning" if count else "",
        "url": reverse("messaging:inbox") + "?unread=1",
        "icon": "chat-left-text",
    }


def client_unread_count(request) -> int:
    client_id = getattr(request.membership, "client_id", None)
    return selectors.unread_client_count(client_id=client_id) if client_id else 0


def unread_tile(request) -> dict | None:
    client_id = getattr(request.membership, "client_id", None)
    if not client_id:
        return None
    unread = selectors.unread_client_count(client_id=client_id)
    if not unread:
        return None  # the home shows what is new; "Messages" is in the menu
    return {
        "label": _("Unread messages"),
        "value": unread,
        "url": reverse("messaging:portal_list") + "?unread=1",
        "detail": "",
        "tone": "warning",
        "icon": "chat-left-text",
        # The home's sentence of what waits (modules/portal/README.md): without it the panel
        # said "Nothing new this week." beside this highlighted tile (until 2026-12-07).
        "summary": ngettext("%(count)s unread message", "%(count)s unread messages", unread)
        % {"count": unread},
    }
