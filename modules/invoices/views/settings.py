"""Administration > Invoices: numbering, payment terms, reminders, PDF, KSeF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import admin_view
from common.forms import form_service_errors
from modules.invoices import services
from modules.invoices.forms import KsefTokenForm, SettingsForm


@admin_view
def settings_view(request):
    current = services.settings_get()
    form = SettingsForm(request.POST or None, instance=current)
    token_form = KsefTokenForm(prefix="ksef")
    if request.method == "POST" and request.POST.get("form") == "ksef":
        from modules.invoices.ksef import ksef_connect

        token_form = KsefTokenForm(request.POST, prefix="ksef")
        if token_form.is_valid():
            ksef_connect(actor=request.user, **token_form.cleaned_data)
            messages.success(request, _("KSeF token saved."))
            return redirect("invoices:settings")
    elif request.method == "POST" and form.is_valid():
        try:
            services.settings_update(
                actor=request.user,
                data={f: form.cleaned_data[f] for f in SettingsForm.Meta.fields},
            )
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("invoices:settings")
    return render(
        request,
        "invoices/settings.html",
        {"form": form, "token_form": token_form, "settings": current},
    )
