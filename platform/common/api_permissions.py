"""Who may call the office API, and for which client company (common.api is the rest).

Apart from common.api because DRF imports DEFAULT_PERMISSION_CLASSES while rest_framework.views
is still loading: this module must not import DRF's views.

Authorisation is the membership in the current office, resolved after DRF authenticated the
call (a token call reaches the membership middleware as anonymous), with the client company
acted for:

- a staff role wins, as on the web pages;
- the company named in the X-Vireo-Client header (its client id), when sent;
- a session call: the company chosen in the switcher, exactly as the web pages;
- a token call: the person's only client company; with several, the header is required
  (403, code "client_required", the message lists the choices).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.access import MEMBER, membership_allows
from accounts.selectors import membership_all, membership_for_office
from accounts.switcher import switcher_choice

CLIENT_HEADER = "X-Vireo-Client"


class ClientChoiceRequired(exceptions.PermissionDenied):
    default_code = "client_required"


def acting_membership(request):
    """The membership a DRF call acts under in request.office (None: not a member).

    Sets request.membership and request.client_memberships on the Django request, which the
    selectors read, as the membership middleware does for web pages.
    """
    django_request, user = request._request, request.user
    office = django_request.office
    by_session = isinstance(request.successful_authenticator, SessionAuthentication)
    membership, clients = membership_for_office(
        user=user,
        office=office,
        client_membership_id=switcher_choice(django_request, office) if by_session else None,
        memberships=membership_all(user=user),
    )
    header = request.headers.get(CLIENT_HEADER, "").strip()
    acts_as_client = membership is not None and not membership.is_staff_role
    if acts_as_client and (header or not (by_session or len(clients) == 1)):
        membership = next((m for m in clients if str(m.client_id) == header), None)
        if membership is None:
            choices = ", ".join(f"{m.client_id} ({m.client_name})" for m in clients)
            raise ClientChoiceRequired(
                _("Send the %(header)s header with the id of the company you act for: %(choices)s.")
                % {"header": CLIENT_HEADER, "choices": choices}
            )
    django_request.membership, django_request.client_memberships = membership, clients
    return membership


class IsOfficeMember(BasePermission):
    """The default permission of the whole API (settings.REST_FRAMEWORK): a membership in
    this office at the view's `office_access` level, `write_access` for unsafe methods."""

    def has_permission(self, request, view) -> bool:
        if getattr(request._request, "office", None) is None:
            return False
        if not request.user or not request.user.is_authenticated:
            return False
        membership = acting_membership(request)
        level = getattr(view, "office_access", MEMBER)
        if request.method not in SAFE_METHODS:
            level = getattr(view, "write_access", level)
        return membership_allows(membership, level)
