"""Administration > Helpdesk: approval rule, automatic acceptance, categories, access types."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import admin_view
from common.forms import form_service_errors
from common.names import NAME_LANGUAGES
from modules.helpdesk import selectors
from modules.helpdesk.forms import (
    AccessForm,
    CannedReplyForm,
    CategoryForm,
    CategoryNamesForm,
    FieldForm,
    RouteForm,
    SettingsForm,
    TeamForm,
)
from modules.helpdesk.models import Category, Team
from modules.helpdesk.services import (
    access_set,
    canned_reply_create,
    category_create,
    category_rename,
    category_route,
    field_create,
    settings_get,
    settings_update,
    team_save,
)


def _render(
    request,
    *,
    form,
    category_form,
    access_form=None,
    canned_form=None,
    team_form=None,
    route_form=None,
    field_form=None,
    status=200,
):
    teams = selectors.team_list()
    categories = selectors.category_list()
    return render(
        request,
        "helpdesk/settings.html",
        {
            "form": form,
            "category_form": category_form,
            "teams": teams,
            "team_form": team_form or TeamForm(teams=teams, people=selectors.staff_people()),
            "route_form": route_form or RouteForm(categories=categories, teams=teams),
            "field_form": field_form or FieldForm(categories=categories),
            "custom_fields": selectors.custom_fields(active_only=False),
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
        category_form=CategoryForm(categories=categories, teams=selectors.team_list()),
        status=400 if form.errors else 200,
    )


@require_POST
@admin_view
def category_add_view(request: HttpRequest):
    categories = selectors.category_list()
    form = CategoryForm(request.POST, categories=categories, teams=selectors.team_list())
    if form.is_valid():
        data = form.cleaned_data
        try:
            category_create(
                actor=request.user,
                names=form.names(),
                parent=Category.objects.filter(pk=data["parent"]).first()
                if data["parent"]
                else None,
                requires_approval=data["requires_approval"],
                team=Team.objects.filter(pk=data["team"]).first() if data["team"] else None,
            )
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Category added."))
            return redirect("helpdesk:settings")
    return _render(
        request, form=SettingsForm(instance=settings_get()), category_form=form, status=400
    )


@admin_view
def category_edit_view(request: HttpRequest, category_id: int):
    """A category's names per language (the office's required; the others fall back to
    it): the panel, e-mails, reports and PDFs name it in their reader's language."""
    category = get_object_or_404(Category, pk=category_id)
    form = CategoryNamesForm(
        request.POST or None,
        initial={f"name_{code}": getattr(category, f"name_{code}") for code in NAME_LANGUAGES},
    )
    if request.method == "POST" and form.is_valid():
        try:
            category_rename(actor=request.user, category=category, names=form.names())
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("helpdesk:settings")
    return render(
        request,
        "helpdesk/category_edit.html",
        {"category": category, "form": form},
        status=400 if form.errors else 200,
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
        category_form=CategoryForm(categories=categories, teams=selectors.team_list()),
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
        category_form=CategoryForm(
            categories=selectors.category_list(), teams=selectors.team_list()
        ),
        canned_form=form,
        status=400,
    )


def _number(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


def _plain(request, **forms):
    return _render(
        request,
        form=SettingsForm(instance=settings_get()),
        category_form=CategoryForm(
            categories=selectors.category_list(), teams=selectors.team_list()
        ),
        status=400,
        **forms,
    )


@require_POST
@admin_view
def team_view(request: HttpRequest):
    """A new team, or a team renamed / its members set."""
    from common.exceptions import ApplicationError

    teams = selectors.team_list()
    form = TeamForm(request.POST, teams=teams, people=selectors.staff_people())
    if form.is_valid():
        data = form.cleaned_data
        try:
            team_save(
                actor=request.user,
                team=Team.objects.filter(pk=data["team"]).first() if data["team"] else None,
                name=data["name"],
                member_ids=data["members"],
            )
        except (ApplicationError, ValidationError) as exc:
            from modules.helpdesk.views.common import service_errors

            service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("helpdesk:settings")
    return _plain(request, team_form=form)


@require_POST
@admin_view
def route_view(request: HttpRequest):
    """The team a category's new requests go to (404 for a category this office lacks)."""
    from django.shortcuts import get_object_or_404

    get_object_or_404(Category, pk=_number(request.POST.get("category")))
    teams = selectors.team_list()
    form = RouteForm(request.POST, categories=selectors.category_list(), teams=teams)
    if form.is_valid():
        data = form.cleaned_data
        category_route(
            actor=request.user,
            category=Category.objects.get(pk=data["category"]),
            team=Team.objects.filter(pk=data["team"]).first() if data["team"] else None,
        )
        messages.success(request, _("Changes saved."))
        return redirect("helpdesk:settings")
    return _plain(request, route_form=form)


@require_POST
@admin_view
def field_add_view(request: HttpRequest):
    """A custom field of a category (T8); 404 for a category this office lacks."""
    from django.shortcuts import get_object_or_404

    category = get_object_or_404(Category, pk=_number(request.POST.get("category")))
    form = FieldForm(request.POST, categories=selectors.category_list(active_only=False))
    if form.is_valid():
        data = form.cleaned_data
        try:
            field_create(
                actor=request.user,
                category=category,
                label=data["label"],
                kind=data["kind"],
                required=data["required"],
                choices=data["choices"].splitlines(),
            )
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Field added."))
            return redirect("helpdesk:settings")
    return _plain(request, field_form=form)
