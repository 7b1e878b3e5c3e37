"""Administration: its entry page and the office's own sections (General, Team, Audit log).
Other apps' sections (Mail, Hand-over, Subscription...) live with their apps."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import admin_view, member_view
from common.administration import admin_nav
from common.exceptions import ApplicationError
from common.storage import office_file_response
from common.uploads import JPEG, PNG, StagedUpload, upload_discard, upload_stage, uploads_restored
from modules.office import validators
from modules.office.forms import GeneralForms
from modules.office.hooks import general_switches
from modules.office.selectors import office_logo_type
from modules.office.services import (
    PROFILE_FIELDS,
    office_details_update,
    office_profile_get,
)
from modules.scanrequests.services import settings_get as scan_request_settings_get
from tenants.services import OFFICE_EDITABLE_FIELDS


@admin_view
def administration_view(request: HttpRequest):
    """The menu entry: the first section this person may open."""
    entries = admin_nav(membership=request.membership, current_path=request.path)
    if not entries:
        raise Http404
    return redirect(entries[0]["url"])


def _initial(office) -> dict:
    profile = office_profile_get()
    initial = {field: getattr(office, field) for field in OFFICE_EDITABLE_FIELDS if field != "logo"}
    initial.update({field: getattr(profile, field) for field in PROFILE_FIELDS})
    initial["iban"] = profile.iban_display
    initial["phone"] = profile.phone_display
    initial["scan_requests_enabled"] = scan_request_settings_get().enabled
    initial.update({switch.key: switch.get() for switch in general_switches()})
    return initial


def _logo_kept(request: HttpRequest, form: GeneralForms, *, valid: bool) -> list[StagedUpload]:
    """The logo chosen on an attempt that failed on another field survives the re-shown
    page (common.uploads staging, bound to the person and this form): a new file replaces
    it, unticking it leaves it out. Before 2026-12-07 it was lost without a word."""
    scope = f"{request.user.pk}:office.logo"
    office_form = form["office"]
    upload = request.FILES.get("logo")
    if upload is not None:
        if valid or "logo" in office_form.errors:
            return []  # saved now, or refused (its error says why)
        upload.seek(0)
        try:
            return [
                upload_stage(
                    upload=upload,
                    kinds=(PNG, JPEG),
                    max_bytes=validators.LOGO_MAX_BYTES,
                    scope=scope,
                )
            ]
        except ApplicationError as exc:
            office_form.add_error("logo", exc.message)
            return []
    return uploads_restored(request.POST.getlist("logo_kept")[:1], scope=scope)


@admin_view
def general_view(request: HttpRequest):
    office = request.office
    form = GeneralForms(
        request.POST or None,
        request.FILES or None,
        initial=_initial(office),
        country=office.country,
    )
    kept: list[StagedUpload] = []
    if request.method == "POST":
        valid = form.is_valid()
        kept = _logo_kept(request, form, valid=valid)
        if valid and not form.errors:
            data = dict(form.cleaned_data)
            logo = data.pop("logo")
            if logo is None and kept:
                with kept[0].open() as file:
                    logo = file.read()
            try:
                office_details_update(
                    office=office,
                    actor=request.user,
                    data=data,
                    logo=logo,
                    logo_remove=data.pop("logo_remove"),
                )
            except ValidationError as exc:
                form.add_errors(exc)
            else:
                upload_discard(*kept)
                messages.success(request, _("Office details saved."))
                return redirect("office:general")
    return render(
        request,
        "office/general.html",
        {"form": form, "office": office, "logo_kept": kept},
        status=400 if form.errors else 200,
    )


@member_view
def logo_view(request: HttpRequest):
    content_type = office_logo_type(request.office)
    if not content_type:
        raise Http404
    response = office_file_response(
        request.office.logo, filename="logo", content_type=content_type, download=False
    )
    # The layout asks for it with the file's name in the query: a new logo is a new URL.
    response["Cache-Control"] = "private, max-age=3600"
    return response
