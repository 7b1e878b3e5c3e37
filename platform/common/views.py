"""Views of the kit: the navigation's counts, the forbidden, not-found and server-error
answers."""

import logging
import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from accounts.access import member_view
from common.middleware import unavailable_response
from common.navigation import nav_counts
from common.redirects import safe_url

logger = logging.getLogger("vireo.errors")


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
    return error_page(request, status=404)


def page_not_found(request: HttpRequest, exception=None):
    """handler404 of the platform's own domains (no API there)."""
    return error_page(request, status=404)


def permission_denied(request: HttpRequest, exception=None):
    """handler403 of every URLconf: a page in the office's layout (templates/403.html), not
    Django's bare "403 Forbidden" (980 px wide on a phone, no way back)."""
    return error_page(request, status=403)


def error_page(request: HttpRequest, *, status: int) -> HttpResponse:
    """templates/<status>.html in the person's layout (the staff sidebar, the client panel's
    menu, or the plain page when not signed in) with a way back: the page they came from on
    this host, else the start page. When the layout cannot render (its menus read the
    database), the same words on the standalone templates/error.html."""
    referer = request.META.get("HTTP_REFERER", "")
    back = safe_url(request, referer, fallback="/") if referer else ""
    if back in ("/", request.build_absolute_uri(), request.get_full_path()):
        back = ""  # another site, the start page (its own button) or the page itself
    context = {"status": status, "back_url": back, "request_path": request.path}
    try:
        body = loader.render_to_string(f"{status}.html", context, request=request)
    except Exception:  # the layout failed: the standalone page must still answer
        logger.exception("error page %s: the layout could not render", status)
        body = loader.render_to_string("error.html", context)
    return HttpResponse(body, status=status)


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
