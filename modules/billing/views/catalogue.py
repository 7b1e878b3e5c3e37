"""Administration > Services and packages (A1, A2)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import admin_view
from common.forms import form_service_errors
from modules.billing import selectors
from modules.billing.forms import PackageForm, ServiceForm
from modules.billing.models import Package, Service
from modules.billing.services import package_create, package_update, service_create, service_update


def _saved(request: HttpRequest, form, call) -> bool:
    """`call(actor=, data=)` with the form's data: True when saved, else the service's
    errors are on the form."""
    try:
        call(actor=request.user, data=form.cleaned_data)
    except ValidationError as exc:
        form_service_errors(form, exc)
        return False
    messages.success(request, _("Saved."))
    return True


@admin_view
def catalogue_view(request: HttpRequest):
    kind = request.POST.get("kind")
    service_form = ServiceForm(request.POST if kind == "service" else None, prefix="s")
    package_form = PackageForm(request.POST if kind == "package" else None, prefix="p")
    form, create = {
        "service": (service_form, service_create),
        "package": (package_form, package_create),
    }.get(kind, (None, None))
    if form is not None and form.is_valid() and _saved(request, form, create):
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


def _edit(request: HttpRequest, pk: int, *, model, form_class, update, name: str, kind: str):
    """Change one service or package: the form shows its values, re-shows what was typed
    when refused, and the service saves and audits only what differs."""
    current = get_object_or_404(model, pk=pk)
    # The form works on its own copy: the service compares the stored row with the input.
    form = form_class(request.POST or None, instance=model.objects.get(pk=current.pk))
    save = partial(update, **{name: current})
    if request.method == "POST" and form.is_valid() and _saved(request, form, save):
        return redirect("billing:catalogue")
    return render(
        request,
        "billing/catalogue_edit.html",
        {"form": form, "object": current, "kind": kind},
        status=400 if form.errors else 200,
    )


@admin_view
def service_edit_view(request: HttpRequest, pk: int):
    return _edit(
        request,
        pk,
        model=Service,
        form_class=ServiceForm,
        update=service_update,
        name="service",
        kind="service",
    )


@admin_view
def package_edit_view(request: HttpRequest, pk: int):
    return _edit(
        request,
        pk,
        model=Package,
        form_class=PackageForm,
        update=package_update,
        name="package",
        kind="package",
    )
