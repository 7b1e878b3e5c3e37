"""Additional services (A1), packages and their assignment to clients (A2), recorded usage
and closed periods (A3). Money is Decimal with two places; see money.py for rounding."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import BaseModel, OfficeSettings, user_reference
from common.names import NAME_LANGUAGES, name_pick
from common.names import office_language as names_office_language
from modules.billing.vat import ALL_CODES, vat_label_lazy

# Lazy: a choice's label (get_vat_rate_display) is read in the reader's language; computed at
# import it was always "23%".
VAT_CHOICES = [(code, vat_label_lazy(code)) for code in ALL_CODES]
ZERO = Decimal("0")

# The package limits counted per month (README): name, label.
METRICS = (
    ("mail_items", _("mail items handled")),
    ("scans", _("scans")),
    ("pages", _("pages scanned")),
    ("room_hours", _("room hours")),
    ("forwarding", _("forwarded items")),
)
METRIC_NAMES = tuple(name for name, _label in METRICS)


def _money(label, **kwargs):
    return models.DecimalField(
        label, max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)], **kwargs
    )


class Unit(models.TextChoices):
    PIECE = "piece", pgettext_lazy("unit", "piece")
    HOUR = "hour", pgettext_lazy("unit", "hour")
    PAGE = "page", pgettext_lazy("unit", "page")
    MONTH = "month", pgettext_lazy("unit", "month")


class BillingSettings(OfficeSettings):
    summaries_for_clients = models.BooleanField(
        _("show summaries in the client panel"), default=False
    )
    mail_cost_vat_rate = models.CharField(
        _("VAT rate of mail costs"), max_length=3, choices=VAT_CHOICES, default="23"
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("billing settings")


# The names of catalogue items in pl/sk/en: the helpers are common.names (rooms' extras
# and the helpdesk's categories use them too); these names stay for billing's callers.
SERVICE_NAME_LANGUAGES = NAME_LANGUAGES
office_language = names_office_language
service_name_pick = name_pick


class Service(BaseModel):
    # The name in the office's language is required (clean()); the others are optional.
    name_pl = models.CharField(_("name (Polish)"), max_length=200, blank=True)
    name_sk = models.CharField(_("name (Slovak)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECE)
    net_price = _money(_("net price"))
    vat_rate = models.CharField(_("VAT rate"), max_length=3, choices=VAT_CHOICES, default="23")
    # A usage of this service counts against the package limit of this name (room hours...).
    metric = models.CharField(
        _("counts against the limit"), max_length=12, blank=True, choices=METRICS
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name_pl", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(net_price__gte=0), name="billing_service_price_not_negative"
            )
        ]

    @staticmethod
    def required_name_field() -> str:
        return f"name_{office_language()}"

    def name(self, language: str | None = None) -> str:
        names = {code: getattr(self, f"name_{code}") for code in SERVICE_NAME_LANGUAGES}
        return service_name_pick(names, language)

    def clean(self) -> None:
        super().clean()
        field = self.required_name_field()
        if not (getattr(self, field) or "").strip():
            raise ValidationError(
                {field: _("Enter the name in the office's language.")}, code="required"
            )

    def __str__(self) -> str:
        return self.name()


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    YEARLY = "yearly", _("yearly")


MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}


class Terms(models.Model):
    """What a package says, and what individual terms may override (null: as the package)."""

    price = models.DecimalField(
        _("price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    limit_mail_items = models.PositiveIntegerField(_("mail items included"), null=True, blank=True)
    limit_scans = models.PositiveIntegerField(_("scans included"), null=True, blank=True)
    limit_pages = models.PositiveIntegerField(_("pages included"), null=True, blank=True)
    limit_room_hours = models.PositiveIntegerField(_("room hours included"), null=True, blank=True)
    limit_forwarding = models.PositiveIntegerField(_("forwarding included"), null=True, blank=True)
    over_mail_items = models.DecimalField(
        _("price per mail item over the limit"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    over_scans = models.DecimalField(
        _("price per scan over the limit"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    over_pages = models.DecimalField(
        _("price per page over the limit"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    over_room_hours = models.DecimalField(
        _("price per room hour over the limit"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    over_forwarding = models.DecimalField(
        _("price per forwarding over the limit"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    scan_requests_allowed = models.BooleanField(_("scan requests allowed"), null=True, blank=True)
    scan_default_cost = models.DecimalField(
        _("default cost of a scan"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )

    TERM_FIELDS = (
        "price",
        *(f"limit_{m}" for m in METRIC_NAMES),
        *(f"over_{m}" for m in METRIC_NAMES),
        "scan_requests_allowed",
        "scan_default_cost",
    )

    class Meta:
        abstract = True


class Package(Terms, BaseModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    frequency = models.CharField(
        _("billing frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.MONTHLY,
    )
    contract_months = models.PositiveSmallIntegerField(_("contract duration (months)"), default=12)
    notice_months = models.PositiveSmallIntegerField(_("notice (months)"), default=1)
    vat_rate = models.CharField(_("VAT rate"), max_length=3, choices=VAT_CHOICES, default="23")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("package")
        verbose_name_plural = _("packages")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.price is None:
            raise ValidationError({"price": _("A package has a price.")})


class Assignment(Terms, BaseModel):
    """A client's package from `starts_on` to `ends_on` (inclusive; open when empty), with
    individual terms in the override fields (null: the package's)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="+", verbose_name=_("client")
    )
    package = models.ForeignKey(
        Package, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("package")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = user_reference(blank=True)

    class Meta:
        verbose_name = _("package assignment")
        ordering = ["client_id", "-starts_on"]
        indexes = [models.Index(fields=["client", "starts_on"], name="billing_assign_client_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="billing_assignment_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.package} {self.starts_on}"

    def term(self, field: str):
        own = getattr(self, field)
        return own if own is not None else getattr(self.package, field)

    @property
    def individual(self) -> bool:
        return any(getattr(self, f) is not None for f in self.TERM_FIELDS)


class UsageRecord(BaseModel):
    """One service provided to a client (A1) or a usage another module recorded
    (usage_record). Counted in `period` (the first day of a month): the month of `date`,
    or the next open month when that one was already closed (`late`)."""

    class Source(models.TextChoices):
        STAFF = "staff", _("recorded by staff")
        SCAN = "scan", _("scan on request")
        ROOMS = "rooms", _("rooms")
        HELPDESK = "helpdesk", _("helpdesk")
        OTHER = "other", _("other")

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="+", verbose_name=_("client")
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="usages",
        verbose_name=_("service"),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    # What names the usage in any language, beside `description` (its text in the office's
    # language when it was recorded): a kind and its parameters, written in the reader's
    # language by summary.line_text (a room booking: its room, time and hours; an extra:
    # its names per language; a cancellation fee). None: `description` is the text.
    text = models.JSONField(null=True, blank=True)
    date = models.DateField(_("date"))
    period = models.DateField(_("period"))
    late = models.BooleanField(default=False)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECE)
    unit_price = _money(_("unit price"))
    vat_rate = models.CharField(_("VAT rate"), max_length=3, choices=VAT_CHOICES, default="23")
    metric = models.CharField(max_length=12, blank=True, choices=METRICS)
    note = models.CharField(_("note"), max_length=300, blank=True)
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF)
    source_ref = models.CharField(max_length=40, blank=True)
    created_by = user_reference(blank=True)

    class Meta:
        verbose_name = _("usage record")
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["period", "client"], name="billing_usage_period_idx"),
            models.Index(fields=["client", "period"], name="billing_usage_client_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0) | ~models.Q(reason=""),
                name="billing_usage_negative_needs_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0) | models.Q(quantity__lt=0),
                name="billing_usage_quantity_not_zero",
            ),
        ]

    def clean(self):
        if self.quantity is not None and self.quantity < 0 and not self.reason.strip():
            raise ValidationError(
                {"reason": _("A negative quantity is a correction: give its reason.")}
            )
        if self.quantity == 0:
            raise ValidationError({"quantity": _("Enter a quantity other than zero.")})


class PeriodClose(BaseModel):
    """A client's month closed: `figures` is the summary as it was (summary.as_dict())."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="+", verbose_name=_("client")
    )
    period = models.DateField(_("period"))
    figures = models.JSONField()
    # The office list's row of the closed month, stored once at close beside the figures it
    # is computed from (a closed month never changes): the list reads these columns instead
    # of decoding 20,000 frozen summaries (PeriodClose.row_fields).
    client_name = models.CharField(max_length=200, blank=True)
    package = models.CharField(max_length=100, blank=True)
    individual = models.BooleanField(default=False)
    net = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    vat = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    gross = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    over_limit = models.BooleanField(default=False)
    closed_by = user_reference(blank=True)

    class Meta:
        verbose_name = _("closed period")
        constraints = [
            models.UniqueConstraint(fields=["client", "period"], name="billing_close_once"),
            models.CheckConstraint(
                condition=models.Q(period__day=1), name="billing_close_first_of_month"
            ),
        ]

    @staticmethod
    def row_fields(summary) -> dict:
        """The stored row of a closed month: what the office list shows of `summary`."""
        return {
            "client_name": summary.client_name,
            "package": summary.package,
            "individual": summary.individual,
            "net": summary.net,
            "vat": summary.vat,
            "gross": summary.gross,
            "over_limit": summary.over_limit,
        }
