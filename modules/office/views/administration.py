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
from common.storage import office_file_response
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


@admin_view
def general_view(request: HttpRequest):
    office = request.office
    form = GeneralForms(
        request.POST or None,
        request.FILES or None,
        initial=_initial(office),
        country=office.country,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        logo = data.pop("logo")
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
            messages.success(request, _("Office details saved."))
            return redirect("office:general")
    return render(
        request,
        "office/general.html",
        {"form": form, "office": office},
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
