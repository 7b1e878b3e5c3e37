"""The base of every office API: authentication is DRF's (session or token), authorisation
is the membership in the current office, checked here for every endpoint."""

from rest_framework.permissions import BasePermission

from accounts.access import MEMBER, membership_allows
from accounts.selectors import membership_for_office


class IsOfficeMember(BasePermission):
    """The default permission of the whole API (settings.REST_FRAMEWORK).

    Re-resolves the membership because token authentication happens inside DRF, after the
    membership middleware saw an anonymous request.
    """

    level = MEMBER

    def has_permission(self, request, view) -> bool:
        office = getattr(request._request, "office", None)
        if office is None or not request.user or not request.user.is_authenticated:
            return False
        membership, _clients = membership_for_office(user=request.user, office=office)
        request._request.membership = membership
        return membership_allows(membership, getattr(view, "office_access", self.level))
