from django.contrib.postgres.fields import ArrayField
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import BaseModel, OfficeSettings, user_reference
from common.phones import phone_is_mobile
from modules.notifications.hooks import EMAIL, INAPP, SMS

LANGUAGE_CHOICES = [("pl", _("Polish")), ("sk", _("Slovak")), ("en", _("English"))]
phone_validator = RegexValidator(
    r"^\+[1-9]\d{7,14}$", _("Enter the number in international form, e.g. +48601234567.")
)
# Alphanumeric sender ids: 1-11 characters with a letter; numeric ones: up to 15 digits.
sender_id_validator = RegexValidator(
    r"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$|^\d{1,15}$",
    _("Up to 11 letters and digits (with at least one letter), or a number of up to 15 digits."),
)


class Channel(models.TextChoices):
    EMAIL = EMAIL, _("E-mail")
    SMS = SMS, _("SMS")
    INAPP = INAPP, _("In-app alert")


def default_countries() -> list[str]:
    return ["PL", "SK", "CZ"]


class NotificationSettings(OfficeSettings):
    """The office's own notification settings: one row per office schema (pk 1)."""

    office_email = models.EmailField(
        _("office e-mail address"),
        blank=True,
        help_text=_("Receives the notifications addressed to the office (e.g. scan requests)."),
    )
    office_phone = models.CharField(
        _("office SMS number"), max_length=16, blank=True, validators=[phone_validator]
    )
    sms_sender_id = models.CharField(
        _("SMS sender id"), max_length=15, blank=True, validators=[sender_id_validator]
    )
    sms_daily_cap = models.PositiveIntegerField(
        _("SMS per day (message parts)"), default=200, validators=[MaxValueValidator(100_000)]
    )
    sms_countries = ArrayField(
        models.CharField(max_length=2),
        default=default_countries,
        blank=True,
        verbose_name=_("countries SMS may be sent to"),
    )
    attachment_max_bytes = models.PositiveIntegerField(
        _("largest attachment (bytes)"),
        default=10 * 1024 * 1024,
        validators=[MinValueValidator(0), MaxValueValidator(25 * 1024 * 1024)],
        help_text=_("Larger files are replaced by a link to the client panel."),
    )
    # Office events: which channels are on, e.g. {"mail.scan_requested": ["email", "inapp"]}.
    # An event missing here uses its default channels.
    office_channels = models.JSONField(default=dict, blank=True)

    class Meta(OfficeSettings.Meta):
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(_("Notification settings"))


class NotificationRecipient(BaseModel):
    """An e-mail address or phone number that receives one client company's notifications.

    Client companies live in the clients module; they are referenced by id. Rows come from
    the clients module (`source="clients"`, kept in step by recipient_set()) or are added by
    hand on the recipients screen (`source="manual"`).
    """

    class Source(models.TextChoices):
        MANUAL = "manual", _("Added here")
        CLIENTS = "clients", _("From the client card")

    client_id = models.PositiveBigIntegerField(_("client"), db_index=True)
    client_label = models.CharField(_("client name"), max_length=200, blank=True)
    channel = models.CharField(
        _("channel"), max_length=8, choices=[(EMAIL, _("E-mail")), (SMS, _("SMS"))]
    )
    address = models.CharField(_("e-mail address or phone number"), max_length=254)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    events = ArrayField(
        models.CharField(max_length=64), default=list, blank=True, verbose_name=_("events")
    )
    is_active = models.BooleanField(pgettext_lazy("notification recipient", "active"), default=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.MANUAL)
    # The clients module's contact person this row comes from (source="clients"); the
    # card shows each person's rows. A plain id: contacts live in the clients module.
    contact_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("notification recipient")
        verbose_name_plural = _("notification recipients")
        ordering = ["client_id", "channel", "address"]
        constraints = [
            models.UniqueConstraint(
                "client_id", "channel", Lower("address"), name="notification_recipient_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.address

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        if self.channel == EMAIL:
            self.address = self.address.strip().lower()
            validate_email(self.address)
        elif self.channel == SMS:
            try:
                phone_validator(self.address)
            except ValidationError as exc:
                raise ValidationError({"address": exc.messages}) from exc
            if not phone_is_mobile(self.address):
                raise ValidationError({"address": _("SMS can be sent to mobile numbers only.")})


class MessageTemplate(BaseModel):
    """An office's own wording of one event in one language; absent means the default."""

    event = models.CharField(_("event"), max_length=64)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("message"))
    sms = models.TextField(_("SMS text"))
    # The default wording as it was when the office saved its own (selectors.
    # default_fingerprint): the editor tells the office when the default has changed since.
    # Empty for wording saved before 2026-12-07 (then new variables of the default tell).
    default_hash = models.CharField(max_length=64, blank=True, default="", db_default="")
    updated_by = user_reference(blank=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="message_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.language})"


class Notification(models.Model):
    """One call of notify(): the event, whom it concerns and what it said."""

    event = models.CharField(max_length=64)
    client_id = models.PositiveBigIntegerField(null=True, blank=True)
    context = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    # [{"path", "filename", "content_type", "size"}]; paths are relative to the office's media
    attachments = models.JSONField(default=list)
    attachments_linked = models.BooleanField(default=False)
    created_by = user_reference(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"


class Delivery(models.Model):
    """One message on one channel to one address: the delivery log."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", pgettext_lazy("delivery status", "Sent")
        FAILED = "failed", pgettext_lazy("delivery status", "Failed")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=64)
    client_id = models.PositiveBigIntegerField(_("client"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        NotificationRecipient,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    address = models.CharField(pgettext_lazy("notification", "recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=5)
    subject = models.TextField(_("subject"), blank=True)
    body = models.TextField(_("message"), blank=True)
    segments = models.PositiveSmallIntegerField(default=0)
    # The e-mail's buttons as rendered for this recipient: [{"label", "url"}].
    actions = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(pgettext_lazy("failure", "reason"), blank=True)
    provider_ref = models.CharField(max_length=200, blank=True)
    resend_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resends"
    )
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-queued_at", "-pk"]
        indexes = [
            models.Index(fields=["client_id", "-queued_at"], name="delivery_client_idx"),
            models.Index(fields=["status", "-queued_at"], name="delivery_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.address} ({self.status})"


class SmsDayCount(models.Model):
    """SMS parts sent per day (office time zone), for the daily cap."""

    day = models.DateField(unique=True)
    parts = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.parts}"


class StaffAlert(models.Model):
    """An in-app alert for one staff member (the bell, top right)."""

    user = user_reference(null=False)
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    event = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    # What the alert announces ("scanrequests.request:17"), given by the module that sent it;
    # that module resolves the alerts when the thing is handled (services.alerts_resolve).
    subject = models.CharField(max_length=100, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="staff_alert_unread_idx",
            ),
            models.Index(fields=["user", "-created_at"], name="staff_alert_user_idx"),
            models.Index(
                fields=["subject"],
                condition=models.Q(read_at__isnull=True) & ~models.Q(subject=""),
                name="staff_alert_subject_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title
