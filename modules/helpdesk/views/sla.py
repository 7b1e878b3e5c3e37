"""Administration > Helpdesk SLA: business hours, the at-risk share and the SLA policies."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import admin_view
from common.forms import form_service_errors
from modules.clients.fields import ClientPickerField
from modules.clients.models import Client
from modules.helpdesk import selectors
from modules.helpdesk.models import Category, Request, SlaPolicy, SlaSettings
from modules.helpdesk.schedule_forms import WEEKDAYS
from modules.helpdesk.sla import (
    settings_get,
    settings_update,
    sla_policy_create,
    sla_policy_delete,
    sla_policy_update,
)


class SlaSettingsForm(forms.ModelForm):
    workdays = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Working days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SlaSettings
        fields = ("opens", "closes", "workdays", "at_risk_percent")
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}),
            "closes": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.initial.get("workdays"):
            self.initial["workdays"] = [0, 1, 2, 3, 4]


class SlaPolicyForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=120)
    priority = forms.ChoiceField(
        label=gettext_lazy("Priority"),
        required=False,
        choices=[("", gettext_lazy("any")), *Request.Priority.choices],
    )
    category = forms.TypedChoiceField(
        label=gettext_lazy("Category"), required=False, coerce=int, empty_value=None
    )
    client = ClientPickerField(
        label=gettext_lazy("Client"), required=False, placeholder=gettext_lazy("any")
    )
    first_response_hours = forms.DecimalField(
        label=gettext_lazy("First response within (business hours)"),
        min_value=0.1,
        max_digits=6,
        decimal_places=2,
    )
    resolution_hours = forms.DecimalField(
        label=gettext_lazy("Resolution within (business hours)"),
        min_value=0.1,
        max_digits=6,
        decimal_places=2,
    )

    is_active = forms.BooleanField(
        label=pgettext_lazy("sla policy", "Active"),
        required=False,
        help_text=gettext_lazy(
            "An inactive policy applies to no new request; it stays in the list and in the "
            "clocks that started with it."
        ),
    )

    # the model's fields named by a service error -> this form's fields
    SERVICE_FIELDS = {
        "first_response_minutes": "first_response_hours",
        "resolution_minutes": "resolution_hours",
    }

    def __init__(self, *args, categories=(), policy: SlaPolicy | None = None, **kwargs):
        if policy is not None:
            kwargs["initial"] = {
                "name": policy.name,
                "priority": policy.priority,
                "category": policy.category_id,
                "client": policy.client_id,
                "first_response_hours": _hours(policy.first_response_minutes),
                "resolution_hours": _hours(policy.resolution_minutes),
                "is_active": policy.is_active,
            }
        super().__init__(*args, **kwargs)
        if policy is None:
            del self.fields["is_active"]  # a new policy is active
        categories = list(categories)
        if policy is not None and policy.category and policy.category not in categories:
            categories.append(policy.category)  # kept while it is the policy's
        self.fields["category"].choices = [
            ("", gettext_lazy("any")),
            *((c.pk, str(c)) for c in categories),
        ]

    def service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            named = exc.error_dict.items()
            exc = ValidationError({self.SERVICE_FIELDS.get(k, k): v for k, v in named})
        form_service_errors(self, exc)

    def clean_client(self):
        client_id = self.cleaned_data["client"]
        if client_id is None:
            return None
        client = Client.objects.filter(pk=client_id).first()
        if client is None:  # removed since the page was shown
            raise ValidationError(_("No client has this id."))
        return client

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "priority": data["priority"],
            "category": Category.objects.filter(pk=data["category"]).first()
            if data["category"]
            else None,
            "client": data["client"],
            "first_response_minutes": _minutes(data["first_response_hours"]),
            "resolution_minutes": _minutes(data["resolution_hours"]),
        } | ({"is_active": data["is_active"]} if "is_active" in self.fields else {})


def _hours(minutes: int) -> str:
    """90 -> "1.5": what the form shows; `_minutes` turns it back into the same minutes."""
    return f"{Decimal(minutes) / 60:.2f}".rstrip("0").rstrip(".")


def _minutes(hours: Decimal) -> int:
    # rounded, not truncated: 50 minutes show as 0.83 h, which is 49.8 minutes
    return int((hours * 60).to_integral_value(ROUND_HALF_UP))


def _render(request, *, form=None, policy_form=None, status=200):
    return render(
        request,
        "helpdesk/sla/settings.html",
        {
            "form": form or SlaSettingsForm(instance=settings_get()),
            "policy_form": policy_form or SlaPolicyForm(categories=selectors.category_list()),
            "policies": _with_hours(SlaPolicy.objects.select_related("category", "client")),
        },
        status=status,
    )


def _with_hours(policies) -> list:
    """Each policy's targets in business hours, as its form asks them ("1,5 h", not
    "90 min"), in the reader's number format."""
    from common.formats import quantity_text

    rows = list(policies)
    for policy in rows:
        policy.response_hours = quantity_text(_hours(policy.first_response_minutes))
        policy.resolution_hours = quantity_text(_hours(policy.resolution_minutes))
    return rows


@admin_view
def sla_settings_view(request: HttpRequest):
    form = SlaSettingsForm(request.POST or None, instance=settings_get())
    if request.method == "POST" and form.is_valid():
        try:
            settings_update(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("helpdesk:sla")
    return _render(request, form=form, status=400 if form.errors else 200)


@require_POST
@admin_view
def sla_policy_add_view(request: HttpRequest):
    form = SlaPolicyForm(request.POST, categories=selectors.category_list())
    if form.is_valid():
        try:
            sla_policy_create(actor=request.user, data=form.service_data())
        except ValidationError as exc:
            form.service_errors(exc)
        else:
            messages.success(request, _("SLA policy added."))
            return redirect("helpdesk:sla")
    return _render(request, policy_form=form, status=400)


@admin_view
def sla_policy_edit_view(request: HttpRequest, policy_id: int):
    policy = SlaPolicy.objects.select_related("category", "client").filter(pk=policy_id).first()
    if policy is None:
        raise Http404
    form = SlaPolicyForm(request.POST or None, categories=selectors.category_list(), policy=policy)
    if request.method == "POST" and form.is_valid():
        try:
            sla_policy_update(actor=request.user, policy=policy, data=form.service_data())
        except ValidationError as exc:
            form.service_errors(exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("helpdesk:sla")
    return render(
        request,
        "helpdesk/sla/policy_edit.html",
        {"form": form, "policy": policy},
        status=400 if form.errors else 200,
    )


@require_POST
@admin_view
def sla_policy_delete_view(request: HttpRequest, policy_id: int):
    policy = SlaPolicy.objects.filter(pk=policy_id).first()
    if policy is None:
        raise Http404
    sla_policy_delete(actor=request.user, policy=policy)
    messages.success(request, _("SLA policy removed."))
    return redirect("helpdesk:sla")
