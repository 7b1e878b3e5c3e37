"""Views of the kit: the navigation's counts."""

from django.http import HttpRequest, JsonResponse

from accounts.access import staff_view
from common.navigation import nav_counts


@staff_view
def nav_counts_view(request: HttpRequest):
    """The badges of the staff menu (static/js/nav.js reads them after the page loads)."""
    response = JsonResponse(nav_counts(request=request, membership=request.membership))
    response["Cache-Control"] = "private, no-store"
    return response
