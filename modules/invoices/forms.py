"""Input validation only; the services hold the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.formats import quantity_text
from common.forms import DateLocalInput
from modules.billing.selectors import vat_rate_choices
from modules.clients.fields import ClientPickerField
from modules.invoices.models import DEFAULT_EXEMPTION_BASIS, Invoice, InvoiceSettings
from modules.invoices.policies import ksef_available


class InvoiceForm(forms.Form):
    client = ClientPickerField(label=_("Client"))
    sale_from = forms.DateField(label=_("Service period from"), widget=DateLocalInput())
    sale_to = forms.DateField(label=_("Service period to"), widget=DateLocalInput())
    due_date = forms.DateField(
        label=pgettext_lazy("invoice", "Due date"),
        widget=DateLocalInput(),
        required=False,
        help_text=_("Empty: the office's payment term, counted from today."),
    )
    payment_method = forms.ChoiceField(label=_("Payment method"), choices=Invoice.Payment.choices)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class _AmountField(forms.DecimalField):
    """An amount as people type it: "1054,11", "1 054,11" (spaces between the thousands,
    as the invoice prints it) or "1054.11"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split())
        return super().to_python(value)


class _QuantityField(forms.DecimalField):
    """A line's quantity as the language writes it, with the decimals it has ("1", "1,5",
    "-2"): a draft's lines showed the stored "1.000" / "-2.000", cut off in the narrow
    column ("-1.00"), and "1,000" reads as a thousand in Polish. Typed "1,5" or "1.5"."""

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return quantity_text(value)
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split())
        return super().to_python(value)


def _decimal_input():
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class LineForm(forms.Form):
    description = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=300)
    quantity = _QuantityField(
        label=_("Quantity"),
        max_digits=12,
        decimal_places=3,
        localize=True,
        widget=_decimal_input(),
    )
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    # "99,00" in Polish and Slovak (a number input showed the stored "99.00")
    unit_price = _AmountField(
        label=_("Net unit price"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=_decimal_input(),
    )
    vat_rate = forms.ChoiceField(label=pgettext_lazy("heading", "VAT rate"), choices=())

    def __init__(self, *args, vat_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vat_rate"].choices = vat_choices
        # A browser sends the rate a select shows (the first) for an empty line too: as its
        # starting value, an empty line sent as shown counts as untouched and is skipped.
        # Without it every empty line of the form came back "This field is required".
        if vat_choices:
            self.fields["vat_rate"].initial = vat_choices[0][0]


LineFormSet = forms.formset_factory(LineForm, extra=2, can_delete=True)


class PaymentForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateLocalInput())
    # Localised: shown and typed as the language writes it ("1054,11" in Polish and Slovak;
    # a number input showed "1054.11"), inputmode for a phone's decimal keypad.
    amount = _AmountField(
        label=_("Amount"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=255)


class SettingsForm(forms.ModelForm):
    ubl_attach = forms.BooleanField(
        label=capfirst(_("attach the e-invoice (UBL, Peppol BIS 3.0) to the invoice e-mail")),
        required=False,
        help_text=_("On by default in Slovakia, where B2B e-invoices are mandatory from 2027."),
    )

    class Meta:
        model = InvoiceSettings
        fields = (
            "number_pattern",
            "number_reset",
            "payment_days",
            "reminder_days",
            "bilingual",
            "ksef_enabled",
            "client_acceptance",
            "ubl_attach",
            "vat_exemption_basis",
        )

    def __init__(self, *args, country: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not ksef_available(country):
            del self.fields["ksef_enabled"]  # KSeF is Poland's (policies.py)
        if "zw" not in {code for code, _label in vat_rate_choices(country=country or "PL")}:
            del self.fields["vat_exemption_basis"]  # no exempt rate there (Slovakia)
        else:  # left empty: the default basis (art. 43(1))
            self.fields["vat_exemption_basis"].required = False
        # Until the office chooses, the box shows the country's default (yes in Slovakia).
        self.initial["ubl_attach"] = self.instance.ubl_attach_effective(country)

    def clean_vat_exemption_basis(self) -> str:
        return self.cleaned_data["vat_exemption_basis"].strip() or DEFAULT_EXEMPTION_BASIS


class KsefTokenForm(forms.Form):
    token = forms.CharField(
        label=_("KSeF token (valid until 31 December 2026 only)"),
        # kept when KSeF refuses it, to correct a typo rather than paste it again
        widget=forms.PasswordInput(render_value=True),
        max_length=200,
    )
    expires_on = forms.DateField(
        label=_("Token valid until"), widget=DateLocalInput(), required=False
    )


class KsefCertificateForm(forms.Form):
    """The KSeF certificate: a PFX/P12 file with its password, or the certificate and its
    private key (PEM or DER; the key may be encrypted with the password). Files are judged
    by content and size (common.uploads); the service checks what they hold."""

    certificate = forms.FileField(label=_("KSeF certificate (PFX/P12, PEM or DER)"))
    private_key = forms.FileField(
        label=_("Private key (not needed with a PFX file)"), required=False
    )
    password = forms.CharField(
        label=_("Password of the PFX file or the key"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        max_length=200,
    )

    def clean(self):
        from common.exceptions import ApplicationError
        from common.uploads import upload_check
        from modules.invoices.certificates import KINDS, MAX_BYTES

        data = super().clean()
        for name in ("certificate", "private_key"):
            upload = data.get(name)
            if upload is None:
                continue
            try:
                upload_check(upload, kinds=KINDS, max_bytes=MAX_BYTES)
            except ApplicationError as exc:
                self.add_error(name, exc.message)
                continue
            upload.seek(0)
            data[name] = upload.read()
        return data


class AcceptanceForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (needed when you reject)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
