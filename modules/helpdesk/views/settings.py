"""Administration > Helpdesk: approval rule, automatic acceptance, categories, access types."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import admin_view
from common.forms import form_service_errors
from modules.helpdesk import selectors
from modules.helpdesk.forms import AccessForm, CannedReplyForm, CategoryForm, SettingsForm
from modules.helpdesk.models import Category
from modules.helpdesk.services import (
    access_set,
    canned_reply_create,
    category_create,
    settings_get,
    settings_update,
)


def _render(request, *, form, category_form, access_form=None, canned_form=None, status=200):
    return render(
        request,
        "helpdesk/settings.html",
        {
            "form": form,
            "category_form": category_form,
            "access_form": access_form or AccessForm(),
            "access_rows": selectors.access_rows(),
            "canned_form": canned_form or CannedReplyForm(),
            "canned_replies": selectors.canned_replies(),
            "categories": selectors.category_list(active_only=False),
        },
        status=status,
    )


@admin_view
def settings_view(request: HttpRequest):
    categories = selectors.category_list()
    form = SettingsForm(request.POST or None, instance=settings_get())
    if request.method == "POST" and form.is_valid():
        try:
            settings_update(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("helpdesk:settings")
    return _render(
        request,
        form=form,
        category_form=CategoryForm(categories=categories),
        status=400 if form.errors else 200,
    )


@require_POST
@admin_view
def category_add_view(request: HttpRequest):
    categories = selectors.category_list()
    form = CategoryForm(request.POST, categories=categories)
    if form.is_valid():
        data = form.cleaned_data
        try:
            category_create(
                actor=request.user,
                name=data["name"],
                parent=Category.objects.filter(pk=data["parent"]).first()
                if data["parent"]
                else None,
                requires_approval=data["requires_approval"],
            )
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Category added."))
            return redirect("helpdesk:settings")
    return _render(
        request, form=SettingsForm(instance=settings_get()), category_form=form, status=400
    )


@require_POST
@admin_view
def access_view(request: HttpRequest):
    from accounts.models import User
    from common.exceptions import ApplicationError
    from modules.clients.models import Client

    form = AccessForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(email__iexact=data["email"]).first()
        client = Client.objects.filter(pk=data["client"]).first() if data["client"] else None
        if user is None or (data["client"] and client is None):
            form.add_error(None, _("This person has no such membership in this office."))
        else:
            try:
                access_set(
                    actor=request.user,
                    user_id=user.pk,
                    client=client,
                    level=data["level"],
                    check=True,
                )
            except (ApplicationError, ValidationError) as exc:
                from modules.helpdesk.views.common import service_errors

                service_errors(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("helpdesk:settings")
    categories = selectors.category_list()
    return _render(
        request,
        form=SettingsForm(instance=settings_get()),
        category_form=CategoryForm(categories=categories),
        access_form=form,
        status=400,
    )


@require_POST
@admin_view
def canned_reply_add_view(request: HttpRequest):
    form = CannedReplyForm(request.POST)
    if form.is_valid():
        try:
            canned_reply_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("helpdesk:settings")
    return _render(
        request,
        form=SettingsForm(instance=settings_get()),
        category_form=CategoryForm(categories=selectors.category_list()),
        canned_form=form,
        status=400,
    )
