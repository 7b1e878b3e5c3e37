"""Read-only offices: a lapsed subscription keeps every page readable and refuses changes.

Placed after accounts.middleware.MembershipMiddleware. Billing pages (to pay), sign-in and
sign-out stay writable; any other non-GET request gets a 403 page saying why, in the
person's language. `request.billing_standing` feeds the staff banner (context_processors);
a client user's GET leaves the defaults (full standing, no sessions) without reading them.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from subscriptions.access import Standing, subscription_standing
from subscriptions.state import office_platform_state

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_READ_ONLY_API = _("This office is read-only: its subscription is not paid.")
# Administration > Subscription (and its old address, which redirects there), sign-in pages.
WRITABLE_PATHS = ("/administration/subscription/", "/billing/", "/accounts/")


class ReadOnlyOfficeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        office = getattr(request, "office", None)
        request.billing_subscription = None
        request.billing_standing = Standing("full")
        request.support_sessions = []
        if office is None:
            return self.get_response(request)
        membership = getattr(request, "membership", None)
        if (
            request.method in SAFE_METHODS
            and membership is not None
            and not membership.is_staff_role
        ):
            # A client user reading a page: nothing refused, and no banner of theirs shows
            # the subscription or support sessions (context_processors), so no Redis round
            # trip for them (0.1-0.2 ms of every client-panel page).
            return self.get_response(request)
        subscription, support = office_platform_state(office)
        request.support_sessions = support
        standing = subscription_standing(subscription)
        request.billing_subscription, request.billing_standing = subscription, standing
        if (
            not standing.writable
            and request.method not in SAFE_METHODS
            and not request.path.startswith(WRITABLE_PATHS)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _READ_ONLY_API, "code": "read_only"}, status=403)
            return TemplateResponse(
                request,
                "subscriptions/read_only.html",
                {"standing": standing, "subscription": subscription},
                status=403,
            ).render()
        return self.get_response(request)
