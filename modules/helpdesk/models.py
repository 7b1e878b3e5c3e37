"""Helpdesk requests (T1-T5, T8, T10, T12): a client's (or the office's own) request, its
discussion, quotes, the field history and who may do what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import BaseModel, OfficeSettings, user_reference
from common.names import NAME_LABELS, name_in, names_check
from common.numbering import YearCounter
from common.text import visible_text_check


class HelpdeskSettings(OfficeSettings):
    approval_required = models.BooleanField(
        _("every request needs approval before work starts"),
        default=False,
        help_text=_("Categories can require approval on their own, whatever is set here."),
    )
    auto_accept_days = models.PositiveSmallIntegerField(
        _("accept resolved requests automatically after (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("helpdesk settings")
        verbose_name_plural = _("helpdesk settings")

    def __str__(self) -> str:
        return str(_("Helpdesk settings"))


class Team(BaseModel):
    """A team of the office's staff; a category routes its requests to a team."""

    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        visible_text_check(name=self.name)  # not only zero-width or direction characters


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = user_reference(null=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="hd_team_member_once")]

    def __str__(self) -> str:
        return f"{self.team_id}: {self.user_id}"


class Category(BaseModel):
    """A category of requests (T8); a tree through `parent`. Named per language
    (common.names): the office's required, the others fall back to it."""

    name_pl = models.CharField(
        NAME_LABELS["pl"], max_length=120, blank=True, default="", db_default=""
    )
    name_sk = models.CharField(
        NAME_LABELS["sk"], max_length=120, blank=True, default="", db_default=""
    )
    name_en = models.CharField(
        NAME_LABELS["en"], max_length=120, blank=True, default="", db_default=""
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    requires_approval = models.BooleanField(_("needs approval before work starts"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="categories",
        verbose_name=_("team"),
    )

    class Meta:
        verbose_name = _("request category")
        verbose_name_plural = _("request categories")
        ordering = ["pk"]  # lists sort by the name a reader sees (selectors.category_list)

    def name(self, language: str | None = None) -> str:
        """The name for a reader of `language` (default: the active one), else the
        office's. Templates call it with the viewer's: {{ category.name }}."""
        return name_in(self, language)

    def label(self, language: str | None = None) -> str:
        """ "Parent / name" in a reader's language."""
        if self.parent_id:
            return f"{self.parent.name(language)} / {self.name(language)}"
        return self.name(language)

    def __str__(self) -> str:
        return self.label()

    def clean(self) -> None:
        super().clean()
        names_check(self)
        # not only zero-width or direction characters
        visible_text_check(name_pl=self.name_pl, name_sk=self.name_sk, name_en=self.name_en)


class CategoryField(BaseModel):
    """A custom field of a category's requests (T8), asked on the client and staff forms;
    the value is kept typed in `Request.fields` under the field's id."""

    class Kind(models.TextChoices):
        TEXT = "text", pgettext_lazy("field kind", "Text")
        NUMBER = "number", pgettext_lazy("field kind", "Number")
        DATE = "date", pgettext_lazy("field kind", "Date")
        CHOICE = "choice", pgettext_lazy("field kind", "Choice")
        YES_NO = "yes_no", pgettext_lazy("field kind", "Yes / no")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="fields")
    label = models.CharField(_("label"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")
        ordering = ["category_id", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        super().clean()
        visible_text_check(label=self.label)  # not only zero-width or direction characters


class StaffNotice(models.Model):
    """A staff person's helpdesk notifications switched off ("event:channel"); none: all on."""

    user = user_reference(null=False)
    off = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user"], name="hd_staff_notice_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.off}"


class HelpdeskCounter(YearCounter):
    """The last request number given in a year (`common.numbering.number_next`)."""

    class Meta:
        verbose_name = _("request number counter")
        verbose_name_plural = _("request number counters")


class Access(BaseModel):
    """A person's helpdesk level (T12). Staff: agent, supervisor or read-only (no row: owners
    and admins are supervisors, staff are agents). Client users, per company: requester or
    manager (no row: requester)."""

    class Level(models.TextChoices):
        AGENT = "agent", _("Helpdesk agent")
        SUPERVISOR = "supervisor", _("Helpdesk supervisor")
        READ_ONLY = "read_only", _("Read only")
        REQUESTER = "requester", _("Requester")
        MANAGER = "manager", _("Approver / manager")

    user = user_reference(null=False)
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("client"),
    )
    level = models.CharField(_("helpdesk access"), max_length=12, choices=Level.choices)

    class Meta:
        verbose_name = _("helpdesk access")
        verbose_name_plural = _("helpdesk access")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(client__isnull=True), name="hd_access_staff"
            ),
            models.UniqueConstraint(
                fields=["user", "client"],
                condition=models.Q(client__isnull=False),
                name="hd_access_client",
            ),
            models.CheckConstraint(
                # Equalities, not IN: a cloned schema deparses an IN list differently
                # (tests/tenants/test_provisioning.py compares the definitions).
                condition=(
                    models.Q(client__isnull=True)
                    & (
                        models.Q(level="agent")
                        | models.Q(level="supervisor")
                        | models.Q(level="read_only")
                    )
                )
                | (
                    models.Q(client__isnull=False)
                    & (models.Q(level="requester") | models.Q(level="manager"))
                ),
                name="hd_access_level_fits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.client_id}: {self.level}"


class Request(BaseModel):
    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("helpdesk request", "New")
        WAITING_APPROVAL = "waiting_approval", _("Waiting for approval")
        APPROVED = "approved", pgettext_lazy("helpdesk request", "Approved")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING_CLIENT = "waiting_client", _("Waiting for the client")
        WAITING_QUOTE = "waiting_quote", _("Waiting for quote acceptance")
        RESOLVED = "resolved", pgettext_lazy("helpdesk request", "Resolved")
        ACCEPTED = "accepted", pgettext_lazy("helpdesk request", "Accepted")
        REOPENED = "reopened", pgettext_lazy("helpdesk request", "Reopened")
        CLOSED = "closed", pgettext_lazy("helpdesk request", "Closed")
        REJECTED = "rejected", pgettext_lazy("helpdesk request", "Rejected")

    class Priority(models.TextChoices):
        LOW = "low", pgettext_lazy("priority", "Low")
        NORMAL = "normal", pgettext_lazy("priority", "Normal")
        HIGH = "high", pgettext_lazy("priority", "High")
        URGENT = "urgent", pgettext_lazy("priority", "Urgent")

    class Source(models.TextChoices):
        PORTAL = "portal", _("Client panel")
        STAFF = "staff", _("Staff (phone, in person)")
        MAIL = "mail", _("Mail item")
        EMAIL = "email", _("E-mail")
        SCHEDULE = "schedule", _("Recurring task")

    number = models.CharField(_("number"), max_length=20, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="helpdesk_requests",
        verbose_name=_("client"),
    )
    requester = user_reference(blank=True, verbose_name=_("requester"))
    requester_label = models.CharField(_("requester"), max_length=254, blank=True)
    source = models.CharField(_("raised through"), max_length=8, choices=Source.choices)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("category"),
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    assignee = user_reference(blank=True, verbose_name=_("assignee"))
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("team"),
    )
    # The category's custom fields: {"<field id>": typed value} (validated by the service).
    fields = models.JSONField(default=dict, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    requires_approval = models.BooleanField(_("needs approval"), default=False)
    mail_item = models.ForeignKey(
        "mail.MailItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helpdesk_requests",
        verbose_name=_("mail item"),
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    accepted_at = models.DateTimeField(
        pgettext_lazy("helpdesk request", "accepted"), null=True, blank=True
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("comment on the rating"), max_length=2000, blank=True)
    # Raised by each write; a form posting an older version is refused (no lost change).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("helpdesk request")
        verbose_name_plural = _("helpdesk requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="hd_request_rating_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="hd_request_status_idx"),
            # The queue's order: every saved filter reads newest first and stops at a page.
            models.Index(fields=["-created_at", "-id"], name="hd_request_newest_idx"),
            models.Index(fields=["assignee", "status"], name="hd_request_assignee_idx"),
            models.Index(fields=["client", "-created_at"], name="hd_request_client_idx"),
            models.Index(fields=["team", "status"], name="hd_request_team_idx"),
            # The queue's filter by a custom value (fields @> {"<id>": value}).
            GinIndex(fields=["fields"], name="hd_request_fields_gin"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def requester_shown(self) -> Person:
        """Who raised the request, shown one way wherever it is shown (the partial
        helpdesk/partials/requester.html): the name, the e-mail address apart. From e-mail
        the label is "Marek Zieliński <marek@firma.pl>" (intake) or the bare address; from
        the panel or the desk it is the user's name, their address is the account's."""
        label = self.requester_label.strip()
        if label.endswith(">") and " <" in label:
            name, address = label[:-1].rsplit(" <", 1)
            return Person(name=name.strip().strip('"') or address.strip(), address=address.strip())
        if "@" in label and " " not in label:
            return Person(name=label)  # the address is all the sender gave
        address = ""
        if self.requester_id is not None:
            try:
                # None, or no row, once the account was deleted (no constraint across schemas)
                address = getattr(self.requester, "email", "") or ""
            except models.ObjectDoesNotExist:
                address = ""
        return Person(name=label, address=address if address != label else "")


@dataclass(frozen=True)
class Person:
    """A person as a page shows them: the name, and the e-mail address apart (on hover)."""

    name: str
    address: str = ""


class Watcher(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="watchers")
    user = user_reference(null=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "user"], name="hd_watcher_once")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.user_id}"


class Reply(BaseModel):
    """A public reply (the client sees it, it is e-mailed) or an internal note (staff only)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="replies")
    author = user_reference(blank=True)
    author_label = models.CharField(_("author"), max_length=254, blank=True)
    body = models.TextField(_("reply"), max_length=20000)
    internal = models.BooleanField(_("internal note"), default=False)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"], name="hd_reply_request_idx")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.body[:40]}"


class Attachment(BaseModel):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    name = models.CharField(max_length=300)  # storage name relative to the office
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100)
    uploaded_by = user_reference(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Change(models.Model):
    """One field's change on a request (T10): who, when, old and new value."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="changes")
    actor = user_reference(blank=True)
    actor_label = models.CharField(max_length=254, blank=True)
    field = models.CharField(max_length=40)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"], name="hd_change_request_idx")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.field}"


class Quote(BaseModel):
    class Status(models.TextChoices):
        SENT = "sent", pgettext_lazy("quote", "Sent")
        ACCEPTED = "accepted", pgettext_lazy("quote", "Accepted")
        DECLINED = "declined", pgettext_lazy("quote", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("quote", "Withdrawn")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="quotes")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    valid_until = models.DateField(_("valid until"))
    note = models.TextField(_("note for the client"), max_length=4000, blank=True)
    # Staff only: never shown to the client (panel, e-mail, API).
    internal_cost = models.DecimalField(
        _("internal cost"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    created_by = user_reference(blank=True)
    decided_by_label = models.CharField(max_length=254, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(max_length=2000, blank=True)
    billed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.status}"

    @property
    def net_total(self) -> Decimal:
        return sum((line.net for line in self.lines.all()), Decimal("0"))

    @property
    def gross_total(self) -> Decimal:
        return sum((line.gross for line in self.lines.all()), Decimal("0"))


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit_price = models.DecimalField(
        _("unit price (net)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("23"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def net(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))

    @property
    def gross(self) -> Decimal:
        return (self.net * (1 + self.vat_rate / 100)).quantize(Decimal("0.01"))


class BillableWork(BaseModel):
    """Work on a client's request the office charges for (T3): recorded in the client's
    settlement (billing.usage_record) at once. `key` is the form's own: a form sent twice
    records once."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="billable_work")
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_price = models.DecimalField(
        _("unit price (net)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    vat_rate = models.CharField(_("VAT rate"), max_length=3)
    key = models.UUIDField(unique=True)
    usage_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = user_reference(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.description


class CannedReply(BaseModel):
    """A prepared reply of the office (T4), picked on the request page."""

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=5000)

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


# E-mail intake (T11): the office's mailbox read over IMAP (modules/helpdesk/intake/).


class IntakeSettings(OfficeSettings):
    """The office's intake mailbox. The password is sealed (common.sealed) and never shown
    back; an empty password field on the form keeps the stored one."""

    class Security(models.TextChoices):
        SSL = "ssl", _("SSL/TLS")
        STARTTLS = "starttls", _("STARTTLS")
        NONE = "none", _("None (loopback or a trusted network only)")

    class Unknown(models.TextChoices):
        TRIAGE = "triage", _("Keep for triage (staff assign them to a client)")
        RAISE = "raise", _("Raise an internal request")

    enabled = models.BooleanField(_("read the mailbox"), default=False)
    host = models.CharField(_("IMAP server"), max_length=200, blank=True)
    port = models.PositiveIntegerField(
        _("port"), default=993, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    security = models.CharField(
        _("connection security"), max_length=8, choices=Security.choices, default=Security.SSL
    )
    username = models.CharField(_("user name"), max_length=254, blank=True)
    password_sealed = models.TextField(blank=True, editable=False)
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    unknown_senders = models.CharField(
        _("e-mail from unknown senders"),
        max_length=8,
        choices=Unknown.choices,
        default=Unknown.TRIAGE,
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("e-mail intake settings")
        verbose_name_plural = _("e-mail intake settings")

    def __str__(self) -> str:
        return str(_("E-mail intake settings"))


class IntakeFolder(models.Model):
    """What was read from one folder: its UIDVALIDITY and the last UID processed (a new
    UIDVALIDITY starts over; Message-IDs still stop duplicates), and the mailbox's health:
    failures in a row, the last error and when the next attempt may run (backoff)."""

    folder = models.CharField(max_length=200, unique=True)
    uidvalidity = models.PositiveBigIntegerField(null=True, blank=True)
    last_uid = models.PositiveBigIntegerField(default=0)
    last_success_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.folder}: {self.uidvalidity}/{self.last_uid}"


class InboundEmail(BaseModel):
    """One e-mail the intake read, kept raw (.eml through common.storage) with what became
    of it. `message_key` is unique: the same message (by Message-ID, or a hash of its bytes
    when it has none) is never processed twice."""

    class Status(models.TextChoices):
        RAISED = "raised", _("Raised a request")
        THREADED = "threaded", _("Added to a request")
        TRIAGE = "triage", _("Waiting for triage")
        QUARANTINE = "quarantine", _("Quarantined")
        IGNORED = "ignored", _("Ignored (automatic e-mail)")
        DISCARDED = "discarded", pgettext_lazy("e-mail", "Discarded")

    message_key = models.CharField(max_length=300, unique=True)
    message_id = models.CharField(max_length=998, blank=True)
    folder = models.CharField(max_length=200, blank=True)
    uid = models.PositiveBigIntegerField(null=True, blank=True)
    uidvalidity = models.PositiveBigIntegerField(null=True, blank=True)
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    sender_name = models.CharField(max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    raw_name = models.CharField(max_length=300, blank=True)  # office storage name of the .eml
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reason = models.TextField(pgettext_lazy("failure", "reason"), blank=True)
    # The reason as a code and its values (intake/reasons.py), put into words when read.
    reason_code = models.CharField(max_length=40, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    request = models.ForeignKey(
        Request, on_delete=models.SET_NULL, null=True, blank=True, related_name="emails"
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.SET_NULL, null=True, blank=True, related_name="emails"
    )
    reopened = models.BooleanField(default=False)
    handled_by = user_reference(blank=True)

    class Meta:
        verbose_name = _("received e-mail")
        verbose_name_plural = _("received e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="hd_email_status_idx"),
            models.Index(fields=["message_id"], name="hd_email_message_id_idx"),
            models.Index(fields=["sender", "created_at"], name="hd_email_sender_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"

    @property
    def reason_label(self) -> str:
        """Why it waits, was ignored or kept, in the reader's language."""
        from modules.helpdesk.intake.reasons import reason_label

        return reason_label(self.reason_code, self.reason_params, self.reason)


class Schedule(BaseModel):
    """A recurring task of a client (T7): every N days, weeks (on a weekday) or months (on a
    day of the month, clamped to shorter months, or the last day) from `starts_on` until
    `ends_on`; each occurrence raises a request from the template (source `schedule`).
    `next_on`: the next occurrence not raised yet (None: no more)."""

    class Frequency(models.TextChoices):
        DAYS = "days", _("Every N days")
        WEEKS = "weeks", _("Every N weeks")
        MONTHS = "months", _("Every N months")

    LAST_DAY = -1  # month_day: the last day of the month

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        related_name="helpdesk_schedules",
        verbose_name=_("client"),
    )
    frequency = models.CharField(_("repeats"), max_length=6, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(
        _("every"), default=1, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), null=True, blank=True, validators=[MaxValueValidator(6)]
    )
    month_day = models.SmallIntegerField(
        _("day of the month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-1), MaxValueValidator(31)],
    )
    starts_on = models.DateField(_("first date"))
    ends_on = models.DateField(_("last date"), null=True, blank=True)
    next_on = models.DateField(_("next date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schedules",
        verbose_name=_("category"),
    )
    priority = models.CharField(
        _("priority"),
        max_length=8,
        choices=Request.Priority.choices,
        default=Request.Priority.NORMAL,
    )
    assignee = user_reference(blank=True, verbose_name=_("assignee"))
    created_by = user_reference(blank=True)

    class Meta:
        verbose_name = _("recurring task")
        verbose_name_plural = _("recurring tasks")
        ordering = ["next_on", "pk"]
        indexes = [models.Index(fields=["is_active", "next_on"], name="hd_schedule_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="hd_schedule_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class ScheduleRun(models.Model):
    """One occurrence of a schedule, raised (or skipped as missed) exactly once: the unique
    (schedule, occurs_on) pair is what makes a doubled or concurrent run raise nothing twice."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="runs")
    occurs_on = models.DateField()
    request = models.ForeignKey(
        Request, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurs_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "occurs_on"], name="hd_schedule_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id}: {self.occurs_on}"


class SlaSettings(OfficeSettings):
    """The office's business hours for SLA clocks (the office module stores no opening hours;
    the rooms' hours are for bookings) and when a request counts as at risk."""

    opens = models.TimeField(_("business hours start"), default=dt.time(9, 0))
    closes = models.TimeField(_("business hours end"), default=dt.time(17, 0))
    workdays = models.JSONField(_("working days"), default=list, blank=True)  # [] = Mon-Fri
    at_risk_percent = models.PositiveSmallIntegerField(
        _("at risk when this share of the target is used (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("SLA settings")
        verbose_name_plural = _("SLA settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="hd_sla_opens_before"
            )
        ]

    def __str__(self) -> str:
        return str(_("SLA settings"))


# The longest target a policy may set: the Administration form's 9,999.99 business hours,
# which the API holds to as well.
SLA_MAX_MINUTES = 599_999


class SlaPolicy(BaseModel):
    """Targets in business hours for requests of a priority, category and/or client (empty:
    any). The most specific active policy wins: client over category over priority (sla.py).
    One active policy per scope (the same priority, category and client): a second would
    never apply."""

    name = models.CharField(_("name"), max_length=120)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Request.Priority.choices, blank=True
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("client"),
    )
    first_response_minutes = models.PositiveIntegerField(
        _("first response within (business minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(SLA_MAX_MINUTES)],
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution within (business minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(SLA_MAX_MINUTES)],
    )
    is_active = models.BooleanField(pgettext_lazy("sla policy", "active"), default=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["-is_active", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "category", "client"],
                condition=models.Q(is_active=True),
                nulls_distinct=False,
                name="hd_sla_one_active_per_scope",
                violation_error_message=_(
                    "An active policy already applies to this priority, category and client: "
                    "change that one instead."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        visible_text_check(name=self.name)  # not only zero-width or direction characters
        if (
            self.first_response_minutes
            and self.resolution_minutes
            and self.resolution_minutes < self.first_response_minutes
        ):
            raise ValidationError(
                {"resolution_minutes": _("The resolution cannot be due before the first response.")}
            )


class SlaClock(models.Model):
    """A request's SLA clocks (one row per request with a policy), kept by sla.py so the queue
    reads dates, never the history. `*_due` and `*_risk_at` are valid while the clock runs
    (`paused_since` empty); `paused_seconds`: business seconds spent paused so far."""

    request = models.OneToOneField(
        Request, on_delete=models.CASCADE, primary_key=True, related_name="sla"
    )
    policy = models.ForeignKey(SlaPolicy, on_delete=models.SET_NULL, null=True, related_name="+")
    started_at = models.DateTimeField()
    response_target = models.PositiveIntegerField()  # business seconds
    resolution_target = models.PositiveIntegerField()
    response_due = models.DateTimeField()
    response_risk_at = models.DateTimeField()
    resolution_due = models.DateTimeField()
    resolution_risk_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    response_seconds = models.PositiveIntegerField(null=True, blank=True)  # business, to reply
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_seconds = models.PositiveIntegerField(null=True, blank=True)  # business, unpaused
    paused_since = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    # Alerts sent: 0 none, 1 at risk, 2 breached (each threshold once).
    response_alert = models.PositiveSmallIntegerField(default=0)
    resolution_alert = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["resolution_risk_at"], name="hd_sla_resolution_risk_idx"),
            models.Index(fields=["response_risk_at"], name="hd_sla_response_risk_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.resolution_due}"


# Work orders (T6, "miniZákazky") and the work log (T9): issue 21, part hd-orders.


class WorkOrderCounter(YearCounter):
    """The last work order number given in a year (`common.numbering.number_next`)."""


class WorkOrder(BaseModel):
    """Requests grouped for economic tracking and dispatching (T6): a budget in hours and/or
    an amount, a dispatcher, the operators assigned, planned dates."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("work order", "Draft")
        OPEN = "open", pgettext_lazy("work order", "Open")
        IN_PROGRESS = "in_progress", pgettext_lazy("work order", "In progress")
        DONE = "done", pgettext_lazy("work order", "Done")
        CANCELLED = "cancelled", pgettext_lazy("work order", "Cancelled")

    number = models.CharField(_("number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="helpdesk_orders",
        verbose_name=_("client"),
    )
    budget_hours = models.DecimalField(
        _("budget (hours)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    budget_amount = models.DecimalField(
        _("budget (net amount)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    dispatcher = user_reference(blank=True, verbose_name=_("dispatcher"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_start__isnull=True)
                | models.Q(planned_end__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="hd_order_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "planned_start"], name="hd_order_status_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def operator_ids(self) -> list[int]:
        return sorted(op.user_id for op in self.operators.all())


class WorkOrderOperator(models.Model):
    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="operators")
    user = user_reference(null=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "user"], name="hd_order_operator_once")
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.user_id}"


class WorkOrderRequest(models.Model):
    """A request belongs to at most one work order."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="links")
    request = models.OneToOneField(Request, on_delete=models.CASCADE, related_name="order_link")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.request_id}"


class WorkRate(BaseModel):
    """An hourly net rate of the work log (T9): an operator's (`user`) or a client's terms
    (`client`); exactly one of the two. The catalogue's rate is `WorkSettings.service`."""

    user = user_reference(blank=True, verbose_name=_("operator"))
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("client"),
    )
    hourly_rate = models.DecimalField(
        _("hourly rate (net)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(user__isnull=True) & models.Q(client__isnull=False))
                | (models.Q(user__isnull=False) & models.Q(client__isnull=True)),
                name="hd_rate_one_owner",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(user__isnull=False), name="hd_rate_user_once"
            ),
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(client__isnull=False),
                name="hd_rate_client_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id or self.client_id}: {self.hourly_rate}"


class WorkTimer(models.Model):
    """One row per operator, locked while their timer starts or stops: one running timer."""

    user = user_reference(null=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user"], name="hd_timer_user_once")]

    def __str__(self) -> str:
        return str(self.user_id)


class WorkLog(BaseModel):
    """Time an operator spent on a request (T9): a typed duration or a timer (`started_at`
    set; `minutes` empty while it runs). The rate and the amount are fixed when the entry is
    written; `work` is the BillableWork that carried it into the settlement (then it is
    billed and can no longer change)."""

    class RateSource(models.TextChoices):
        CLIENT = "client", _("client's terms")
        OPERATOR = "operator", _("operator's rate")
        SERVICE = "service", _("service catalogue")
        NONE = "none", _("no rate")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="work_log")
    operator = user_reference(null=False, verbose_name=_("operator"))
    operator_label = models.CharField(max_length=254, blank=True)
    date = models.DateField(_("date"))
    started_at = models.DateTimeField(null=True, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    description = models.CharField(_("work done"), max_length=500, blank=True)
    billable = models.BooleanField(_("billable"), default=True)
    rate = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    rate_source = models.CharField(max_length=8, choices=RateSource.choices, default="none")
    vat_rate = models.CharField(max_length=3, default="23")
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    capped = models.BooleanField(default=False)
    work = models.OneToOneField(
        BillableWork, on_delete=models.PROTECT, null=True, blank=True, related_name="log"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("work log entry")
        verbose_name_plural = _("work log")
        ordering = ["date", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["operator"],
                condition=models.Q(minutes__isnull=True),
                name="hd_worklog_one_running",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__isnull=True) | models.Q(minutes__gt=0),
                name="hd_worklog_minutes_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__isnull=False) | models.Q(started_at__isnull=False),
                name="hd_worklog_running_is_timer",
            ),
        ]
        indexes = [
            models.Index(fields=["request", "date"], name="hd_worklog_request_idx"),
            models.Index(fields=["operator", "date"], name="hd_worklog_operator_idx"),
            models.Index(fields=["date"], name="hd_worklog_date_idx"),
        ]

    @property
    def hours(self) -> Decimal | None:
        """The entry's time as the work log shows and bills it: hours to 0.01, half up
        ("1.50"; 50 min = 0.83), the unit of the total and of the settlement's line."""
        if self.minutes is None:
            return None
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def __str__(self) -> str:
        return f"{self.request_id}: {self.minutes}"

    @property
    def running(self) -> bool:
        return self.minutes is None


class WorkSettings(OfficeSettings):
    """The work log's office defaults: the catalogue service whose net price is the hourly
    rate when neither the client's terms nor the operator have one, and its VAT rate."""

    service = models.ForeignKey(
        "billing.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service for logged time"),
    )
    vat_rate = models.CharField(_("VAT rate of logged time"), max_length=3, default="23")

    class Meta(OfficeSettings.Meta):
        verbose_name = _("work log settings")
        verbose_name_plural = _("work log settings")

    def __str__(self) -> str:
        return str(_("Work log settings"))


# Reports (T14, issue 21 item 6)


class FirstResponse(models.Model):
    """When the office first answered a request: its first public reply written by staff
    (internal notes and the client's own replies do not count). Kept by `reply_create`
    (report_services.first_response_mark) so the reports read it per request without
    searching the discussion."""

    request = models.OneToOneField(
        Request, on_delete=models.CASCADE, primary_key=True, related_name="first_response"
    )
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("first response"))
    # The request's creation (never changes), copied so that a period's report reads only
    # that period's first responses (index) instead of joining all of them.
    raised_at = models.DateTimeField()

    class Meta:
        verbose_name = _("first response")
        verbose_name_plural = _("first responses")
        indexes = [models.Index(fields=["raised_at"], name="hd_first_response_raised_idx")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.at}"
