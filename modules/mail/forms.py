"""Input validation of the mail screens (the rules live in services)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import (
    ColourInput,
    DateLocalInput,
    DateTimeLocalInput,
    MultipleFileField,
)
from modules.clients.models import Client
from modules.mail.models import MailItem, MailSettings, MailStatus, MailType
from modules.mail.selectors import MailFilters, client_typed_get
from modules.mail.services import correspondent_errors


class LabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label


def _statuses():
    return MailStatus.objects.filter(is_active=True)


def _types():
    return MailType.objects.filter(is_active=True)


class ItemFieldsForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=MailItem.Direction.choices,
        initial="in",
        widget=forms.RadioSelect,
    )
    client = forms.IntegerField(required=False, widget=forms.HiddenInput)
    client_query = forms.CharField(label=_("Client"), max_length=200, required=False)
    sender = forms.CharField(label=_("Sender"), max_length=200, required=False)
    recipient = forms.CharField(
        label=pgettext_lazy("mail item", "Recipient"), max_length=200, required=False
    )
    mail_type = LabelChoiceField(
        label=_("Type"), queryset=MailType.objects.none(), empty_label=None
    )
    received_at = forms.DateTimeField(
        label=_("Received / sent"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=DateTimeLocalInput(),
    )
    pieces = forms.IntegerField(label=_("Pieces"), min_value=1, max_value=999, initial=1)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=64, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    additional_info = forms.CharField(
        label=_("Additional information"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown to the client in the e-mail that carries the scan."),
    )
    additional_cost = forms.DecimalField(
        label=_("Additional cost"), max_digits=10, decimal_places=2, min_value=0, required=False
    )
    status = LabelChoiceField(
        label=_("Status"), queryset=MailStatus.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mail_type"].queryset = _types()
        self.fields["status"].queryset = _statuses()
        self.client_obj: Client | None = None

    def clean(self):
        data = super().clean()
        client = client_typed_get(client_id=data.get("client"), typed=data.get("client_query"))
        if client is None:
            self.add_error("client_query", _("Choose the client (by name or code)."))
        self.client_obj = client
        missing = correspondent_errors(
            direction=data.get("direction") or "",
            sender=data.get("sender") or "",
            recipient=data.get("recipient") or "",
        )
        for field, message in missing.items():
            self.add_error(field, message)
        return data

    def item_data(self) -> dict:
        data = self.cleaned_data
        result = {
            f: data.get(f)
            for f in (
                "direction",
                "sender",
                "recipient",
                "mail_type",
                "received_at",
                "pieces",
                "tracking_number",
                "notes",
                "additional_info",
            )
        }
        result["additional_cost"] = data.get("additional_cost") or 0
        result["client"] = self.client_obj
        if data.get("status") is not None:
            result["status"] = data["status"]
        return result


class RegisterForm(ItemFieldsForm):
    notify_choice = forms.ChoiceField(
        label=_("Notify the client"),
        choices=MailItem.Notify.choices,
        initial="none",
        widget=forms.RadioSelect,
    )
    scans = MultipleFileField(label=_("Scans (PDF, JPEG, PNG)"), required=False)
    confirm_missing_scan = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class ItemEditForm(ItemFieldsForm):
    confirm_leave_final = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].required = True

    @classmethod
    def initial_for(cls, item: MailItem) -> dict:
        initial = {
            f: getattr(item, f)
            for f in (
                "direction",
                "sender",
                "recipient",
                "pieces",
                "tracking_number",
                "notes",
                "additional_info",
                "additional_cost",
            )
        }
        initial.update(
            client=item.client_id,
            client_query=f"{item.client.code} · {item.client.name}",
            mail_type=item.mail_type_id,
            status=item.status_id,
            received_at=timezone.localtime(item.received_at),
        )
        return initial


class ScanUploadForm(forms.Form):
    scans = MultipleFileField(label=_("Scans (PDF, JPEG, PNG)"))
    send_to_client = forms.BooleanField(label=_("E-mail the scans to the client"), required=False)


class BulkStatusForm(forms.Form):
    items = forms.TypedMultipleChoiceField(coerce=int, choices=())
    status = LabelChoiceField(label=_("New status"), queryset=MailStatus.objects.none())
    confirm_leave_final = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = _statuses()
        raw = self.data.getlist("items") if hasattr(self.data, "getlist") else []
        self.fields["items"].choices = [(v, v) for v in raw if str(v).isdigit()][:500]


CLIENT_NOT_FOUND = _(
    "No client has this code or name. Pick the client from the list that opens while you type."
)


class FilterForm(forms.Form):
    client = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # What the person typed in the archive's client box; without a pick from the list it
    # is read as registration reads it (an exact code, or a name only one client has).
    client_query = forms.CharField(max_length=200, required=False)
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[("", pgettext_lazy("directions", "Both")), *MailItem.Direction.choices],
    )
    type = forms.IntegerField(required=False)
    date_from = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=DateLocalInput(),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=DateLocalInput(),
    )
    q = forms.CharField(label=_("Search"), max_length=100, required=False)

    def __init__(self, *args, typed_client: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the staff archive and its export read a typed client: a client user (panel,
        # API) could otherwise learn which codes and names other companies have.
        self.typed_client = typed_client

    def clean(self):
        data = super().clean()
        typed = (data.get("client_query") or "").strip()
        if self.typed_client and not data.get("client") and typed:
            client = client_typed_get(client_id=None, typed=typed)
            if client is None:
                self.add_error("client_query", CLIENT_NOT_FOUND)
            else:
                data["client"] = client.pk
        return data

    def client_unresolved(self) -> bool:
        """A client was typed and none matched: the list must not show every client's mail."""
        return self.is_bound and "client_query" in self.errors

    def clean_date_to(self):
        value = self.cleaned_data.get("date_to")
        start = self.cleaned_data.get("date_from")
        if value and start and value < start:
            return start
        return value


def mail_filters_from(params, *, statuses: list[MailStatus]) -> tuple[MailFilters, FilterForm]:
    """The archive's filters from query parameters: the one reading shared by the archive,
    the client panel, the export and the API, so each shows the same items for the same
    parameters. `status` (the tab) is a status's id or code among `statuses`; an invalid
    value is ignored, the other filters still apply. The staff's typed client
    (`client_query` without a pick) is read here only (FilterForm.typed_client)."""
    form = FilterForm(params or None, typed_client=True)
    return _filters(params, statuses, form), form


def mail_filters(params, *, statuses: list[MailStatus]) -> MailFilters:
    """mail_filters_from() for a caller that shows no form (the client panel, the API).
    Without parameters (a list opened as it is) no form is built: copying its fields took
    0.2 ms of the client panel's Mail tab."""
    return _filters(params, statuses, FilterForm(params) if params else None)


def _filters(params, statuses: list[MailStatus], form: FilterForm | None) -> MailFilters:
    data = {}
    if form is not None and form.is_bound:
        form.is_valid()
        data = form.cleaned_data  # the fields that passed: a bad one does not drop the rest
    status = None
    if params and params.get("status"):
        by_key = {str(s.pk): s for s in statuses} | {s.code: s for s in statuses if s.code}
        status = by_key.get(params["status"])
    return MailFilters(
        status=status,
        client_id=data.get("client"),
        direction=data.get("direction") or "",
        mail_type_id=data.get("type"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        query=data.get("q") or "",
    )


class MailSettingsForm(forms.ModelForm):
    class Meta:
        model = MailSettings
        fields = ["missing_attachment_alert", "scan_max_mb", "notify_default"]


class StatusForm(forms.ModelForm):
    class Meta:
        model = MailStatus
        fields = [
            "name",
            "colour",
            "order",
            "routes_to_handover",
            "is_final",
            "visible_to_client",
            "default_for",
            "is_active",
        ]
        widgets = {"colour": ColourInput()}

    def _get_validation_exclusions(self):
        # One default per direction: status_save hands the role over from the old default,
        # so the form must not refuse a second one before the service runs.
        return super()._get_validation_exclusions() | {"default_for"}


class TypeForm(forms.ModelForm):
    class Meta:
        model = MailType
        fields = ["name", "order", "is_active"]


class ScannerForm(forms.Form):
    name = forms.SlugField(label=pgettext_lazy("thing", "Name"), max_length=40)
    password = forms.CharField(
        label=_("Password"), min_length=10, max_length=128, widget=forms.PasswordInput
    )


def default_datetime() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class ClientNotifyDefaultForm(forms.Form):
    """The Mail tab of a client's card: the notification registration picks for it."""

    notify_default = forms.ChoiceField(
        label=_("Notification when mail is registered"),
        choices=[("", _("The office's default")), *MailItem.Notify.choices],
        required=False,
    )
