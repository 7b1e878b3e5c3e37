"""Scan requests (S1-S8): a client asks for a scan of an item that has none, the office
adds it (completed) or cancels the request (the client may then ask again)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import BaseModel, OfficeSettings, user_reference


class ScanRequestSettings(OfficeSettings):
    """The office's scan request settings (S1, S2, S7, turnaround). One row (pk 1)."""

    enabled = models.BooleanField(
        _("allow clients to request mail scans"),
        default=False,
        help_text=_("Single clients can be allowed or refused below, whatever is set here."),
    )
    confirmation_text = models.TextField(
        _("information shown when a request is confirmed"),
        blank=True,
        max_length=2000,
        help_text=_("For example: “Scanning mail may be charged.”"),
    )
    default_cost = models.DecimalField(
        _("default additional cost of a scan"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        help_text=_("Filled in when a requested scan is added; it can be changed each time."),
    )
    target_hours = models.PositiveSmallIntegerField(
        _("target time to fulfil a request (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text=_("Requests waiting longer are flagged on the screen and in an alert."),
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("scan request settings")
        verbose_name_plural = _("scan request settings")
        constraints = [
            *OfficeSettings.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(default_cost__gte=0), name="scanrequest_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Scan request settings"))


class ClientScanAccess(BaseModel):
    """One client's own answer to "may they request scans?" (S1), whatever the office-wide
    setting and the client's package say. No row: the client follows the package/office."""

    client = models.OneToOneField(
        "clients.Client",
        on_delete=models.CASCADE,
        related_name="scan_access",
        verbose_name=_("client"),
    )
    allowed = models.BooleanField(_("may request scans"))

    class Meta:
        verbose_name = _("client scan request setting")
        verbose_name_plural = _("client scan request settings")
        ordering = ["client__name"]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.allowed}"


class ScanRequest(BaseModel):
    """A client's request for a scan of one mail item (S3-S6)."""

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("scan request", "New")
        COMPLETED = "completed", pgettext_lazy("scan request", "Completed")
        CANCELLED = "cancelled", pgettext_lazy("scan request", "Cancelled")

    class Source(models.TextChoices):
        EMAIL = "email", _("E-mail link")
        PORTAL = "portal", _("Client panel")

    item = models.ForeignKey(
        "mail.MailItem",
        on_delete=models.CASCADE,
        related_name="scan_requests",
        verbose_name=_("mail item"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    source = models.CharField(_("asked through"), max_length=8, choices=Source.choices)
    # Who asked: a client user (panel) or a notification recipient (e-mail link). The name
    # and address are kept as they were, for the list and the office's notification.
    requested_by_user = user_reference(blank=True)
    requested_by_recipient_id = models.BigIntegerField(null=True, blank=True)
    requested_by = models.CharField(_("requested by"), max_length=254, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    closed_by = user_reference(blank=True)
    cancel_reason = models.CharField(
        pgettext_lazy("explanation", "reason"), max_length=300, blank=True
    )
    # Set when the "past the target time" alert went out, so it goes out once.
    overdue_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scan request")
        verbose_name_plural = _("scan requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Last line of defence behind the service's check: two clicks, two tabs or two
            # people of one company must not open two requests for one item.
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(status="new"),
                name="scanrequest_one_open_per_item",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="new", completed_at__isnull=True, cancelled_at__isnull=True)
                    | models.Q(status="completed", completed_at__isnull=False)
                    | models.Q(status="cancelled", cancelled_at__isnull=False)
                ),
                name="scanrequest_status_dates",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="scanrequest_status_idx"),
            models.Index(fields=["item", "-created_at"], name="scanrequest_item_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.status}"

    @property
    def closed_at(self):
        return self.completed_at or self.cancelled_at
