"""The Django admin behind the console's second factor: a platform superuser's password
alone opens nothing there (memberships and API tokens are edited in it)."""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from console.access import two_factor_passed


class TwoFactorAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        return super().has_permission(request) and two_factor_passed(request)

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_authenticated and user.is_staff and not two_factor_passed(request):
            target = request.GET.get("next") or reverse("admin:index")
            return redirect(f"{reverse('admin_two_factor')}?{urlencode({'next': target})}")
        return super().login(request, extra_context)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapped(request, *args, **kwargs):
            # Signed in but not past the second factor: to the code page, not the login form.
            user = request.user
            if user.is_authenticated and user.is_staff and not two_factor_passed(request):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('admin_two_factor')}?{query}")
            return inner(request, *args, **kwargs)

        return wrapped
