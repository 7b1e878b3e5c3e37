"""The documents module's tile on the client panel's home (common.dashboard, client area)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modules.documents import selectors


def client_new_tile(request) -> dict | None:
    """Documents the office shared with the company in the last 7 days; hidden while the
    company has no shared document at all. In the home's sentence under "Received in the
    last 7 days:" ("1 document"); it said "Nothing new this week." until 2026-12-07."""
    figures = selectors.client_new_figures(membership=request.membership)
    if not figures["shared"]:
        return None
    return {
        "label": _("New documents"),
        "value": figures["new"],
        "detail": _("%(count)s shared in total") % {"count": figures["shared"]},
        "url": reverse("documents:portal_list"),
        "icon": "file-earmark-text",
        "summary": ngettext("%(count)s document", "%(count)s documents", figures["new"])
        % {"count": figures["new"]},
        "summary_kind": "received",
    }
