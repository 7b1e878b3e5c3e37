from rest_framework.views import APIView

from accounts.access import PUBLIC
from common.api import OfficeApi
from tests.helpers.urls import office_routes

# Office pages anyone may open without a membership, each for a reason.
PUBLIC_ALLOWED = {
    "accounts/login/": "sign-in",
    "accounts/logout/": "sign-out",
    "accounts/home/": "redirects to sign-in when signed out",
    "accounts/password-reset/": "password reset",
    "accounts/password-reset/sent/": "password reset",
    "accounts/password-reset/<uidb64>/<token>/": "password reset link (signed)",
    "accounts/password-reset/done/": "password reset",
    "accounts/language/": "language menu",
    "accounts/switch/<int:membership_id>/": "switcher (checks the person's own memberships)",
    "accounts/two-factor/": "the person's second factor (signed-in check inside)",
    "accounts/two-factor/code/": "the code step of a sign-in",
    "accounts/invitation/<str:token>/": "invitation link (token)",
    "accounts/handoff/": "cross-host sign-in (one-time token)",
    "scan-request/<str:token>/": "the new-mail e-mail's scan link (signed for the person)",
    "book/": "rooms' public booking link (office switch; free times only)",
    "book/<int:room_id>/": "rooms' public booking link: a room's free times",
    "book/<int:room_id>/new/": "rooms' public booking form (rate-limited)",
    "book/manage/<str:token>/": "a visitor's own booking (signed link; GET only shows)",
    "book/manage/<str:token>/change/": "a visitor's own booking (signed link, POST)",
    "book/manage/<str:token>/cancel/": "a visitor's own booking (signed link, POST)",
    "rooms/feed/<str:token>/": "a person's iCalendar feed (secret token, revocable; GET only)",
    "rooms/photos/<int:photo_id>/": "a room's photo for the public pages (active rooms only)",
    "helpdesk/link/<str:token>/": "the helpdesk approval/quote e-mail link (signed for the person)",
    "notifications/unsubscribe/<str:token>/": (
        "List-Unsubscribe of client e-mails (signed for office, address and event)"
    ),
}
# drf-spectacular's schema and docs: IsOfficeMember through SERVE_PERMISSIONS.
SCHEMA_VIEWS = {"SpectacularAPIView", "SpectacularSwaggerView"}


def test_every_office_url_declares_who_may_open_it():
    undeclared, public = [], set()
    for route, view in office_routes():
        view_class = getattr(view, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            if not (issubclass(view_class, OfficeApi) or view_class.__name__ in SCHEMA_VIEWS):
                undeclared.append(route)
            continue
        level = getattr(view, "office_access", None)
        if level is None:
            undeclared.append(route)  # staff-only by default, but say so
        elif level == PUBLIC:
            public.add(route)
    assert undeclared == []
    assert public - set(PUBLIC_ALLOWED) == set()
