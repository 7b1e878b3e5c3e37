"""Input validation of the scan request screens (the rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import DateLocalInput, MultipleFileField
from modules.scanrequests.models import ScanRequest, ScanRequestSettings


class SettingsForm(forms.ModelForm):
    sms = forms.BooleanField(
        label=_("Send an SMS to the office for each new request"),
        required=False,
        help_text=_("To the office's number in the notification settings."),
    )

    class Meta:
        model = ScanRequestSettings
        fields = ["enabled", "confirmation_text", "default_cost", "target_hours"]
        widgets = {"confirmation_text": forms.Textarea(attrs={"rows": 3})}


class ClientAccessForm(forms.Form):
    client = forms.CharField(label=_("Client (code or exact name)"), max_length=200, strip=True)
    allowed = forms.TypedChoiceField(
        label=_("Scan requests"),
        choices=[("1", _("Allowed")), ("0", _("Not allowed"))],
        coerce=lambda v: v == "1",
    )


class ClientTabAccessForm(forms.Form):
    allowed = forms.ChoiceField(
        label=_("Scan requests"),
        choices=[("", _("As the office decides")), ("1", _("Allowed")), ("0", _("Not allowed"))],
        required=False,
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*ScanRequest.Status.choices, ("all", _("All"))],
        required=False,
    )
    client = forms.IntegerField(label=_("Client"), required=False, min_value=1)
    date_from = forms.DateField(
        label=pgettext_lazy("date range", "From"), required=False, widget=DateLocalInput
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"), required=False, widget=DateLocalInput
    )
    overdue = forms.BooleanField(label=_("Past the target time only"), required=False)


class CompleteForm(forms.Form):
    scans = MultipleFileField(label=_("Scan"), required=True)
    additional_info = forms.CharField(
        label=_("Additional information"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the client with the scan."),
    )
    additional_cost = forms.DecimalField(
        label=_("Additional cost"), min_value=0, max_digits=10, decimal_places=2
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("explanation", "Reason"), required=False, max_length=300
    )
