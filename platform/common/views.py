"""Views of the kit: the navigation's counts, the not-found and server-error answers."""

import sys

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.defaults import page_not_found

from accounts.access import member_view
from common.middleware import unavailable_response
from common.navigation import nav_counts


@member_view
def nav_counts_view(request: HttpRequest):
    """The badges of the menu, the staff sidebar's or the client panel's (static/js/nav.js
    reads them after the page loads)."""
    response = JsonResponse(nav_counts(request=request, membership=request.membership))
    response["Cache-Control"] = "private, no-store"
    return response


def api_aware_not_found(request: HttpRequest, exception=None):
    """handler404 of the office URLs: under /api/ an address no route matches (a malformed
    id such as /api/v1/clients/1.5/) answers in the API's one error shape, as JSON; pages
    get Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "not_found", "detail": _("Not found."), "fields": {}}, status=404
        )
    return page_not_found(request, exception)


def server_error(request: HttpRequest):
    """handler500 of every URLconf. An outage of our own infrastructure met outside a view
    (the office's routing asks the database, the session and the membership too) answers
    503 as UnavailableMiddleware does for views; anything else is Django's 500 page, or the
    API's error shape under /api/."""
    response = unavailable_response(request, sys.exc_info()[1])
    if response is not None:
        return response
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "code": "server_error",
                "detail": _("Something went wrong on our side."),
                "fields": {},
            },
            status=500,
        )
    return defaults.server_error(request)
