"""Administration > General as a few small forms posted together, one card each (office,
address, identifiers, contact, region, switches); `GeneralForms` validates them as one."""

from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import form_service_errors
from common.phones import phone_clean
from modules.office import validators
from modules.office.hooks import general_switches
from tenants.models import Office
from tenants.validators import time_zone_choices

OFFICE_TIME_ZONES = ("Europe/Warsaw", "Europe/Bratislava", "Europe/Prague")


class OfficeForm(forms.Form):
    name = forms.CharField(label=_("Office name"), max_length=200)
    legal_name = forms.CharField(
        label=_("Legal name"),
        max_length=200,
        required=False,
        help_text=_("As registered, e.g. “Biuro Centrum sp. z o.o.”; printed on documents."),
    )
    register_entry = forms.CharField(
        label=_("Commercial register entry"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Printed on invoices when filled in, e.g. “Zapísaná v Obchodnom registri Okresného"
            " súdu Bratislava I, oddiel: Sro, vložka č. 12345/B” or “Sąd Rejonowy dla m.st."
            " Warszawy, XII Wydział Gospodarczy KRS, KRS 0000123456”."
        ),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("PNG or JPEG, at most 1 MB."),
    )
    logo_remove = forms.BooleanField(label=_("Remove the logo"), required=False)

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > validators.LOGO_MAX_BYTES:
            raise ValidationError(validators.logo_size_message())
        content = upload.read()
        validators.logo_check(content)
        return content


class AddressForm(forms.Form):
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=16, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=Office.Country.choices)

    def clean(self):
        data = super().clean()
        if data.get("postal_code") and data.get("country"):
            try:
                data["postal_code"] = validators.postal_code_clean(
                    data["postal_code"], country=data["country"]
                )
            except ValidationError as exc:
                self.add_error("postal_code", exc)
        return data


class _NumberField(forms.CharField):
    """A number typed in any usual way, returned in its stored form by `number_clean`."""

    def __init__(self, *, number_clean, **kwargs):
        super().__init__(**kwargs)
        self.number_clean = number_clean

    def clean(self, value):
        value = super().clean(value)
        return self.number_clean(value) if value else ""


def _number_field(label, clean, help_text=""):
    return _NumberField(
        number_clean=clean, label=label, max_length=42, required=False, help_text=help_text
    )


class IdentifiersForm(forms.Form):
    """The tax ids of the office's (saved) country only: a Slovak office has no NIP, a
    Polish one no IČO. A field not shown keeps what is stored (not posted, not changed)."""

    nip = _number_field(_("NIP"), validators.nip_clean, _("Poland: 10 digits."))
    ico = _number_field(_("IČO"), validators.ico_clean, _("Slovakia: 8 digits."))
    dic = _number_field(_("DIČ"), validators.dic_clean, _("Slovakia: 10 digits."))
    ic_dph = _number_field(
        _("IČ DPH / EU VAT number"), validators.ic_dph_clean, _("For example SK2022749619.")
    )
    iban = _number_field(_("Bank account (IBAN)"), validators.iban_clean)

    def __init__(self, *args, country: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        shown = validators.COUNTRY_TAX_IDS.get(country)
        if shown is None:
            return
        for name in ("nip", "ico", "dic", "ic_dph"):
            if name not in shown:
                del self.fields[name]
        if "ic_dph" in self.fields:
            self.fields["ic_dph"].number_clean = partial(validators.ic_dph_clean, country=country)
        if country == "PL" and "ic_dph" in self.fields:
            self.fields["ic_dph"].label = _("EU VAT number")
            self.fields["ic_dph"].help_text = _("For example PL5260250995.")


class ContactForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        # A number without +country code is read in the country chosen on the same page.
        return phone_clean(value, country=self.data.get("country", "")) if value else ""


class RegionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Office.Language.choices)
    currency = forms.ChoiceField(label=_("Currency"), choices=Office.Currency.choices)
    time_zone = forms.ChoiceField(label=_("Time zone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The offices' own zones first: the list of every zone began at "Africa/Abidjan" and
        # Europe/Warsaw sat some 400 entries down (until 2026-12-07).
        zones = [(z, z.replace("_", " ")) for z in time_zone_choices()]
        first = [zone for zone in zones if zone[0] in OFFICE_TIME_ZONES]
        self.fields["time_zone"].choices = [
            (_("Poland, Slovakia, Czechia"), first),
            (_("All time zones"), [zone for zone in zones if zone not in first]),
        ]


class SwitchesForm(forms.Form):
    scan_requests_enabled = forms.BooleanField(
        label=_("Allow clients to request mail scans"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for switch in general_switches():  # other modules' switches (office.hooks)
            self.fields[switch.key] = forms.BooleanField(
                label=switch.label, help_text=switch.help_text, required=False
            )


class GeneralForms:
    """The page's forms, bound to one POST; `parts` in the order the page shows them."""

    def __init__(self, data=None, files=None, *, initial: dict, country: str = ""):
        self.parts = {
            key: form_class(data, files, initial=initial)
            for key, form_class in (
                ("office", OfficeForm),
                ("address", AddressForm),
                ("contact", ContactForm),
                ("region", RegionForm),
                ("switches", SwitchesForm),
            )
        }
        self.parts["identifiers"] = IdentifiersForm(data, files, initial=initial, country=country)
        order = ("office", "address", "identifiers", "contact", "region", "switches")
        self.parts = {key: self.parts[key] for key in order}

    def __getitem__(self, key: str) -> forms.Form:
        return self.parts[key]

    def is_valid(self) -> bool:
        valid = [form.is_valid() for form in self.parts.values()]  # every part, for its errors
        return all(valid)

    @property
    def cleaned_data(self) -> dict:
        return {k: v for form in self.parts.values() for k, v in form.cleaned_data.items()}

    @property
    def errors(self) -> bool:
        return any(form.errors for form in self.parts.values())

    def add_errors(self, exc: ValidationError) -> None:
        """A service's errors beside their fields, in the part that has each field."""
        for field, errors in exc.message_dict.items():
            form = next((f for f in self.parts.values() if field in f.fields), self["office"])
            form_service_errors(form, ValidationError({field: errors}))
