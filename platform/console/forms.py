from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,  # a TOTP code or a backup code (xxxxxx-xxxxxx)
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("explanation", "Reason"), max_length=300, min_length=5
    )
