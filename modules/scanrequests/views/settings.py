"""Administration > Settings > Scan requests (S1, S2, S7, target time): admins only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import admin_view
from modules.clients.models import Client
from modules.scanrequests import selectors
from modules.scanrequests.forms import ClientAccessForm, ClientTabAccessForm, SettingsForm
from modules.scanrequests.services import (
    client_access_set,
    office_sms_enabled,
    settings_get,
    settings_update,
)


@admin_view
def settings_view(request: HttpRequest):
    current = settings_get()
    form = SettingsForm(
        request.POST or None, instance=current, initial={"sms": office_sms_enabled()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            settings_update(
                actor=request.user, data=form.cleaned_data, sms=form.cleaned_data["sms"]
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("scanrequests:settings")
    return _render(request, form=form, access_form=ClientAccessForm())


def _render(request, *, form, access_form, status: int = 200):
    from modules.notifications.services import settings_get as notification_settings

    office = notification_settings()
    return render(
        request,
        "scanrequests/settings.html",
        {
            "form": form,
            "access_form": access_form,
            "overrides": selectors.client_access_list(),
            "office_email": office.office_email,
            "office_phone": office.office_phone,
        },
        status=400 if form.errors or access_form.errors else status,
    )


def _client_by_code_or_name(text: str) -> Client | None:
    matches = list(Client.objects.filter(Q(code__iexact=text) | Q(name__iexact=text))[:2])
    return matches[0] if len(matches) == 1 else None


@require_POST
@admin_view
def client_access_add_view(request: HttpRequest):
    access_form = ClientAccessForm(request.POST)
    if access_form.is_valid():
        client = _client_by_code_or_name(access_form.cleaned_data["client"])
        if client is None:
            access_form.add_error("client", _("No single client has this code or name."))
        else:
            client_access_set(
                client=client, allowed=access_form.cleaned_data["allowed"], actor=request.user
            )
            messages.success(request, _("Saved for %(client)s.") % {"client": client.name})
            return redirect("scanrequests:settings")
    form = SettingsForm(instance=settings_get(), initial={"sms": office_sms_enabled()})
    return _render(request, form=form, access_form=access_form)


@require_POST
@admin_view
def client_access_set_view(request: HttpRequest, client_id: int):
    """From the settings list (remove) or the client card's tab (choose)."""
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404
    form = ClientTabAccessForm(request.POST)
    value = form.cleaned_data["allowed"] if form.is_valid() else ""
    client_access_set(
        client=client, allowed=None if value == "" else value == "1", actor=request.user
    )
    messages.success(request, _("Saved for %(client)s.") % {"client": client.name})
    if request.POST.get("next") == "client":
        return redirect("clients:tab", client_id=client.pk, tab="scanrequests")
    return redirect("scanrequests:settings")
