"""Two-factor authentication for everyone who signs in (TOTP, backup codes), on the
console's devices and checks (console.services): the person's own page (enrol with a QR
code, new backup codes, the owners' rule for their office's staff) and the code step of a
sign-in. A session past the second factor carries SECOND_FACTOR_SESSION_KEY."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.access import public_view
from accounts.handoff import SECOND_FACTOR_SESSION_KEY
from accounts.models import Role, User
from common.exceptions import ApplicationError
from common.redirects import redirect_safe, safe_url
from console.forms import CodeForm
from console.models import TwoFactorDevice
from console.services import (
    backup_codes_issue,
    second_factor_confirmed,
    second_factor_start,
    second_factor_verify,
    totp_uri,
    totp_verify,
)
from tenants.services import office_update

# A sign-in whose password was right, waiting for its code: (person, backend).
PENDING_SESSION_KEY = "second_factor_pending"


def second_factor_passed(request: HttpRequest) -> bool:
    return request.session.get(SECOND_FACTOR_SESSION_KEY) == request.user.pk


def second_factor_sign_in(request: HttpRequest, user: User, backend: str):
    """Called by the login form once the password was right: a person with a confirmed
    device gives their code first (None: sign them in as usual)."""
    if not second_factor_confirmed(user=user):
        return None
    request.session[PENDING_SESSION_KEY] = [user.pk, backend]
    query = urlencode({"next": request.POST.get("next") or request.GET.get("next") or ""})
    return HttpResponseRedirect(f"{reverse('accounts:two_factor_verify')}?{query}")


def _code_check(request: HttpRequest, form: CodeForm, user: User, *, enrol=False) -> bool:
    # Enrolling: the first good TOTP code confirms the device (no backup codes exist yet).
    check = totp_verify if enrol else second_factor_verify
    try:
        if check(user=user, code=form.cleaned_data["code"]):
            return True
    except ApplicationError as exc:
        form.add_error("code", exc.message)
        return False
    form.add_error("code", _("This code is not valid. Check your device's clock and try again."))
    return False


@public_view
def two_factor_verify_view(request: HttpRequest):
    """The code step of a sign-in (or of a session the office's rule asks it of)."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if pending:
        user, backend = User.objects.filter(pk=pending[0], is_active=True).first(), pending[1]
    else:
        user, backend = (request.user if request.user.is_authenticated else None), None
    if user is None:
        return redirect("accounts:login")
    if not second_factor_confirmed(user=user):
        # Enrol first, then go on where the person was going (the office's rule sent them).
        query = urlencode({"next": request.GET.get("next") or ""})
        return HttpResponseRedirect(f"{reverse('accounts:two_factor')}?{query}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _code_check(request, form, user):
        if backend is not None:
            request.session.pop(PENDING_SESSION_KEY, None)
            login(request, user, backend=backend)
        else:
            request.session.cycle_key()
        request.session[SECOND_FACTOR_SESSION_KEY] = user.pk
        return redirect_safe(request, request.GET.get("next"))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@public_view
def two_factor_view(request: HttpRequest):
    """The person's two-factor page (the account menu's "Two-factor authentication"): enrol
    (QR code), new backup codes, and on an office host the owners' rule for the office's
    staff; a link back to where the person came from (`next`, else the office's home)."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    user = request.user
    device = TwoFactorDevice.objects.filter(user=user).first()
    confirmed = device is not None and device.confirmed_at is not None
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = CodeForm(request.POST if action == "enrol" else None)
    codes: list[str] = []
    if confirmed and not second_factor_passed(request):
        query = urlencode({"next": request.path})
        return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
    if action == "enrol" and not confirmed and form.is_valid():
        if _code_check(request, form, user, enrol=True):
            request.session.cycle_key()
            request.session[SECOND_FACTOR_SESSION_KEY] = user.pk
            codes, confirmed = backup_codes_issue(user=user), True
    elif action == "codes" and confirmed:
        codes = backup_codes_issue(user=user)
    elif action == "require" and _is_owner(request):
        required = request.POST.get("required") == "1"
        office_update(
            office=request.office, actor=user, data={"staff_two_factor_required": required}
        )
        request.office.staff_two_factor_required = required
        messages.success(request, _("Saved."))
    if not confirmed and (device is None or request.method == "GET"):
        device = second_factor_start(user=user)
    office = getattr(request, "office", None)
    membership = getattr(request, "membership", None)
    context = {
        # The way back into the office (or where the office's rule stopped the person).
        "next_url": safe_url(request, request.GET.get("next")),
        # A staff member sent here by the owners' rule is told why.
        "required_here": office is not None
        and office.staff_two_factor_required
        and membership is not None
        and membership.is_staff_role,
        "form": form,
        "confirmed": confirmed,
        "codes": codes,
        "secret": "" if confirmed else device.secret,
        "qr": "" if confirmed else segno.make(totp_uri(device)).svg_data_uri(scale=5),
        "is_owner": _is_owner(request),
        "office": office,
    }
    return render(request, "accounts/two_factor.html", context, status=400 if form.errors else 200)


def _is_owner(request: HttpRequest) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role == Role.OWNER and membership.pk is not None
