"""Platform support inside an office: a platform admin with an active SupportAccess acts as
an office administrator there until it expires (placed after MembershipMiddleware)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Membership, Role
from console.access import two_factor_passed
from console.models import SupportAccess


class SupportAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.support_access = None
        office = getattr(request, "office", None)
        user = request.user
        if (
            office is not None
            and request.membership is None
            and user.is_authenticated
            and user.is_staff
            # Support access is a platform admin's power: only in a session that passed the
            # second factor (the console's hand-off carries it), never on a password alone.
            and two_factor_passed(request)
        ):
            access = (
                SupportAccess.objects.filter(
                    office=office, user=user, ended_at__isnull=True, expires_at__gt=timezone.now()
                )
                .order_by("-expires_at")
                .first()
            )
            if access is not None:
                request.support_access = access
                # Never saved: the office's team list shows real members only.
                request.membership = Membership(user=user, office=office, role=Role.ADMIN)
        return self.get_response(request)
