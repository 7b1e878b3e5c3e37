"""Office admin screens: notification settings and the template editor."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import admin_view
from common.forms import form_service_errors
from modules.notifications.channels.email import html_body
from modules.notifications.channels.sms import sms_length
from modules.notifications.forms import SettingsForm, TemplateForm
from modules.notifications.hooks import LANGUAGES, event_get
from modules.notifications.selectors import template_default_news, template_overview
from modules.notifications.services import (
    settings_get,
    settings_update,
    template_errors,
    template_reset,
    template_save,
)
from modules.notifications.services.notify import sample_message, template_sources
from modules.notifications.views import page as page_context


@admin_view
def settings_view(request: HttpRequest):
    row = settings_get()
    form = SettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        fields = form.settings_fields()
        try:
            settings_update(actor=request.user, office_channels=form.office_channels(), **fields)
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Notification settings saved."))
            return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        page_context("settings", form=form),
        status=400 if form.errors else 200,
    )


@admin_view
def template_list_view(request: HttpRequest):
    return render(
        request,
        "notifications/template_list.html",
        page_context(
            "templates",
            overview=(overview := template_overview()),
            any_news=any(news for row in overview for _lang, _own, news in row["languages"]),
        ),
    )


def _event_or_404(event: str, language: str):
    if language not in LANGUAGES:
        raise Http404
    try:
        return event_get(event)
    except LookupError:
        raise Http404 from None


def _preview(event, language: str, data: dict, office) -> dict:
    message = sample_message(
        event=event,
        language=language,
        office=office,
        sources=(data["subject"], data["body"], data["sms"]),
    )
    return {
        "subject": message.subject,
        "text": message.body,
        "html": html_body(message.body),
        "sms": message.sms,
        "sms_length": sms_length(message.sms),
    }


@admin_view
def template_edit_view(request: HttpRequest, event: str, language: str):
    event_type = _event_or_404(event, language)
    subject, body, sms = template_sources(event_type, language)
    form = TemplateForm(
        request.POST or None, initial={"subject": subject, "body": body, "sms": sms}
    )
    if request.method == "POST" and form.is_valid():
        try:
            template_save(event=event, language=language, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Template saved."))
            return redirect("notifications:template_edit", event=event, language=language)
    data = (
        form.cleaned_data
        if form.is_bound and form.is_valid()
        else {"subject": subject, "body": body, "sms": sms}
    )
    preview = None if form.errors else _preview(event_type, language, data, request.office)
    context = page_context(
        "templates",
        event=event_type,
        language=language,
        form=form,
        preview=preview,
        variables=event_type.all_variables().items(),
        languages=LANGUAGES,
        news=template_default_news(event=event, language=language),
    )
    return render(
        request, "notifications/template_edit.html", context, status=400 if form.errors else 200
    )


@require_POST
@admin_view
def template_preview_view(request: HttpRequest, event: str, language: str):
    event_type = _event_or_404(event, language)
    form = TemplateForm(request.POST)
    errors, preview = {}, None
    if form.is_valid():
        errors = template_errors(event=event, **form.cleaned_data)
        if not errors:
            preview = _preview(event_type, language, form.cleaned_data, request.office)
    else:
        errors = {field: list(errs) for field, errs in form.errors.items()}
    return render(
        request, "notifications/partials/preview.html", {"preview": preview, "errors": errors}
    )


@require_POST
@admin_view
def template_reset_view(request: HttpRequest, event: str, language: str):
    _event_or_404(event, language)
    template_reset(event=event, language=language, actor=request.user)
    messages.success(request, _("The default wording is back."))
    return redirect("notifications:template_edit", event=event, language=language)
