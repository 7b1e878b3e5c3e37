from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.handoff import handoff_token_create
from accounts.models import ADMIN_ROLES, Membership
from common.emails import platform_email_failed_list, platform_email_retry
from common.exceptions import ApplicationError
from common.redirects import redirect_safe
from console.access import TWO_FACTOR_SESSION_KEY, console_view
from console.forms import CodeForm, ReasonForm
from console.models import SupportAccess, TwoFactorDevice
from console.selectors import console_figures, console_office_list, failed_job_list
from console.services import (
    office_reactivate,
    office_suspend,
    support_access_end,
    support_access_start,
    totp_device_start,
    totp_uri,
    totp_verify,
)
from tenants.models import Office
from tenants.services import office_usage_measure
from tenants.usage import usage_cells, usage_words

# The figures the office list shows, in its columns' order.
LIST_FIGURES = (
    "staff_users",
    "client_users",
    "mail_items_month",
    "sms_parts_sent_month",
    "storage_bytes",
)


@console_view(two_factor=False)
def two_factor_view(request: HttpRequest):
    """Enrol (first time: the secret and otpauth URI to type into an app) or verify."""
    device = TwoFactorDevice.objects.filter(user=request.user).first()
    if device is None or (device.confirmed_at is None and request.method == "GET"):
        device = totp_device_start(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = totp_verify(user=request.user, code=form.cleaned_data["code"])
        except ApplicationError as exc:
            form.add_error("code", exc.message)
        else:
            if verified:
                request.session.cycle_key()
                request.session[TWO_FACTOR_SESSION_KEY] = request.user.pk
                return redirect_safe(request, request.GET.get("next"), fallback="console:home")
            form.add_error(
                "code", _("This code is not valid. Check your device's clock and try again.")
            )
    context = {
        "form": form,
        "enrolling": device.confirmed_at is None,
        "secret": device.secret if device.confirmed_at is None else "",
        "uri": totp_uri(device) if device.confirmed_at is None else "",
    }
    return render(request, "console/two_factor.html", context, status=400 if form.errors else 200)


@console_view
def home_view(request: HttpRequest):
    figures = console_figures()
    context = {"figures": figures, "failed_jobs": len(failed_job_list(limit=1000))}
    return render(request, "console/home.html", context)


@console_view
def office_list_view(request: HttpRequest):
    offices = console_office_list(
        search=request.GET.get("q", ""), state=request.GET.get("state", "")
    )
    page = Paginator(offices, 50).get_page(request.GET.get("page"))
    for office in page:
        # Formatted as the office page formats them; "—" until first measured.
        office.usage_row = getattr(office, "usage", None)
        office.usage_cells = usage_cells(office.usage_row, LIST_FIGURES)
    return render(
        request,
        "console/office_list.html",
        {"page": page, "q": request.GET.get("q", ""), "states": Office.State.choices},
    )


@console_view
def office_detail_view(request: HttpRequest, office_id: int):
    office = get_object_or_404(console_office_list(), pk=office_id)
    usage = getattr(office, "usage", None)
    context = {
        "office": office,
        "subscription": getattr(office, "subscription", None),
        "usage": usage,
        "usage_words": usage_words(usage.figures) if usage is not None else [],
        "admins": Membership.objects.filter(
            office=office, role__in=ADMIN_ROLES, is_active=True
        ).select_related("user"),
        "accesses": SupportAccess.objects.filter(office=office).select_related("user")[:20],
        "reason_form": ReasonForm(),
        "support_minutes": settings.SUPPORT_ACCESS_MINUTES,
    }
    return render(request, "console/office_detail.html", context)


def _office(office_id: int) -> Office:
    return get_object_or_404(console_office_list(), pk=office_id)


@require_POST
@console_view
def office_usage_measure_view(request: HttpRequest, office_id: int):
    office = _office(office_id)
    office_usage_measure(office=office)
    messages.success(request, _("The usage of %(office)s is measured.") % {"office": office.name})
    return redirect("console:office_detail", office_id=office.pk)


@require_POST
@console_view
def office_suspend_view(request: HttpRequest, office_id: int):
    office = _office(office_id)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_("Say why the office is suspended."))
        office_suspend(office=office, user=request.user, reason=form.cleaned_data["reason"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(office)s is suspended.") % {"office": office.name})
    return redirect("console:office_detail", office_id=office.pk)


@require_POST
@console_view
def office_reactivate_view(request: HttpRequest, office_id: int):
    office = _office(office_id)
    try:
        office_reactivate(office=office, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(office)s is active again.") % {"office": office.name})
    return redirect("console:office_detail", office_id=office.pk)


@require_POST
@console_view
def office_enter_view(request: HttpRequest, office_id: int):
    office = _office(office_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you need to enter this office."))
        return redirect("console:office_detail", office_id=office.pk)
    try:
        support_access_start(office=office, user=request.user, reason=form.cleaned_data["reason"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("console:office_detail", office_id=office.pk)
    token = handoff_token_create(user=request.user, host=office.host, request=request)
    return HttpResponseRedirect(f"{office.url}/accounts/handoff/?t={token}")


@require_POST
@console_view
def support_end_view(request: HttpRequest, access_id: int):
    access = get_object_or_404(SupportAccess.objects.select_related("office"), pk=access_id)
    support_access_end(access=access, user=request.user)
    messages.success(request, _("Support access ended."))
    return redirect("console:office_detail", office_id=access.office_id)


@console_view
def failed_jobs_view(request: HttpRequest):
    return render(
        request,
        "console/failed_jobs.html",
        {"jobs": failed_job_list(), "emails": platform_email_failed_list()},
    )


@require_POST
@console_view
def email_retry_view(request: HttpRequest, email_id: int):
    """A platform e-mail that ran out of attempts, sent again (common.emails)."""
    if platform_email_retry(pk=email_id):
        messages.success(request, _("The e-mail is queued to be sent again."))
    else:
        messages.info(request, _("This e-mail is no longer waiting to be sent again."))
    return redirect("console:failed_jobs")
