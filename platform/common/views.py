"""Views of the kit: the navigation's counts, the office URLs' not-found answer."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from accounts.access import member_view
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
