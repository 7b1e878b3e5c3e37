from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modules.notifications.channels.sms import normalise_phone
from modules.notifications.hooks import CLIENT, EMAIL, INAPP, OFFICE, SMS, event_list
from modules.notifications.models import LANGUAGE_CHOICES, NotificationSettings

MEGABYTE = 1024 * 1024


class MegabytesField(forms.IntegerField):
    """A size asked in whole megabytes and given back in bytes (what is stored): nobody
    should type 10485760 for 10 MB."""

    def prepare_value(self, value):
        if isinstance(value, int):  # the stored bytes; typed text is shown as typed
            return round(value / MEGABYTE)
        return value

    def clean(self, value):
        megabytes = super().clean(value)
        return None if megabytes is None else megabytes * MEGABYTE


class SettingsForm(forms.ModelForm):
    attachment_max_mb = MegabytesField(
        label=_("Largest attachment (MB)"),
        min_value=0,
        max_value=25,
        help_text=_("Larger files are replaced by a link to the client panel."),
    )
    sms_countries = SimpleArrayField(
        forms.CharField(max_length=2),
        required=False,
        label=_("Countries SMS may be sent to"),
        help_text=_("Two-letter codes separated by commas, e.g. PL,SK,CZ."),
    )

    class Meta:
        model = NotificationSettings
        fields = [
            "office_email",
            "office_phone",
            "sms_sender_id",
            "sms_daily_cap",
            "sms_countries",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("attachment_max_mb", self.instance.attachment_max_bytes)
        # Empty, the office's e-mail from General is used (channels.email.office_address).
        self.fields["office_email"].help_text = _(
            "Receives the notifications addressed to the office (e.g. scan requests). "
            "Empty: the office's e-mail from Administration > General."
        )
        channels = self.instance.office_channels or {}
        for event in event_list(audience=OFFICE):
            chosen = channels.get(event.code, sorted(event.default_channels))
            for channel, label in (
                (EMAIL, _("e-mail")),
                (SMS, _("SMS")),
                (INAPP, _("in-app alert")),
            ):
                self.fields[f"office__{event.code}__{channel}"] = forms.BooleanField(
                    required=False,
                    initial=channel in chosen,
                    label=f"{event.label}: {label}",
                )

    def settings_fields(self) -> dict:
        """What settings_update saves: the model's fields, the attachment size in bytes."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["attachment_max_bytes"] = self.cleaned_data["attachment_max_mb"]
        return fields

    def clean_office_phone(self) -> str:
        return normalise_phone(self.cleaned_data["office_phone"])

    def office_channels(self) -> dict:
        result = {}
        for event in event_list(audience=OFFICE):
            result[event.code] = [
                channel
                for channel in (EMAIL, SMS, INAPP)
                if self.cleaned_data.get(f"office__{event.code}__{channel}")
            ]
        return result


class RecipientForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=[(EMAIL, _("E-mail")), (SMS, _("SMS"))])
    address = forms.CharField(label=_("E-mail address or phone number"), max_length=254)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    events = forms.MultipleChoiceField(
        label=_("Events"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = [(e.code, e.label) for e in event_list(audience=CLIENT)]


class TemplateForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("Message"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 14})
    )
    sms = forms.CharField(
        label=_("SMS text"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )
