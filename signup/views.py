from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import admin_view
from accounts.handoff import handoff_token_create
from common.context import request_ip
from common.exceptions import ApplicationError
from common.onboarding import onboarding_steps
from signup.forms import SignupForm
from signup.services import (
    signup_complete,
    signup_rate_limit_hit,
    signup_request_create,
    signup_token_read,
    slug_availability_check,
)
from subscriptions.models import Plan


def _root_url() -> str:
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{settings.PLATFORM_DOMAIN}{port}"


def signup_view(request: HttpRequest):
    form = SignupForm(
        request.POST or None,
        initial={"country": _country_guess(), "plan": _plan_chosen(request.GET.get("plan"))},
    )
    if request.method == "POST":
        ip = request_ip.get() or request.META.get("REMOTE_ADDR")
        if request.POST.get("website"):
            # A bot filled the honeypot: count it, answer as if all went well, send nothing.
            signup_rate_limit_hit(ip=ip, email=request.POST.get("email", ""))
            return _sent_redirect(request, request.POST.get("email", ""))
        if form.is_valid():
            data = form.cleaned_data
            # Only a submission that would send a verification e-mail counts: a visitor
            # correcting a taken address or a short password is not locked out.
            if signup_rate_limit_hit(ip=ip, email=data["email"]):
                form.add_error(None, _("Too many signups from here. Please try again in an hour."))
                return render(request, "signup/signup.html", _context(form), status=429)
            signup_request_create(
                office_name=data["office_name"],
                slug=data["slug"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password"],
                country=data["country"],
                plan=data.get("plan"),
                language=get_language() or "en",
                ip=ip,
                verify_url_base=f"{_root_url()}/signup/verify/",
            )
            return _sent_redirect(request, data["email"])
    status = 400 if form.errors else 200
    return render(request, "signup/signup.html", _context(form), status=status)


SENT_EMAIL = "signup_sent_email"


def _sent_redirect(request: HttpRequest, email: str) -> HttpResponseRedirect:
    """POST/redirect/GET: "Check your inbox" was the POST's own answer until 2026-12-07, so
    reloading it sent the form again. The address it names waits in the session."""
    request.session[SENT_EMAIL] = email
    return redirect("signup:sent")


@require_GET
def sent_view(request: HttpRequest):
    email = request.session.get(SENT_EMAIL)
    if not email:  # opened without a signup (another browser, an expired session): the form
        return redirect("signup:signup")
    return render(request, "signup/sent.html", {"email": email})


def _context(form) -> dict:
    return {
        "form": form,
        "platform_domain": settings.PLATFORM_DOMAIN,
        "trial_days": settings.SUBSCRIPTION_TRIAL_DAYS,
    }


def _plan_chosen(code: str | None) -> str | None:
    """The plan a pricing page's button named (?plan=code), else the plan of new trials."""
    plans = Plan.objects.filter(is_public=True)
    plan = plans.filter(code=code).first() if code else None
    plan = plan or plans.filter(is_default=True).first()
    return plan.code if plan else None


def _country_guess() -> str:
    return {"pl": "PL", "sk": "SK"}.get((get_language() or "")[:2], "PL")


@require_GET
def slug_check_view(request: HttpRequest):
    """The live availability check under the address field (HTMX)."""
    slug = request.GET.get("slug", "").strip().lower()
    error = slug_availability_check(slug) if slug else ""
    return render(
        request,
        "signup/partials/slug_check.html",
        {"slug": slug, "error": error, "platform_domain": settings.PLATFORM_DOMAIN},
    )


def verify_view(request: HttpRequest, token: str):
    signup = signup_token_read(token)
    if signup is None:
        return render(request, "signup/verify_invalid.html", status=400)
    if signup.completed_at is not None:
        return render(
            request, "signup/verify_done.html", {"signup": signup, "office": signup.office}
        )
    if request.method != "POST":
        # Mail scanners and link previews open (GET/HEAD) every link in an e-mail: the page
        # asks for a click, and only its POST creates the office and signs the owner in.
        return render(request, "signup/verify_confirm.html", {"signup": signup})
    try:
        office, user = signup_complete(signup=signup)
    except ApplicationError as exc:
        return render(request, "signup/verify_invalid.html", {"error": exc.message}, status=409)
    token = handoff_token_create(user=user, host=office.host, request=request)
    query = urlencode({"t": token, "next": "/welcome/"})
    return HttpResponseRedirect(f"{office.url}/accounts/handoff/?{query}")


@admin_view
def welcome_view(request: HttpRequest):
    """The getting-started checklist on the new office's own host, right after signup
    (the steps are registered by the modules: common.onboarding); the dashboard shows it
    too until it is done."""
    steps = onboarding_steps(request=request)
    done = sum(step["done"] for step in steps)
    return render(
        request,
        "signup/welcome.html",
        {"onboarding": {"steps": steps, "done": done, "total": len(steps)}},
    )


def signup_redirect_view(request: HttpRequest):
    return redirect("signup:signup")
