from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import public_view
from accounts.forms import (
    EmailAuthenticationForm,
    InvitationAcceptForm,
    LanguageForm,
    OutboxPasswordResetForm,
)
from accounts.handoff import (
    SECOND_FACTOR_SESSION_KEY,
    handoff_token_create,
    handoff_token_person,
    handoff_token_use,
    host_shares_session,
)
from accounts.models import Invitation
from accounts.selectors import membership_list
from accounts.services import invitation_accept, user_language_set, user_sessions_end
from accounts.switcher import switcher_choose
from accounts.two_factor import second_factor_sign_in
from common.exceptions import ApplicationError
from common.middleware import client_ip
from common.ratelimit import rate_limit_hit
from common.redirects import redirect_safe, safe_url

# The backend a session records for sign-ins that did not go through authenticate()
# (invitation, hand-off); axes, first in AUTHENTICATION_BACKENDS, only guards passwords.
SESSION_BACKEND = "accounts.backends.EmailBackend"


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        # Password right; a person with a second factor gives their code before the session
        # is theirs (accounts.two_factor).
        user = form.get_user()
        pending = second_factor_sign_in(self.request, user, user.backend)
        return pending or super().form_valid(form)

    def get_default_redirect_url(self):
        if getattr(self.request, "office", None) is not None:
            return "/"
        return reverse("accounts:home")


login_view = public_view(LoginView.as_view())


class LogoutView(auth_views.LogoutView):
    """Sign out everywhere: this host's session and the same person's on every other office
    host and the console (one cookie may be cached per host; see accounts.services)."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            user_sessions_end(user=request.user)
        return super().post(request, *args, **kwargs)


logout_view = public_view(LogoutView.as_view(next_page=reverse_lazy("accounts:login")))


class PasswordResetView(auth_views.PasswordResetView):
    """Sends the reset e-mail at most a few times per address and per client address; past
    the limit the page says the same as always (it never tells whether an account exists)
    and nothing is sent."""

    def form_valid(self, form):
        address = client_ip(self.request) or "unknown"
        email = form.cleaned_data["email"].strip().lower()
        limited = False
        for kind, value in (("ip", address), ("email", email)):
            limit, seconds = settings.PASSWORD_RESET_RATE_LIMITS[kind]
            limited = (
                rate_limit_hit(
                    scope=f"password-reset-{kind}", value=value, limit=limit, seconds=seconds
                )
                or limited
            )
        if limited:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


password_reset_view = public_view(
    PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=OutboxPasswordResetForm,
        email_template_name="accounts/email/password_reset.txt",
        html_email_template_name="accounts/email/password_reset.html",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done_view = public_view(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm_view = public_view(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete_view = public_view(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


@public_view
def home_view(request: HttpRequest):
    """The person's offices and client profiles; where the root domain sends a signed-in user."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    memberships = list(membership_list(user=request.user))
    return render(request, "accounts/home.html", {"memberships": memberships})


@public_view
def invitation_accept_view(request: HttpRequest, token: str):
    invitation = (
        Invitation.objects.select_related("office", "invited_by").filter(token=token).first()
    )
    if invitation is None or invitation.office_id != request.office.pk:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if not invitation.is_usable:
        return render(request, "accounts/invitation_invalid.html", status=410)
    user = request.user if request.user.is_authenticated else None
    form = (
        InvitationAcceptForm(request.POST or None, initial={"full_name": invitation.full_name})
        if user is None
        else None
    )
    if request.method == "POST" and (user is not None or form.is_valid()):
        try:
            membership = invitation_accept(
                token=token,
                user=user,
                password=form.cleaned_data["password"] if form else "",
                full_name=form.cleaned_data["full_name"] if form else "",
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        except Exception as exc:  # password validation
            if form is None or not hasattr(exc, "messages"):
                raise
            form.add_error("password", exc)
        else:
            if user is None:
                login(request, membership.user, backend=SESSION_BACKEND)
            return redirect("/")
    return render(
        request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
    )


@require_POST
@public_view
def office_switch_view(request: HttpRequest, membership_id: int):
    """Go to one of the person's offices or client profiles, signed in (L4, P4). A POST (the
    switcher's buttons): a link followed by a prefetch, a mail scanner or another site's
    page changes nothing."""
    if not request.user.is_authenticated:
        return redirect_to_login("/")
    membership = get_object_or_404(membership_list(user=request.user), pk=membership_id)
    office = membership.office
    if office.pk == getattr(request.office, "pk", None):
        if membership.role == "client":
            switcher_choose(request, office, membership.pk)
            # The page that asked to switch (accounts.switcher.switcher_offer) goes on to
            # what the person opened; this same host only.
            return redirect_safe(request, request.POST.get("next"))
        return redirect("/")
    params = {}
    if not host_shares_session(office.host):
        params["t"] = handoff_token_create(user=request.user, host=office.host, request=request)
    if membership.role == "client":
        params["client"] = membership.pk
    return HttpResponseRedirect(f"{office.url}/accounts/handoff/?{urlencode(params)}")


@public_view
def handoff_view(request: HttpRequest):
    """Arrive in this office from the switcher (or signup, or the console): sign in with the
    one-time token if the session cookie could not follow, and act as the chosen client
    profile. A token is used only by the POST of this page's form (sent by js/vireo.js at
    once): a GET - a mail scanner, a prefetch - signs nobody in."""
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    params = request.POST if request.method == "POST" else request.GET
    if token and request.method != "POST":
        person = handoff_token_person(token=token)
        context = {"person": person, "token": token, "params": params}
        return render(request, "accounts/handoff.html", context, status=200 if person else 400)
    if request.method != "POST" and params.get("client") and request.user.is_authenticated:
        # A client profile chosen in another office whose host shares the session: chosen
        # by the same page's POST too, never by a GET.
        context = {"person": request.user, "token": "", "params": params}
        return render(request, "accounts/handoff.html", context)
    if token:
        user = handoff_token_use(token=token, host=request.office.host, request=request)
        if user is None:
            messages.error(request, _("This sign-in link has expired. Please sign in."))
        else:
            if request.user != user:
                login(request, user, backend=SESSION_BACKEND)
            if user.second_factor:
                request.session[SECOND_FACTOR_SESSION_KEY] = user.pk
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    client = params.get("client", "")
    if client.isdigit():
        switcher_choose(request, request.office, int(client))
    # Only this same host (signup lands the new owner on the onboarding page).
    return redirect_safe(request, params.get("next"))


@require_POST
@public_view
def language_set_view(request: HttpRequest):
    form = LanguageForm(request.POST)
    # The menu may lead to another office of the platform (the switcher), nothing else.
    response = HttpResponseRedirect(
        safe_url(request, request.POST.get("next"), platform_hosts=True)
    )
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            user_language_set(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite="Lax",
        )
    return response
