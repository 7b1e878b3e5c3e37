"""Administration > Settings > Mail: the alert switch, scan size, statuses, types and the
scanners' FTP accounts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import admin_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from modules.mail.forms import MailSettingsForm, ScannerForm, StatusForm, TypeForm
from modules.mail.models import MailStatus, MailType, ScannerAccount
from modules.mail.services import (
    scanner_account_create,
    scanner_account_update,
    settings_get,
    settings_update,
    status_save,
    type_save,
)


def _errors(form, exc) -> None:
    if isinstance(exc, ApplicationError):
        form.add_error(None, exc.message)
    else:
        form_service_errors(form, exc)


@admin_view
def settings_view(request):
    form = _settings_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        settings_update(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("mail:settings")
    return _settings_page(request, form=form, scanner_form=ScannerForm())


def _settings_form(data=None) -> MailSettingsForm:
    current = settings_get()
    return MailSettingsForm(
        data,
        instance=None,
        initial={
            "missing_attachment_alert": current.missing_attachment_alert,
            "scan_max_mb": current.scan_max_mb,
            "notify_default": current.notify_default,
        },
    )


def _settings_page(request, *, form, scanner_form):
    """The settings page, 400 with what was typed when either of its forms was refused."""
    return render(
        request,
        "mail/settings/index.html",
        {
            "form": form,
            "statuses": MailStatus.objects.all(),
            "types": MailType.objects.all(),
            "scanners": ScannerAccount.objects.all(),
            "scanner_form": scanner_form,
            "office_slug": request.office.slug,
        },
        status=400 if form.errors or scanner_form.errors else 200,
    )


def _edit(request, *, form_class, instance, save, title):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data, instance)
        except (ApplicationError, ValidationError) as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("mail:settings")
    return render(
        request,
        "mail/settings/edit.html",
        {"form": form, "title": title},
        status=400 if form.errors else 200,
    )


@admin_view
def status_edit_view(request, status_id: int | None = None):
    status = get_object_or_404(MailStatus, pk=status_id) if status_id else None
    original = MailStatus.objects.get(pk=status.pk) if status else None
    return _edit(
        request,
        form_class=StatusForm,
        instance=status,
        save=lambda data, _i: status_save(actor=request.user, data=data, status=original),
        title=_("Mail status"),
    )


@admin_view
def type_edit_view(request, type_id: int | None = None):
    mail_type = get_object_or_404(MailType, pk=type_id) if type_id else None
    original = MailType.objects.get(pk=mail_type.pk) if mail_type else None
    return _edit(
        request,
        form_class=TypeForm,
        instance=mail_type,
        save=lambda data, _i: type_save(actor=request.user, data=data, mail_type=original),
        title=_("Mail type"),
    )


@require_POST
@admin_view
def scanner_create_view(request):
    form = ScannerForm(request.POST)
    if form.is_valid():
        try:
            scanner_account_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password"],
            )
        except (ApplicationError, ValidationError) as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Scanner account added."))
            return redirect("mail:settings")
    # Refused: the page again with the name typed and the words at their field.
    return _settings_page(request, form=_settings_form(), scanner_form=form)


@require_POST
@admin_view
def scanner_update_view(request, account_id: int):
    account = get_object_or_404(ScannerAccount, pk=account_id)
    try:
        scanner_account_update(
            account=account,
            actor=request.user,
            password=request.POST.get("password", ""),
            is_active=request.POST.get("is_active") == "on"
            if "active_form" in request.POST
            else None,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Changes saved."))
    return redirect("mail:settings")
