"""The client panel's Mail tab (M10): the company's full history and scans."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import render

from accounts.access import client_view
from accounts.switcher import switcher_offer
from common.urls import reverse_pattern
from modules.mail import selectors
from modules.mail.forms import FilterForm, mail_filters
from modules.mail.hooks import portal_item_actions
from modules.mail.models import MailStatus
from modules.mail.rows import portal_rows_html


@client_view
def portal_list_view(request: HttpRequest):
    every_status, every_type = selectors.status_and_type_lists()
    # Read as everywhere else (the API, the export): a status a client may not see gives
    # an empty list rather than being ignored.
    filters = mail_filters(request.GET, statuses=every_status)
    status_choices = [(s.pk, s.label) for s in every_status if s.is_active and s.visible_to_client]
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    page = selectors.mail_page(
        membership=request.membership,
        filters=filters,
        page=page_number,
        lists=(every_status, every_type),
    )
    query = request.GET.copy()
    query.pop("page", None)
    scans = selectors.scans_for_items(item_ids=[r.pk for r in page["rows"] if r.scan_count])
    # Row links from one reverse() each per page (see common.urls).
    scan_url = reverse_pattern("mail:scan_file")
    for item_scans in scans.values():
        for scan in item_scans:
            scan.file_url = scan_url(scan.pk)
    return render(
        request,
        "mail/portal/list.html",
        {
            "page": page,
            "rows": page["rows"],
            "status_choices": status_choices,
            "direction_choices": FilterForm.base_fields["direction"].choices,
            "filters": filters,
            "query": query.urlencode(),
            "rows_html": portal_rows_html(
                page["rows"],
                scans=scans,
                actions=portal_item_actions(request=request, items=page["rows"]),
                detail_url=reverse_pattern("mail:portal_detail"),
            ),
        },
    )


@client_view
def portal_detail_view(request: HttpRequest, item_id: int):
    item = selectors.mail_item_get(membership=request.membership, item_id=item_id)
    if item is None:
        return switcher_offer(
            request, lambda m: selectors.mail_item_get(membership=m, item_id=item_id) is not None
        )
    return render(
        request,
        "mail/portal/detail.html",
        {
            "item": item,
            "scans": list(item.scans.all()),
            "picked_up": MailStatus.PICKED_UP,
            "actions": portal_item_actions(request=request, items=[item], detail=True).get(
                item.pk, ""
            ),
        },
    )
