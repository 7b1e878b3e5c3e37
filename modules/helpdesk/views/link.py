"""The e-mail links (T2, T3). Public: the signed link stands for the person. GET only shows
the confirmation page; its POST acts, once."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from accounts.access import public_view
from common.exceptions import ApplicationError
from modules.helpdesk.links import APPROVAL, LinkError
from modules.helpdesk.selectors import quotes_for
from modules.helpdesk.services import link_act, link_resolve

LINK_ERRORS = {
    "invalid": (400, gettext_lazy("This link is not valid. Copy the whole link from the e-mail.")),
    "expired": (410, gettext_lazy("This link has expired. Please answer in the client panel.")),
    "office": (404, gettext_lazy("This link belongs to another office.")),
    "person": (404, gettext_lazy("This link is no longer valid for your address.")),
    "used": (409, gettext_lazy("This has already been decided.")),
}


def _error(request, code: str):
    status, message = LINK_ERRORS[code]
    return render(request, "helpdesk/link_confirm.html", {"error": message}, status=status)


@never_cache
@public_view
def link_view(request: HttpRequest, token: str):
    try:
        kind, req, quote, _recipient = link_resolve(token=token, office=request.office)
    except LinkError as exc:
        return _error(request, exc.code)
    context = {
        "kind": kind,
        "approval": kind == APPROVAL,
        "req": req,
        "quote": quote,
        "quotes": [q for q in quotes_for(request=req) if q.pk == quote.pk] if quote else [],
    }
    if request.method == "POST":
        try:
            link_act(
                token=token,
                office=request.office,
                decision=request.POST.get("decision", ""),
                comment=request.POST.get("comment", "")[:2000],
            )
        except LinkError as exc:
            return _error(request, exc.code)
        except ApplicationError as exc:
            context["error"] = exc.message
            return render(request, "helpdesk/link_confirm.html", context, status=409)
        context["done"] = True
        if quote is not None:
            quote.refresh_from_db()
            context["quotes"] = [q for q in quotes_for(request=req) if q.pk == quote.pk]
        req.refresh_from_db()
        return render(request, "helpdesk/link_confirm.html", context)
    return render(request, "helpdesk/link_confirm.html", context)
