"""The client profile chosen in the switcher, kept in the session for each office. The web
pages (accounts.middleware) and session calls of the API (common.api_permissions) both act
under it."""

from collections.abc import Callable
from urllib.parse import urlencode

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


def switcher_offer(
    request: HttpRequest, visible: Callable[[object], bool], *, file: bool = False
) -> HttpResponse:
    """What a client panel detail page or file download (GET) answers when the row is not
    the active company's (`file=True`: the question speaks of a file, and the switch goes on
    to the download). POST endpoints and the API never call it: they answer 404.

    One rule for every panel detail URL: the active company never changes silently (a link
    of company B opened while acting for A would otherwise show B's page under A's menu, or
    act for B on the next POST). When another company this person acts for in this office
    can see the row (`visible(membership)`, the owning module's own selector), the page asks
    "switch to B to see this?" and the switch is the switcher's POST; otherwise 404, as for
    a row of nobody they act for."""
    current = getattr(request.membership, "client_id", None)
    for membership in request.client_memberships:
        if membership.client_id != current and visible(membership):
            return _offer(request, membership, request.get_full_path(), file=file)
    raise Http404


# The query parameter naming the company a panel link is for: client e-mails carry it
# (notifications), so a person of two companies who opens the link is asked to switch.
CLIENT_PARAMETER = "client"


def switcher_offer_for_link(request: HttpRequest) -> HttpResponse | None:
    """A panel page opened with `?client=<id>` (a link of a client e-mail) while another
    company is active: the same offer as switcher_offer, going on to the page without the
    parameter. None (the page as usual) when the parameter names the active company, a
    company this person does not act for (it changes nothing), or is not a number."""
    raw = request.GET.get(CLIENT_PARAMETER, "")
    if request.method != "GET" or not raw.isdigit() or request.membership is None:
        return None
    if request.membership.role != "client" or request.membership.client_id == int(raw):
        return None
    membership = next(
        (m for m in request.client_memberships if m.client_id == int(raw)),
        None,
    )
    if membership is None:
        return None
    rest = request.GET.copy()
    rest.pop(CLIENT_PARAMETER)
    target = request.path + (f"?{urlencode(rest, doseq=True)}" if rest else "")
    return _offer(request, membership, target)


def _offer(request: HttpRequest, membership, target: str, *, file: bool = False) -> HttpResponse:
    context = {"membership": membership, "next": target, "file": file}
    return render(request, "accounts/switch_offer.html", context)
