"""The client panel (S3): "+" on the Mail tab, a confirmation with the office's text, and
only the confirmation's POST creates the request."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts.access import client_view
from common.exceptions import ApplicationError
from modules.mail.models import MailItem
from modules.mail.selectors import mail_item_get
from modules.scanrequests import selectors
from modules.scanrequests.models import ScanRequest
from modules.scanrequests.policies import (
    ALREADY_REQUESTED,
    office_settings,
    scan_request_refusal,
    scan_requests_allowed,
)
from modules.scanrequests.services import scan_request_create


def portal_item_actions(*, request, items) -> dict:
    """For mail.hooks: "+" on items the client may ask a scan of (to pick up, no scan, the
    company allowed), "Scan requested" on those with an open request. Two queries a page."""
    membership = request.membership
    if membership is None or membership.is_staff_role or not items:
        return {}
    if not scan_requests_allowed(client_id=membership.client_id):
        return {}
    candidates = [i for i in items if i.direction == MailItem.Direction.INCOMING]
    open_requests = selectors.open_requests_for_items(item_ids=[i.pk for i in candidates])
    actions = {}
    for item in candidates:
        pending = open_requests.get(item.pk)
        refusal = scan_request_refusal(item=item, open_request=pending, allowed=True)
        if pending is None and refusal is not None:
            continue
        actions[item.pk] = render_to_string(
            "scanrequests/partials/portal_action.html",
            {"item": item, "pending": pending},
            request=request,
        )
    return actions


@client_view
def portal_request_view(request: HttpRequest, item_id: int):
    item = mail_item_get(membership=request.membership, item_id=item_id)
    if item is None:
        raise Http404
    if request.method == "POST":
        try:
            scan_request_create(item=item, source=ScanRequest.Source.PORTAL, user=request.user)
        except ApplicationError as exc:
            level = messages.info if exc.code == ALREADY_REQUESTED else messages.error
            level(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The office has been asked for a scan of %(number)s; you will "
                    "receive it by e-mail."
                )
                % {"number": item.number},
            )
        return redirect("mail:portal_list")
    existing = selectors.open_requests_for_items(item_ids=[item.pk]).get(item.pk)
    refusal = scan_request_refusal(item=item, open_request=existing)
    return render(
        request,
        "scanrequests/portal_confirm.html",
        {
            "item": item,
            "refusal": refusal.message if refusal is not None else "",
            "existing": existing,
            "settings": office_settings(),
        },
    )
