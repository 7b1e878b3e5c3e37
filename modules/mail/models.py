"""Mail items in both directions, their statuses, types, scans and the FTP intake (M1-M10)."""

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.colours import readable
from common.models import BaseModel, OfficeSettings, user_reference
from common.numbering import YearCounter
from common.text import visible_text_check

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1a7f37."))


class _BuiltinOrNamed(models.Model):
    """A list entry that is built in (a `code`, shown in each reader's language) or the
    office's own (its `name`, which it then must have)."""

    BUILTIN_LABELS: dict = {}
    NAME_MISSING = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return self.name or str(self.BUILTIN_LABELS.get(self.code, self.code))

    def clean(self) -> None:
        super().clean()
        if not self.code and not self.name.strip():
            raise ValidationError({"name": self.NAME_MISSING})
        # Only zero-width or direction characters (U+200B, U+202E): an empty-looking badge.
        visible_text_check(name=self.name)


class MailStatus(_BuiltinOrNamed):
    """A status of the office's mail (M3). Built-in meanings carry a stable `code` that other
    modules (hand-over, scan requests) look up; the office may rename them and add its own."""

    TO_PICK_UP = "to_pick_up"
    PICKED_UP = "picked_up"
    FORWARDED = "forwarded"
    SCANNED = "scanned"
    SHREDDED = "shredded"
    PO_BOX = "po_box"
    SENT = "sent"
    BUILTIN_LABELS = {
        TO_PICK_UP: _("To pick up"),
        PICKED_UP: _("Picked up"),
        FORWARDED: pgettext_lazy("mail status", "Forwarded"),
        SCANNED: _("Scanned"),
        SHREDDED: _("Shredded"),
        PO_BOX: _("PO box"),
        SENT: pgettext_lazy("mail status", "Sent"),
    }
    NAME_MISSING = _("Give the status a name.")

    class DefaultFor(models.TextChoices):
        NONE = "", _("—")
        INCOMING = "in", _("New incoming mail")
        OUTGOING = "out", _("New outgoing mail")

    code = models.SlugField(_("code"), max_length=32, blank=True, editable=False)
    # Empty for a built-in status: it is then shown in each person's language.
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=60, blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#6c757d", validators=[COLOUR])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    routes_to_handover = models.BooleanField(
        _("routes to hand-over"),
        default=False,
        help_text=_("Items in this status are listed on the hand-over screen."),
    )
    is_final = models.BooleanField(
        _("final (picked up)"),
        default=False,
        help_text=_("Leaving this status asks for confirmation."),
    )
    visible_to_client = models.BooleanField(_("visible to the client"), default=True)
    default_for = models.CharField(
        _("default for"), max_length=3, choices=DefaultFor.choices, default="", blank=True
    )
    is_active = models.BooleanField(pgettext_lazy("mail status", "active"), default=True)

    class Meta:
        verbose_name = _("mail status")
        verbose_name_plural = _("mail statuses")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="mail_status_code_unique"
            ),
            models.UniqueConstraint(
                fields=["default_for"],
                condition=~models.Q(default_for=""),
                name="mail_status_one_default_per_direction",
            ),
        ]

    @property
    def badge_colour(self) -> str:
        """The badge's background: `colour`, shaded darker if no text reads on it."""
        return readable(self.colour)[0]

    @property
    def text_colour(self) -> str:
        """Black or white text on badge_colour (common.colours)."""
        return readable(self.colour)[1]


class MailType(_BuiltinOrNamed):
    """Letter, registered letter, parcel... (M1); the office edits the list."""

    BUILTIN_LABELS = {
        "letter": _("Letter"),
        "registered": _("Registered letter"),
        "parcel": _("Parcel"),
        "notice": _("Postal notice"),
        "official": _("Official letter"),
    }
    NAME_MISSING = _("Give the type a name.")

    code = models.SlugField(_("code"), max_length=32, blank=True, editable=False)
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("mail type", "active"), default=True)

    class Meta:
        verbose_name = _("mail type")
        verbose_name_plural = _("mail types")
        ordering = ["order", "pk"]


class Correspondent(models.Model):
    """The address book of frequent senders and recipients, filled by registration."""

    name = models.CharField(pgettext_lazy("thing", "name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    use_count = models.PositiveIntegerField(default=0)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("correspondent")
        verbose_name_plural = _("correspondents")
        ordering = ["-use_count", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="mail_correspondent_name_ci_unique")
        ]
        indexes = [
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="mail_corr_name_trgm")
        ]

    def __str__(self) -> str:
        return self.name


class MailItem(BaseModel):
    """One item of mail received for a client or sent to / for it (M1, M9).

    References to people (public schema) are DO_NOTHING without a constraint: deleting a
    user from the public schema must not reach into office schemas (as in the audit log).
    """

    class Direction(models.TextChoices):
        INCOMING = "in", _("Incoming")
        OUTGOING = "out", _("Outgoing")

    class Notify(models.TextChoices):
        NONE = "none", _("No notification")
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        EMAIL_SCAN = "email_scan", _("E-mail with the scan attached")
        EMAIL_SMS = "email_sms", _("E-mail and SMS")
        EMAIL_SCAN_SMS = "email_scan_sms", _("E-mail with the scan and SMS")

        @classmethod
        def channels(cls, choice: str) -> set[str]:
            """The notification channels a choice sends on (M2: e-mail and SMS together)."""
            return {
                channel
                for channel, chosen in (
                    ("email", choice.startswith("email")),
                    ("sms", choice.endswith("sms")),
                )
                if chosen
            }

        @classmethod
        def with_scan(cls, choice: str) -> bool:
            return choice in (cls.EMAIL_SCAN, cls.EMAIL_SCAN_SMS)

    class PickupMethod(models.TextChoices):
        # Set by the hand-over module (H4, H6); kept here so the export can show them.
        CONFIRMED = "confirmed", _("Pickup confirmed")
        PRINTED = "printed", _("Printed confirmation")
        DIGITAL = "digital", _("Digital signature")
        FORWARDED = "forwarded", pgettext_lazy("hand-over way", "Forwarded")
        PO_BOX = "po_box", _("PO box")

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.INCOMING
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="mail_items",
        verbose_name=_("client"),
    )
    sender = models.CharField(_("sender"), max_length=200, blank=True)
    recipient = models.CharField(
        pgettext_lazy("mail item", "recipient"), max_length=200, blank=True
    )
    mail_type = models.ForeignKey(
        MailType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type")
    )
    received_at = models.DateTimeField(_("received / sent"))
    pieces = models.PositiveSmallIntegerField(
        _("pieces"), default=1, validators=[MinValueValidator(1)]
    )
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    additional_info = models.TextField(_("additional information"), blank=True)
    additional_cost = models.DecimalField(
        _("additional cost"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    status = models.ForeignKey(
        MailStatus, on_delete=models.PROTECT, related_name="items", verbose_name=_("status")
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    notify_choice = models.CharField(
        _("notification"), max_length=16, choices=Notify.choices, default=Notify.NONE
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    notification_id = models.BigIntegerField(null=True, blank=True)
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)
    picked_up_by = models.CharField(_("picked up by"), max_length=200, blank=True)
    pickup_method = models.CharField(
        _("pickup method"), max_length=12, choices=PickupMethod.choices, blank=True
    )
    registered_by = user_reference(blank=True)
    scan_count = models.PositiveSmallIntegerField(default=0, editable=False)
    # Maintained by a database trigger (migration 0002) so that bulk SQL inserts get it too:
    # the unaccented, lower-cased number, sender, recipient, tracking number and notes.
    search_document = models.TextField(default="", editable=False)

    class Meta:
        verbose_name = _("mail item")
        verbose_name_plural = _("mail items")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pieces__gte=1), name="mail_pieces_positive"),
            models.CheckConstraint(
                condition=models.Q(additional_cost__gte=0), name="mail_cost_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-received_at", "-id"], name="mail_status_date_idx"),
            # A status tab with a direction or type filter that matches few (or no) rows
            # would otherwise walk the whole status in date order.
            models.Index(
                fields=["status", "direction", "-received_at", "-id"],
                name="mail_status_dir_date_idx",
            ),
            models.Index(
                fields=["status", "mail_type", "-received_at", "-id"],
                name="mail_status_type_date_idx",
            ),
            models.Index(fields=["client", "-received_at", "-id"], name="mail_client_date_idx"),
            models.Index(fields=["-received_at", "-id"], name="mail_date_idx"),
            # Billing's month (selectors.billing_figures / billing_costs): the items forwarded
            # in a month and the items with a cost are a few in a million; without these
            # the month read every row (forwarded: a sequential scan of the table, 148 ms at
            # a million items; costs: every item of the month, 27 ms; both now under 2 ms).
            models.Index(
                fields=["picked_up_at"],
                condition=models.Q(pickup_method="forwarded"),
                name="mail_forwarded_idx",
            ),
            models.Index(
                fields=["received_at"],
                condition=models.Q(additional_cost__gt=0),
                name="mail_cost_date_idx",
            ),
            GinIndex(
                fields=["search_document"], opclasses=["gin_trgm_ops"], name="mail_search_trgm"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def correspondent(self) -> str:
        return self.sender if self.direction == self.Direction.INCOMING else self.recipient


class MailScan(models.Model):
    """A scanned file of a mail item (M4): PDF, JPEG or PNG, checked by content."""

    class Source(models.TextChoices):
        UPLOAD = "upload", pgettext_lazy("scan source", "Uploaded")
        FTP = "ftp", _("Scanner (FTP)")

    item = models.ForeignKey(MailItem, on_delete=models.CASCADE, related_name="scans")
    # Relative to the office (common.storage); served only by permission-checked views.
    path = models.CharField(max_length=300)
    thumbnail_path = models.CharField(max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField(_("size"))
    pages = models.PositiveIntegerField(_("pages"), default=1)
    sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.UPLOAD)
    uploaded_by = user_reference(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ScannerAccount(BaseModel):
    """An FTP login of one of the office's scanners (M5). It may only store files.

    The FTP user name is "<office subdomain>.<name>": the server finds the office from it and
    checks the password in that office's schema only.
    """

    name = models.SlugField(pgettext_lazy("thing", "name"), max_length=40, unique=True)
    password = models.CharField(max_length=200)
    is_active = models.BooleanField(pgettext_lazy("scanner account", "active"), default=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scanner account")
        verbose_name_plural = _("scanner accounts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InboxScan(models.Model):
    """A file from a scanner that is not attached to an item: unassigned (staff attach it in
    two clicks) or quarantined with the reason (damaged, empty, oversize, wrong type)."""

    class State(models.TextChoices):
        UNASSIGNED = "unassigned", _("Unassigned")
        QUARANTINED = "quarantined", _("Quarantined")
        ATTACHED = "attached", _("Attached")
        DISCARDED = "discarded", _("Discarded")

    state = models.CharField(max_length=12, choices=State.choices)
    path = models.CharField(max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=40, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    reason = models.CharField(pgettext_lazy("failure", "reason"), max_length=300, blank=True)
    account = models.ForeignKey(
        ScannerAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item = models.ForeignKey(
        MailItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scanner file")
        verbose_name_plural = _("scanner files")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "-created_at"], name="mail_inbox_state_idx")]

    def __str__(self) -> str:
        return self.original_name


class MailSettings(OfficeSettings):
    """The office's mail settings (Administration > Settings > Mail). One row."""

    missing_attachment_alert = models.BooleanField(
        _("missing-attachment alert"),
        default=True,
        help_text=_("Warn before an e-mail that should carry the scan is sent without one."),
    )
    scan_max_mb = models.PositiveSmallIntegerField(
        _("largest scan (MB)"), default=20, validators=[MinValueValidator(1)]
    )
    notify_default = models.CharField(
        _("default notification"),
        max_length=16,
        choices=MailItem.Notify.choices,
        default=MailItem.Notify.EMAIL,
        help_text=_("Chosen on the registration form until staff choose otherwise."),
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("mail settings")
        verbose_name_plural = _("mail settings")

    def __str__(self) -> str:
        return "mail settings"

    @property
    def scan_max_bytes(self) -> int:
        return self.scan_max_mb * 1024 * 1024


class MailCounter(YearCounter):
    """The last item number given out in a year (`common.numbering.number_next`)."""

    class Meta:
        verbose_name = _("mail number counter")
        verbose_name_plural = _("mail number counters")


class MailExport(BaseModel):
    """An Excel export run by the worker (M6), with its progress and file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", pgettext_lazy("export status", "Failed")

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    filters = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=5, default="en")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    path = models.CharField(max_length=300, blank=True)
    file_name = models.CharField(max_length=120, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_by = user_reference()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mail export")
        verbose_name_plural = _("mail exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name or f"export {self.pk}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100


class ClientMailPreferences(BaseModel):
    """A client's own mail choices (on the Mail tab of its card): the notification chosen
    on the registration form when this client is picked, over the office's default."""

    client = models.OneToOneField(
        "clients.Client",
        on_delete=models.CASCADE,
        related_name="mail_preferences",
        verbose_name=_("client"),
    )
    notify_default = models.CharField(
        _("default notification"),
        max_length=16,
        choices=MailItem.Notify.choices,
        blank=True,
        help_text=_("Empty: the office's default."),
    )

    class Meta:
        verbose_name = _("client's mail preferences")
        verbose_name_plural = _("clients' mail preferences")

    def __str__(self) -> str:
        return f"mail preferences of client {self.client_id}"
