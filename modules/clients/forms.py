"""Input validation only; the services own every rule that touches the database."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.exceptions import ApplicationError
from common.forms import DateLocalInput
from common.uploads import CSV, XLSX, upload_check
from modules.clients.models import (
    IDENTIFIER_FIELDS,
    OTHER_IDENTIFIER_FIELDS,
    Client,
    ClientAddress,
    ClientImport,
    ContactPerson,
    CustomField,
    identifier_fields,
)
from modules.clients.selectors import client_defaults
from modules.clients.services.clients import ADDRESS_FIELDS, CLIENT_FIELDS
from modules.notifications.selectors import client_event_choices, recipients_by_contact
from modules.notifications.services import default_events


class ClientForm(forms.Form):
    """The company card, plus one field per active custom field of the office."""

    def __init__(self, *args, custom_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Client,
                fields=CLIENT_FIELDS,
                widgets={
                    "contract_start": DateLocalInput(),
                    "contract_end": DateLocalInput(),
                    "notes": forms.Textarea(attrs={"rows": 3}),
                },
            )
        )
        # The model's validators run in the service (after normalising); here only the form.
        for name in ("nip", "regon", "krs", "ico", "dic", "ic_dph", "vat_number", "code"):
            self.fields[name].validators = []
            self.fields[name].max_length = 20
            self.fields[name].widget.attrs.pop("maxlength", None)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Leave empty to generate one from the name.")
        if not self.is_bound:
            self.initial = {**client_defaults(), **{k: v for k, v in self.initial.items() if v}}
        # The numbers of the chosen country are shown; the others are kept in the page
        # (hidden, sent back unchanged) and shown at once when the country changes
        # (clients/client_form.js reads data-client-country).
        for country, names in (*IDENTIFIER_FIELDS.items(), ("", OTHER_IDENTIFIER_FIELDS)):
            for name in names:
                self.fields[name].client_country = country or "other"
        self.custom_fields = list(custom_fields)
        for field in self.custom_fields:
            is_date = field.kind == CustomField.Kind.DATE
            self.fields[f"custom_{field.pk}"] = forms.CharField(
                label=field.name,
                required=False,
                max_length=500,
                widget=DateLocalInput() if is_date else forms.TextInput(),
            )

    @property
    def hidden_identifiers(self) -> set[str]:
        """The numbers of other countries than the one chosen (or typed), unless refused."""
        country = self["country"].value() or ""
        shown = set(identifier_fields(country))
        every = {n for names in IDENTIFIER_FIELDS.values() for n in names}
        every.update(OTHER_IDENTIFIER_FIELDS)
        return {n for n in every - shown if not self.errors.get(n)}

    def client_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in CLIENT_FIELDS}

    def custom_values(self) -> dict[int, str]:
        return {f.pk: self.cleaned_data.get(f"custom_{f.pk}", "") for f in self.custom_fields}


class AddressForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(ClientAddress, fields=ADDRESS_FIELDS))


class ContactForm(forms.Form):
    first_name = forms.CharField(label=capfirst(_("first name")), max_length=100, required=False)
    last_name = forms.CharField(label=capfirst(_("last name")), max_length=100)
    role = forms.CharField(
        label=capfirst(pgettext_lazy("contact person", "role")), max_length=100, required=False
    )
    emails = forms.CharField(
        label=capfirst(_("e-mail addresses")),
        required=False,
        max_length=1000,
        help_text=_("Separate several with commas."),
    )
    phones = forms.CharField(
        label=capfirst(_("phone numbers")),
        required=False,
        max_length=1000,
        help_text=_("Separate several with commas."),
    )
    authorised_to_pick_up_mail = forms.BooleanField(
        label=capfirst(_("authorised to pick up mail")), required=False
    )
    receives_notifications = forms.BooleanField(
        label=capfirst(_("receives notifications")), required=False
    )
    email_events = forms.MultipleChoiceField(
        label=_("By e-mail"), required=False, widget=forms.CheckboxSelectMultiple
    )
    sms_events = forms.MultipleChoiceField(
        label=_("By SMS (mobile numbers)"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = client_event_choices()
        self.fields["email_events"].choices = events
        self.fields["sms_events"].choices = events

    def notify_events(self) -> dict[str, list[str]] | None:
        """What the person receives per channel, as contact_person_save takes it."""
        return {
            "email": self.cleaned_data["email_events"],
            "sms": self.cleaned_data["sms_events"],
        }

    @classmethod
    def initial_new(cls) -> dict:
        return {"email_events": default_events("email"), "sms_events": default_events("sms")}

    @classmethod
    def initial_for(cls, contact: ContactPerson) -> dict:
        rows = recipients_by_contact(client_id=contact.client_id).get(contact.pk, [])
        events = {row.channel: row.events for row in rows}
        return {
            "email_events": events.get("email", default_events("email")),
            "sms_events": events.get("sms", default_events("sms")),
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "role": contact.role,
            "emails": ", ".join(contact.emails),
            "phones": ", ".join(contact.phones),
            "authorised_to_pick_up_mail": contact.authorised_to_pick_up_mail,
            "receives_notifications": contact.receives_notifications,
        }


class CustomFieldForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(CustomField, fields=("name", "kind", "order", "is_active"))
        )
        self.fields["name"].validators = []  # uniqueness: the service's full_clean


class InviteForm(forms.Form):
    email = forms.EmailField(label=capfirst(_("e-mail")))


class ImportUploadForm(forms.Form):
    MAX_BYTES = 20 * 1024 * 1024

    file = forms.FileField(
        label=capfirst(_("file")),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file; the first row holds the column names."
        ),
    )

    def clean_file(self):
        """A workbook by its content (a ZIP archive), a CSV by its name and text content;
        the service then reads it (common.uploads judges type and size)."""
        upload = self.cleaned_data["file"]
        try:
            upload_check(
                upload,
                kinds=(XLSX, CSV),
                max_bytes=self.MAX_BYTES,
                refused=_("Only .xlsx and .csv files can be imported."),
            )
        except ApplicationError as exc:
            raise ValidationError(exc.message, code=exc.code) from None
        return upload


class ImportMappingForm(forms.Form):
    mode = forms.ChoiceField(
        label=capfirst(_("if some rows have errors")),
        choices=ClientImport.Mode.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, columns=(), targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(do not import)")), *targets]
        for index, column in enumerate(columns):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=column or _("Column %(n)s") % {"n": index + 1},
                choices=choices,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        chosen = [v for k, v in cleaned.items() if k.startswith("col_") and v]
        if len(chosen) != len(set(chosen)):
            raise ValidationError(_("Each field can be filled from one column only."))
        if "name" not in chosen:
            raise ValidationError(_("Choose the column that holds the company name."))
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {
            k.removeprefix("col_"): v
            for k, v in self.cleaned_data.items()
            if k.startswith("col_") and v
        }


class ContactNotificationsForm(forms.Form):
    """The client panel's Profile: what one person receives, on the channels they have
    (an e-mail address; a mobile number for SMS). Nothing else of the person is editable."""

    email_events = forms.MultipleChoiceField(
        label=_("By e-mail"), required=False, widget=forms.CheckboxSelectMultiple
    )
    sms_events = forms.MultipleChoiceField(
        label=_("By SMS (mobile numbers)"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, channels=("email", "sms"), **kwargs):
        super().__init__(*args, **kwargs)
        events = client_event_choices()
        for channel in ("email", "sms"):
            if channel in channels:
                self.fields[f"{channel}_events"].choices = events
            else:
                del self.fields[f"{channel}_events"]

    def notify_events(self) -> dict[str, list[str]]:
        return {
            name.removesuffix("_events"): self.cleaned_data[name]
            for name in ("email_events", "sms_events")
            if name in self.fields
        }
