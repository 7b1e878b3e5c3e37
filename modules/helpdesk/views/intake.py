"""E-mail intake screens: Administration > Helpdesk > E-mail intake (the mailbox, a test of
the connection, its health) and the staff's list of e-mails to triage or in quarantine (view
or download the raw message, assign to a client, retry, discard)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import admin_view, staff_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from common.storage import office_file_response, office_read
from modules.helpdesk.intake import selectors
from modules.helpdesk.intake.forms import AssignForm, IntakeSettingsForm
from modules.helpdesk.intake.services import (
    email_assign,
    email_discard,
    email_retry,
    intake_settings_get,
    intake_settings_update,
)
from modules.helpdesk.models import InboundEmail
from modules.helpdesk.policies import access_level, can_work

RAW_SHOWN_BYTES = 200_000


def _settings_page(request, form, *, status=200):
    return render(
        request,
        "helpdesk/intake/settings.html",
        {"form": form, "health": selectors.intake_health(), "settings": intake_settings_get()},
        status=status,
    )


@admin_view
def intake_settings_view(request: HttpRequest):
    row = intake_settings_get()
    form = IntakeSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password"}
        try:
            intake_settings_update(
                actor=request.user, data=data, password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            form_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("E-mail intake settings saved."))
            return redirect("helpdesk:intake_settings")
    return _settings_page(request, form, status=400 if form.errors else 200)


@admin_view
@require_POST
def intake_test_view(request: HttpRequest):
    """Log in with the stored settings (or the password typed now) and say what happened."""
    from modules.helpdesk.intake.fetching import connection_test

    password = request.POST.get("password") or None
    try:
        result = connection_test(intake_settings_get(), password=password)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Connected. Messages in the folder: %(count)s.") % {"count": result["messages"]},
        )
    return redirect("helpdesk:intake_settings")


def _worker(request) -> None:
    if not can_work(access_level(request.membership)):
        raise PermissionDenied


def _email(email_id: int) -> InboundEmail:
    email = selectors.email_get(email_id=email_id)
    if email is None:
        raise Http404
    return email


@staff_view
def intake_list_view(request: HttpRequest):
    _worker(request)
    status = request.GET.get("status") or InboundEmail.Status.TRIAGE
    if status not in InboundEmail.Status.values:
        status = InboundEmail.Status.TRIAGE
    counts = selectors.email_counts()
    return render(
        request,
        "helpdesk/intake/list.html",
        {
            "emails": selectors.email_list(status=status)[:200],
            "status": status,
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in InboundEmail.Status.choices
            ],
            "health": selectors.intake_health(),
        },
    )


@staff_view
def intake_raw_view(request: HttpRequest, email_id: int):
    """The raw message: as text on the page (never rendered as HTML), or the .eml file."""
    _worker(request)
    email = _email(email_id)
    if request.GET.get("download"):
        return office_file_response(
            email.raw_name,
            filename=f"email-{email.pk}.eml",
            content_type="message/rfc822",
            download=True,
        )
    try:
        raw = office_read(email.raw_name)[:RAW_SHOWN_BYTES]
    except (OSError, ValueError):
        raise Http404 from None
    response = HttpResponse(raw.decode("utf-8", errors="replace"), content_type="text/plain")
    response["Content-Type"] = "text/plain; charset=utf-8"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _decided(request, action):
    try:
        email = action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return None
    return email


@staff_view
@require_POST
def intake_assign_view(request: HttpRequest, email_id: int):
    _worker(request)
    email = _email(email_id)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a client."))
        return redirect("helpdesk:intake")
    from modules.clients.models import Client

    client = Client.objects.get(pk=form.cleaned_data["client"])
    done = _decided(request, lambda: email_assign(email=email, actor=request.user, client=client))
    if done is not None and done.request_id:
        messages.success(request, _("Request %(number)s raised.") % {"number": done.request.number})
        return redirect("helpdesk:detail", done.request_id)
    return redirect("helpdesk:intake")


@staff_view
@require_POST
def intake_retry_view(request: HttpRequest, email_id: int):
    _worker(request)
    email = _email(email_id)
    done = _decided(request, lambda: email_retry(email=email, actor=request.user))
    if done is not None:
        if done.status == InboundEmail.Status.QUARANTINE:
            messages.error(
                request, _("Still quarantined: %(reason)s") % {"reason": done.reason_label}
            )
        else:
            messages.success(
                request, _("Processed: %(status)s.") % {"status": done.get_status_display()}
            )
    return redirect(f"{reverse('helpdesk:intake')}?status=quarantine")


@staff_view
@require_POST
def intake_discard_view(request: HttpRequest, email_id: int):
    _worker(request)
    email = _email(email_id)
    before = email.status
    if _decided(request, lambda: email_discard(email=email, actor=request.user)) is not None:
        messages.success(request, _("E-mail discarded."))
    return redirect(f"{reverse('helpdesk:intake')}?status={before}")
