"""Import (XLSX/CSV) and export (XLSX) of the card file; the office's custom fields."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.access import admin_view, staff_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from common.htmx import render_page_or_partial
from modules.clients.exports import client_export_file_name, client_export_xlsx
from modules.clients.forms import CustomFieldForm, ImportMappingForm, ImportUploadForm
from modules.clients.models import ClientImport, CustomField
from modules.clients.selectors import client_custom_fields
from modules.clients.services.clients import custom_field_save
from modules.clients.services.imports import (
    client_import_configure,
    client_import_preview,
    client_import_progress,
    client_import_start,
    client_import_upload,
    import_targets,
)


@staff_view
def client_export_view(request: HttpRequest):
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{client_export_file_name()}"'
    client_export_xlsx(
        membership=request.membership, stream=response, status=request.GET.get("status", "")
    )
    return response


@admin_view
def import_upload_view(request: HttpRequest):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = client_import_upload(
                upload=form.cleaned_data["file"], actor=request.user, language=get_language()
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("clients:import_mapping", import_id=job.pk)
    recent = ClientImport.objects.all()[:10]
    return render(
        request,
        "clients/import_upload.html",
        {"form": form, "recent": recent},
        status=400 if form.errors else 200,
    )


@admin_view
def import_mapping_view(request: HttpRequest, import_id: int):
    """Column mapping and mode; "preview" shows the first rows checked, "start" imports."""
    job = get_object_or_404(ClientImport, pk=import_id)
    if job.status not in (ClientImport.Status.UPLOADED, ClientImport.Status.FAILED):
        return redirect("clients:import_progress", import_id=job.pk)
    targets = import_targets(client_custom_fields())
    initial = {"mode": job.mode, **{f"col_{k}": v for k, v in job.mapping.items()}}
    form = ImportMappingForm(
        request.POST or None, columns=job.columns, targets=targets, initial=initial
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            client_import_configure(job=job, mapping=form.mapping(), mode=form.cleaned_data["mode"])
            if request.POST.get("action") == "start":
                job = client_import_start(job=job, actor=request.user)
                return redirect("clients:import_progress", import_id=job.pk)
            preview = client_import_preview(job=job)
        except (ApplicationError, ValidationError) as exc:
            form.add_error(None, getattr(exc, "message", None) or exc.messages)
    context = {
        "job": job,
        "form": form,
        "preview": preview,
        "mapped": [form[f"col_{i}"] for i in range(len(job.columns))],
    }
    return render(
        request, "clients/import_mapping.html", context, status=400 if form.errors else 200
    )


@admin_view
def import_progress_view(request: HttpRequest, import_id: int):
    job = get_object_or_404(ClientImport, pk=import_id)
    progress = client_import_progress(job=job)
    percent = int(100 * progress["done"] / progress["total"]) if progress["total"] else 100
    context = {
        "job": job,
        "progress": progress,
        "percent": percent,
        "running": job.status in (ClientImport.Status.QUEUED, ClientImport.Status.RUNNING),
    }
    return render_page_or_partial(
        request,
        page="clients/import_progress.html",
        partial="clients/partials/import_progress.html",
        context=context,
    )


@admin_view
def custom_field_list_view(request: HttpRequest, field_id: int | None = None):
    field = get_object_or_404(CustomField, pk=field_id) if field_id else None
    initial = (
        {k: getattr(field, k) for k in ("name", "kind", "order", "is_active")}
        if field
        else {"is_active": True}
    )
    form = CustomFieldForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            custom_field_save(actor=request.user, data=form.cleaned_data, field=field)
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("clients:custom_fields")
    return render(
        request,
        "clients/custom_fields.html",
        {"form": form, "fields": client_custom_fields(active_only=False), "field": field},
        status=400 if form.errors else 200,
    )
