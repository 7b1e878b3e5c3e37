"""The client profile chosen in the switcher, kept in the session for each office. The web
pages (accounts.middleware) and session calls of the API (common.api_permissions) both act
under it."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

CLIENT_SESSION_KEY = "client_membership:{office_id}"


def switcher_choice(request: HttpRequest, office) -> int | None:
    """The membership id of the client profile chosen for `office`, if any."""
    return request.session.get(CLIENT_SESSION_KEY.format(office_id=office.pk))


def switcher_choose(request: HttpRequest, office, membership_id: int) -> None:
    """Act as this client profile for the rest of the session, and open it at the next
    sign-in too (the session's choice goes with the session)."""
    from accounts.services import client_profile_remember

    request.session[CLIENT_SESSION_KEY.format(office_id=office.pk)] = membership_id
    if request.user.is_authenticated:
        client_profile_remember(user=request.user, membership_id=membership_id)


def switcher_offer(request: HttpRequest, visible: Callable[[object], bool]) -> HttpResponse:
    """What a client panel detail page answers when the row is not the active company's.

    One rule for every panel detail URL: the active company never changes silently (a link
    of company B opened while acting for A would otherwise show B's page under A's menu, or
    act for B on the next POST). When another company this person acts for in this office
    can see the row (`visible(membership)`, the owning module's own selector), the page asks
    "switch to B to see this?" and the switch is the switcher's POST; otherwise 404, as for
    a row of nobody they act for."""
    current = getattr(request.membership, "client_id", None)
    for membership in request.client_memberships:
        if membership.client_id != current and visible(membership):
            context = {"membership": membership, "next": request.get_full_path()}
            return render(request, "accounts/switch_offer.html", context)
    raise Http404
