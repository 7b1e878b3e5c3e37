"""Forms of the e-mail intake: the mailbox settings and the triage decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from modules.clients.fields import ClientPickerField
from modules.helpdesk.models import IntakeSettings


class IntakeSettingsForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Password"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted and never shown. Leave empty to keep the stored one."),
    )

    class Meta:
        model = IntakeSettings
        fields = ["enabled", "host", "port", "security", "username", "folder", "unknown_senders"]


class AssignForm(forms.Form):
    client = ClientPickerField(label=_("Client"))
