"""Administration > Services and packages (A1, A2)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import admin_view
from common.forms import form_service_errors
from modules.billing import selectors
from modules.billing.forms import PackageForm, ServiceForm
from modules.billing.services import package_create, service_create


@admin_view
def catalogue_view(request: HttpRequest):
    kind = request.POST.get("kind")
    service_form = ServiceForm(request.POST if kind == "service" else None, prefix="s")
    package_form = PackageForm(request.POST if kind == "package" else None, prefix="p")
    form, create = {
        "service": (service_form, service_create),
        "package": (package_form, package_create),
    }.get(kind, (None, None))
    if form is not None and form.is_valid():
        try:
            create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("billing:catalogue")
    return render(
        request,
        "billing/catalogue.html",
        {
            "services": selectors.service_list(),
            "packages": selectors.package_list(),
            "service_form": service_form,
            "package_form": package_form,
        },
        status=400 if form is not None and form.errors else 200,
    )
