"""The client panel: the company's pickups, with the confirmation of each (H8)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import render

from accounts.access import client_view
from modules.handover import selectors


@client_view
def portal_list_view(request: HttpRequest):
    membership = request.membership
    page = Paginator(
        selectors.handover_list(membership=membership)
        .select_related("handed_over_by")
        .order_by("-handed_over_at", "-pk"),
        25,
    ).get_page(request.GET.get("page"))
    counts = selectors.handover_line_counts(
        handover_ids=[h.pk for h in page.object_list], client_id=membership.client_id
    )
    rows = [(h, counts.get(h.pk, 0)) for h in page.object_list]
    return render(request, "handover/portal/list.html", {"page": page, "rows": rows})
