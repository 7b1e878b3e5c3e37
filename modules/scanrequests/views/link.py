"""The "Request scan" link of the new-mail e-mail (S3). Public: the signed link stands for
the person. GET only shows the confirmation (mail systems' link scanners open every link);
the confirmation's POST creates the request, once."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from accounts.access import public_view
from common.exceptions import ApplicationError
from common.links import LinkError
from modules.scanrequests import selectors
from modules.scanrequests.models import ScanRequest
from modules.scanrequests.policies import office_settings, scan_request_refusal
from modules.scanrequests.services import scan_request_create, scan_request_link_resolve

LINK_ERRORS = {
    "invalid": (400, gettext_lazy("This link is not valid. Copy the whole link from the e-mail.")),
    "expired": (
        410,
        gettext_lazy("This link has expired. Ask for the scan in the client panel instead."),
    ),
    "office": (404, gettext_lazy("This link belongs to another office.")),
    "person": (404, gettext_lazy("This link is no longer valid for your address.")),
}


def _link_error(request, code: str):
    status, message = LINK_ERRORS[code]
    return render(request, "scanrequests/link_confirm.html", {"error": message}, status=status)


@never_cache
@public_view
def link_view(request: HttpRequest, token: str):
    try:
        item, recipient = scan_request_link_resolve(token=token, office=request.office)
    except LinkError as exc:
        return _link_error(request, exc.code)
    context = {"item": item, "settings": office_settings(), "token": token}
    if request.method == "POST":
        try:
            created = scan_request_create(
                item=item, source=ScanRequest.Source.EMAIL, recipient=recipient
            )
        except ApplicationError as exc:
            context["error"] = exc.message
            return render(request, "scanrequests/link_confirm.html", context, status=409)
        context["created"] = created
        return render(request, "scanrequests/link_confirm.html", context)
    existing = selectors.open_requests_for_items(item_ids=[item.pk]).get(item.pk)
    refusal = scan_request_refusal(item=item, open_request=existing)
    context["existing"] = existing
    context["error"] = refusal.message if refusal is not None else ""
    return render(request, "scanrequests/link_confirm.html", context)
