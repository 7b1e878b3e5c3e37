from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tenants.models import DomainMixin, TenantMixin

from tenants.validators import (
    validate_office_slug,
    validate_schema_name,
    validate_time_zone_field,
)


class Office(TenantMixin):
    """A virtual-office operator: one PostgreSQL schema holding all of its data."""

    class Country(models.TextChoices):
        POLAND = "PL", _("Poland")
        SLOVAKIA = "SK", _("Slovakia")
        CZECHIA = "CZ", _("Czechia")

    class Language(models.TextChoices):
        POLISH = "pl", _("Polish")
        SLOVAK = "sk", _("Slovak")
        ENGLISH = "en", _("English")

    class Currency(models.TextChoices):
        PLN = "PLN", "PLN"
        EUR = "EUR", "EUR"
        CZK = "CZK", "CZK"

    class State(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("office state", "Active")
        SUSPENDED = "suspended", pgettext_lazy("office state", "Suspended")
        CLOSED = "closed", _("Closed")
        # Provisioned ahead of signups (tenants.services.office_pool_add): migrated and empty,
        # no Domain row, never routed or listed until a signup claims it.
        POOLED = "pooled", _("Pooled")

    # Schemas are created by tenants.services.office_provision, never as a side effect of save.
    auto_create_schema = False
    auto_drop_schema = False

    name = models.CharField(pgettext_lazy("thing", "name"), max_length=200)
    slug = models.SlugField(
        _("subdomain"), max_length=32, unique=True, validators=[validate_office_slug]
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    time_zone = models.CharField(_("time zone"), max_length=64)
    # The logo's storage name (Django's Storage API) under the office's own prefix, served
    # only by the office's logo view; empty: no logo. Set by modules.office.services.
    logo = models.CharField(_("logo"), max_length=200, blank=True)
    # The owners' rule: staff (owners, administrators, staff) work here only in a session
    # past a second factor (accounts.middleware; set on the person's two-factor page).
    staff_two_factor_required = models.BooleanField(
        _("two-factor authentication required for staff"), default=False
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.ACTIVE)
    # The kept-migrated schema new offices are cloned from; never routed, never listed.
    is_template = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.UniqueConstraint(
                fields=["is_template"],
                condition=models.Q(is_template=True),
                name="office_single_template",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        validate_schema_name(self.schema_name)
        validate_time_zone_field(self.time_zone)

    @property
    def host(self) -> str:
        return f"{self.slug}.{settings.PLATFORM_DOMAIN}"

    @property
    def url(self) -> str:
        port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
        return f"{settings.PLATFORM_SCHEME}://{self.host}{port}"


class Domain(DomainMixin):
    """A host name routed to an office: its platform subdomain or a custom domain."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self) -> str:
        return self.domain


class OfficeUsage(models.Model):
    """How much an office uses, refreshed hourly by tenants.tasks (one message per office).

    `figures` holds one number per usage provider (tenants.usage): staff users, client users,
    stored bytes, and whatever later modules register (clients, mail items this month...).
    """

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="usage")
    figures = models.JSONField(default=dict)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("office usage")
        verbose_name_plural = _("office usage")

    def __str__(self) -> str:
        return f"{self.office}: {self.figures}"


class CloneScript(models.Model):
    """The DDL script that copies the template schema into a new office (tenants.clone),
    built from the template's catalogue once per template state and kept here, so that
    provisioning neither reads the catalogue nor builds it again in every process."""

    source = models.CharField(max_length=63)
    # md5 of the template's applied migrations and catalogue rows (template_fingerprint).
    fingerprint = models.CharField(max_length=32)
    script = models.TextField()
    build_seconds = models.FloatField()
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "fingerprint"], name="tenants_clonescript_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.fingerprint}"
