"""The super-console is for platform admins (User.is_staff) who passed a TOTP check in this
session. Every console view is wrapped by console_view; there is no other way in."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from accounts.handoff import SECOND_FACTOR_SESSION_KEY as TWO_FACTOR_SESSION_KEY


def two_factor_passed(request) -> bool:
    return request.session.get(TWO_FACTOR_SESSION_KEY) == request.user.pk


def console_view(view=None, *, two_factor: bool = True):
    def decorator(func):
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (request.user.is_active and request.user.is_staff):
                return TemplateResponse(request, "console/forbidden.html", status=403)
            if two_factor and not two_factor_passed(request):
                return redirect("console:two_factor")
            return func(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator
