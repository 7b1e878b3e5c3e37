"""Staff: generate a document for a client, upload a file as one, the document page
(versions, generate again, share), downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from common.storage import office_file_response
from common.uploads import upload_discard, upload_stage
from modules.clients.hooks import client_tab_response
from modules.clients.selectors import client_get
from modules.documents import selectors
from modules.documents.files import UPLOAD_KINDS, UPLOAD_MAX_BYTES
from modules.documents.forms import GenerateForm, RegenerateForm, UploadForm
from modules.documents.services import (
    document_generate,
    document_regenerate,
    document_share,
    document_upload,
    package_missing_message,
)


def _client(request, client_id: int):
    client = client_get(membership=request.membership, client_id=client_id)
    if client is None:
        raise Http404
    return client


def _document(request, document_id: int):
    document = selectors.document_get(membership=request.membership, document_id=document_id)
    if document is None:
        raise Http404
    return document


@staff_view
def generate_view(request: HttpRequest, client_id: int, template_id: int):
    client = _client(request, client_id)
    template = selectors.template_get(template_id=template_id, active_only=True)
    if template is None:
        raise Http404
    form = GenerateForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            document = document_generate(
                template=template,
                client=client,
                actor=request.user,
                title=form.cleaned_data["title"],
                field_values=form.field_values(),
                share=form.cleaned_data["share"],
            )
        except (ApplicationError, ValidationError) as exc:
            form_service_errors(form, exc)
        else:
            messages.success(
                request, _("Document %(number)s generated.") % {"number": document.number}
            )
            return redirect("documents:detail", document.pk)
    return render(
        request,
        "documents/generate.html",
        {"client": client, "template": template, "form": form},
        status=400 if form.errors else 200,
    )


@staff_view
@require_POST
def upload_view(request: HttpRequest, client_id: int):
    client = _client(request, client_id)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            staged = upload_stage(
                upload=form.cleaned_data["file"], kinds=UPLOAD_KINDS, max_bytes=UPLOAD_MAX_BYTES
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            try:
                document = document_upload(
                    client=client,
                    upload=staged,
                    title=form.cleaned_data["title"],
                    actor=request.user,
                    share=form.cleaned_data["share"],
                )
            except (ApplicationError, ValidationError) as exc:
                upload_discard(staged)
                form_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Document %(number)s saved.") % {"number": document.number}
                )
                return redirect("documents:detail", document.pk)
    # Refused: the card's Documents tab again, the form open with the title typed and the
    # reason at its field (the file is chosen again: a browser keeps no file field).
    return client_tab_response(
        request,
        client.pk,
        "documents",
        context={"upload_form": form, "upload_open": True},
        status=400,
    )


@staff_view
def detail_view(request: HttpRequest, document_id: int):
    document = _document(request, document_id)
    asked = selectors.regenerate_packages_asked(document=document)
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "versions": selectors.version_list(document=document),
            "regenerate_form": RegenerateForm(fields=asked) if asked else None,
        },
    )


@staff_view
@require_POST
def regenerate_view(request: HttpRequest, document_id: int):
    document = _document(request, document_id)
    asked = selectors.regenerate_packages_asked(document=document)
    form = RegenerateForm(request.POST, fields=asked)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(
                package_missing_message(field)
                for field in asked
                if f"field_{field['key']}" in form.errors
            ),
        )
        return redirect("documents:detail", document.pk)
    values = {**document.field_values, **form.field_values()} if asked else None
    try:
        document = document_regenerate(document=document, actor=request.user, field_values=values)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:  # the client's package ended since the page was shown
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Version %(version)s generated.") % {"version": document.version}
        )
    return redirect("documents:detail", document.pk)


@staff_view
@require_POST
def share_view(request: HttpRequest, document_id: int):
    document = _document(request, document_id)
    shared = request.POST.get("shared") == "1"
    text = request.POST.get("message", "")
    try:
        document_share(document=document, actor=request.user, shared=shared, message=text)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("documents:detail", document.pk)
    messages.success(
        request,
        (
            _("The client sees the document in their panel and has a message with it.")
            if text.strip()
            else _("The client sees the document in their panel.")
        )
        if shared
        else _("The document is no longer shown to the client."),
    )
    return redirect("documents:detail", document.pk)


@staff_view
def download_view(request: HttpRequest, document_id: int, version: int | None = None):
    document = _document(request, document_id)
    row = selectors.version_get(membership=request.membership, document=document, version=version)
    if row is None:
        raise Http404
    return office_file_response(
        row.path, filename=row.original_name, content_type=row.content_type, download=True
    )
