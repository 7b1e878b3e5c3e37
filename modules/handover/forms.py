"""Input of the hand-over screens (the rules live in services.handover)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modules.handover.models import METHOD_LABELS, HandOver

OTHER = "other"


class IdList(forms.TypedMultipleChoiceField):
    """A list of ids typed by the browser: only whole numbers pass."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, required=False, **kwargs)

    def valid_value(self, value) -> bool:
        return str(value).isdigit()


class LocalDateTime(forms.DateTimeField):
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)


class HandOverForm(forms.Form):
    """The panel (H2-H6): the clients opened, the items ticked, the person, and the way."""

    clients = IdList()
    items = IdList()
    person = forms.CharField(required=False, max_length=20)
    person_name = forms.CharField(required=False, max_length=200)
    way = forms.ChoiceField(choices=HandOver.Method.choices, required=False)
    confirmed_at = LocalDateTime()
    po_box_at = LocalDateTime()
    sent_at = LocalDateTime()
    forward_address = forms.CharField(required=False, max_length=1000)
    carrier = forms.CharField(required=False, max_length=100)
    tracking_number = forms.CharField(required=False, max_length=100)
    tracking_url = forms.CharField(required=False, max_length=500)
    signature = forms.CharField(required=False, max_length=1_000_000)

    def contact_person_id(self) -> int | None:
        value = self.cleaned_data.get("person") or ""
        return int(value) if value.isdigit() else None

    def typed_name(self) -> str:
        """The name typed by hand (H5) counts only when "someone else" is chosen, or when no
        contact was chosen at all."""
        if self.contact_person_id() is not None:
            return ""
        return self.cleaned_data.get("person_name") or ""

    def when(self):
        way = self.cleaned_data.get("way")
        return {
            HandOver.Method.PO_BOX: self.cleaned_data.get("po_box_at"),
            HandOver.Method.FORWARDED: self.cleaned_data.get("sent_at"),
        }.get(way, self.cleaned_data.get("confirmed_at"))


class RegisterFilterForm(forms.Form):
    date_from = forms.DateField(required=False, label=pgettext_lazy("date range", "From"))
    date_to = forms.DateField(required=False, label=pgettext_lazy("date range", "To"))
    method = forms.ChoiceField(
        required=False, label=_("Way"), choices=[("", _("All ways")), *METHOD_LABELS.items()]
    )
    client = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    staff = forms.IntegerField(required=False, min_value=1, label=_("Handed over by"))
    q = forms.CharField(required=False, max_length=100, label=_("Search"))


class SettingsForm(forms.Form):
    footer = forms.CharField(
        label=_("Footer"),
        required=False,
        max_length=300,
    )
