"""The client profile chosen in the switcher, kept in the session for each office. The web
pages (accounts.middleware) and session calls of the API (common.api_permissions) both act
under it."""

from django.http import HttpRequest

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
