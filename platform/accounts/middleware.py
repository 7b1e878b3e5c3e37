from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from rest_framework.views import APIView

from accounts.access import CLIENT, DEFAULT, MEMBER, PUBLIC, membership_allows
from accounts.handoff import SECOND_FACTOR_SESSION_KEY
from accounts.selectors import membership_all, membership_for_office, switcher_memberships
from accounts.switcher import switcher_choice, switcher_offer_for_link


class MembershipMiddleware:
    """Authorise every office request against the person's membership in that office.

    Being signed in is not enough: without a membership in *this* office the answer is 403,
    whatever other offices the person belongs to. Also activates the person's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.membership, request.client_memberships = None, []
        office = getattr(request, "office", None)
        if office is not None:
            memberships = membership_all(user=request.user)
            request.switcher_memberships = switcher_memberships(memberships)
            request.membership, request.client_memberships = membership_for_office(
                user=request.user,
                office=office,
                client_membership_id=switcher_choice(request, office),
                memberships=memberships,
            )
        language = self._language(request, office)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()  # the thread serves the next request in its own language
        response.headers.setdefault("Content-Language", language)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "office", None) is None:
            return None
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None  # common.api.IsOfficeMember, after DRF's own authentication
        level = getattr(view_func, "office_access", DEFAULT)
        if level == PUBLIC:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if (
            request.membership is None
            and request.user.is_superuser
            and getattr(view_func, "superuser_reads", False)
        ):
            return None  # accounts.access.superuser_reads (development tools only)
        if not membership_allows(request.membership, level):
            return TemplateResponse(
                request, "accounts/no_access.html", {"office": request.office}, status=403
            )
        if (
            request.office.staff_two_factor_required
            and request.membership.is_staff_role
            and request.session.get(SECOND_FACTOR_SESSION_KEY) != request.user.pk
        ):
            # The owners' rule: staff work here only past a second factor (enrol first).
            return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor_verify"))
        if level in (CLIENT, MEMBER):
            # A client e-mail's link names its company: another active company is offered
            # the switch, never changed silently.
            return switcher_offer_for_link(request)
        return None

    @staticmethod
    def _language(request: HttpRequest, office) -> str:
        supported = {code for code, _name in settings.LANGUAGES}
        candidates = [
            getattr(request.user, "language", "") if request.user.is_authenticated else "",
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
            office.language if office is not None else "",
            translation.get_language_from_request(request),
        ]
        return next((c for c in candidates if c in supported), settings.LANGUAGE_CODE)
