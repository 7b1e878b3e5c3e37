from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import OfficeSettings
from common.phones import phone_clean, phone_format
from modules.office import validators


def _phone_stored(value: str) -> None:
    phone_clean(value, country="")  # stored in E.164, readable without a country


class OfficeProfile(OfficeSettings):
    """The office's own details (Administration > General), printed on hand-over
    confirmations and, later, invoices. Name, country, language, currency, time zone and
    logo live on tenants.Office (public schema): routing reads that row on every request,
    so the layout shows them without another query."""

    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    nip = models.CharField(_("NIP"), max_length=10, blank=True, validators=[validators.nip_clean])
    ico = models.CharField(_("IČO"), max_length=8, blank=True, validators=[validators.ico_clean])
    dic = models.CharField(
        _("DIČ"),
        max_length=10,
        blank=True,
        default="",
        db_default="",
        validators=[validators.dic_clean],
    )
    ic_dph = models.CharField(
        _("IČ DPH / EU VAT number"), max_length=14, blank=True, validators=[validators.ic_dph_clean]
    )
    iban = models.CharField(
        _("bank account (IBAN)"), max_length=34, blank=True, validators=[validators.iban_clean]
    )
    # The commercial-register entry printed on invoices: Slovak business documents must
    # carry it ("Zapísaná v Obchodnom registri Okresného súdu Bratislava I, oddiel: Sro,
    # vložka č. 12345/B"); a Polish company may print its KRS entry and court.
    register_entry = models.TextField(
        _("commercial register entry"),
        max_length=500,
        blank=True,
        default="",
        db_default="",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[_phone_stored])
    # An administrator hid the getting-started checklist from the dashboard.
    onboarding_hidden = models.BooleanField(_("getting-started checklist hidden"), default=False)

    class Meta(OfficeSettings.Meta):
        verbose_name = _("office details")
        verbose_name_plural = _("office details")

    def __str__(self) -> str:
        return self.legal_name or str(_("office details"))

    @property
    def iban_display(self) -> str:
        return validators.iban_format(self.iban)

    @property
    def phone_display(self) -> str:
        return phone_format(self.phone)
