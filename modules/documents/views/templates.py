"""Administration > Document templates (owners and admins): the list, the editor with the
variables beside it, and the preview."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import admin_view
from common.forms import form_service_errors
from modules.documents import selectors, variables
from modules.documents.forms import TemplateForm
from modules.documents.services import (
    template_create,
    template_fields_parse,
    template_fields_text,
    template_preview,
    template_update,
)


@admin_view
def template_list_view(request: HttpRequest):
    templates = selectors.template_list(language=request.office.language)
    return render(request, "documents/template_list.html", {"templates": templates})


def _save(request, form, template=None):
    data = dict(form.cleaned_data)
    try:
        data["fields"] = template_fields_parse(data.get("fields") or "")
        if template is None:
            return template_create(actor=request.user, data=data)
        return template_update(template=template, actor=request.user, data=data)
    except ValidationError as exc:
        form_service_errors(form, exc)
        return None


@admin_view
def template_edit_view(request: HttpRequest, template_id: int | None = None):
    template = None
    if template_id is not None:
        template = selectors.template_get(template_id=template_id)
        if template is None:
            raise Http404
    initial = (
        {
            "name": template.name,
            "language": template.language,
            "body": template.body,
            "fields": template_fields_text(template.fields),
            "active": template.active,
        }
        if template
        else {"active": True, "language": request.LANGUAGE_CODE[:2]}
    )
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, template)
        if saved is not None:
            messages.success(request, _("Template saved."))
            return redirect("documents:template_edit", saved.pk)
    fields = template.fields if template else []
    return render(
        request,
        "documents/template_edit.html",
        {
            "form": form,
            "template": template,
            "groups": variables.variable_groups(country=request.tenant.country),
            "free_fields": [
                (name, description)
                for field in fields
                for name, description in variables.field_variables(field).items()
            ],
        },
        status=400 if form.errors else 200,
    )


@admin_view
@require_POST
def template_preview_view(request: HttpRequest):
    try:
        fields = template_fields_parse(request.POST.get("fields", ""))
    except ValidationError as exc:
        html, problems = "", exc.message_dict.get("fields", [])
    else:
        html, problems = template_preview(
            body=request.POST.get("body", ""),
            fields=fields,
            language=request.POST.get("language", "")[:2] or request.tenant.language,
            office=request.tenant,
        )
    return render(
        request, "documents/partials/preview.html", {"preview": html, "problems": problems}
    )
