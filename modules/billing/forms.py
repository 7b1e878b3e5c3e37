"""Input validation of billing screens."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import DateLocalInput
from modules.billing.models import (
    METRICS,
    SERVICE_NAME_LANGUAGES,
    Assignment,
    Package,
    Service,
)
from modules.billing.vat import vat_choices, vat_standard
from modules.clients.fields import ClientPickerField


def _scan_requests_choices(form: forms.Form, empty_label) -> None:
    """The tri-state "scan requests allowed" in words: empty means `empty_label` (the office's
    setting for a package, the package's terms for a client), not "Unknown"."""
    field = form.fields.get("scan_requests_allowed")
    if field is not None:
        field.widget.choices = [
            ("unknown", empty_label),
            ("true", pgettext_lazy("scan requests", "Allowed")),
            ("false", pgettext_lazy("scan requests", "Not allowed")),
        ]


def _office_vat(form: forms.Form, *names: str) -> None:
    country = getattr(connection.tenant, "country", "PL")
    for name in names:
        form.fields[name].choices = vat_choices(country)


class UsageForm(forms.Form):
    client = ClientPickerField(label=_("Client"))
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.none(), required=False
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    date = forms.DateField(label=_("Date"), widget=DateLocalInput)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=10, decimal_places=3)
    unit_price = forms.DecimalField(
        label=_("Unit price (net)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        help_text=_(
            "Empty: the service's price, or 0.00 when the client's package includes what the"
            " service counts against (what is over is priced by the package)."
        ),
    )
    vat_rate = forms.ChoiceField(
        label=pgettext_lazy("heading", "VAT rate"),
        choices=(),
        required=False,  # not sent: the office's standard rate
        help_text=_("For a usage without a service; a chosen service keeps its own rate."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        required=False,
        help_text=_("Required for a negative quantity."),
    )

    def __init__(self, *args, country: str = "PL", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(active=True)
        self.fields["date"].initial = timezone.localdate()
        # the office country's rates, starting on its standard one (23 % in PL and SK)
        self.fields["vat_rate"].choices = vat_choices(country)
        self.fields["vat_rate"].initial = vat_standard(country)


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = (
            "name_pl",
            "name_sk",
            "name_en",
            "unit",
            "net_price",
            "vat_rate",
            "metric",
            "active",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _office_vat(self, "vat_rate")
        # The name in the office's language first and required; the others optional.
        required = Service.required_name_field()
        for code in SERVICE_NAME_LANGUAGES:
            self.fields[f"name_{code}"].required = f"name_{code}" == required
        self.order_fields([required])
        self.fields["metric"].choices = [("", _("No – not counted against a limit")), *METRICS]
        self.fields["active"].label = pgettext_lazy("service", "Active")


class PackageForm(forms.ModelForm):
    class Meta:
        model = Package
        fields = (
            "name",
            "frequency",
            "contract_months",
            "notice_months",
            "vat_rate",
            "active",
            *Package.TERM_FIELDS,
        )
        # The package's name, not a person's: Django's own "name" reads "Meno" in Slovak.
        labels = {"name": pgettext_lazy("thing", "Name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _office_vat(self, "vat_rate")
        self.fields["price"].required = True
        # Net: the settlement adds VAT at the package's rate (README, "Package fee").
        self.fields["price"].label = _("Net price")
        self.fields["active"].label = pgettext_lazy("package", "Active")
        _scan_requests_choices(self, _("As the office's setting"))


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ("package", "starts_on", "note", *Assignment.TERM_FIELDS)
        widgets = {"starts_on": DateLocalInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].queryset = Package.objects.filter(active=True)
        self.fields["package"].empty_label = _("Choose a package")  # not "---------"
        # The fee is net: VAT at the package's rate is added on the settlement (README).
        self.fields["price"].label = _("Net price")
        for name in Assignment.TERM_FIELDS:
            self.fields[name].help_text = _("Empty: as the package.")
        _scan_requests_choices(self, _("As in the package"))
