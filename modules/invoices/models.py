"""Invoices (I1-I3): the invoice with its frozen seller and buyer, its lines, payments,
reminders, the numbering counters of the office's series, and the office's settings.

An issued invoice is immutable (legal requirement): only its status, payments, reminders,
PDF and KSeF fields change afterwards; a change of content is a correction invoice that
references it. Money is Decimal with two places; the rounding rule is in money.py."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from common.models import BaseModel, OfficeSettings, user_reference
from common.numbering import Counter
from modules.clients.models import Client

ZERO = Decimal("0")
DEFAULT_PATTERN = "FV/{number}/{MM}/{YYYY}"
# The legal basis of a VAT-exempt ("zw") line: Polish invoices must name it (VAT act art.
# 106e(1)(19)); the office's setting, frozen on the invoice at issue (policies.exemption_basis).
DEFAULT_EXEMPTION_BASIS = "Art. 43 ust. 1 ustawy o VAT"


def _money(label, **kwargs):
    return models.DecimalField(label, max_digits=12, decimal_places=2, **kwargs)


class InvoiceSettings(OfficeSettings):
    class Reset(models.TextChoices):
        YEARLY = "yearly", _("every year")
        MONTHLY = "monthly", _("every month")

    number_pattern = models.CharField(
        _("numbering pattern"),
        max_length=60,
        default=DEFAULT_PATTERN,
        help_text=_("{number}, {MM}, {YYYY} are replaced, e.g. FV/{number}/{MM}/{YYYY}."),
    )
    number_reset = models.CharField(
        _("numbering starts again"), max_length=10, choices=Reset.choices, default=Reset.YEARLY
    )
    payment_days = models.PositiveSmallIntegerField(_("days to pay"), default=14)
    reminder_days = models.CharField(
        _("reminders (days after the due date)"),
        max_length=40,
        default="3,14",
        blank=True,  # empty: no automatic reminders (the help says so)
        help_text=_(
            "Days after the due date, comma-separated, e.g. 3,14 (1 to 365: an invoice is "
            "overdue from the day after its due date). Empty: no automatic reminders."
        ),
    )
    bilingual = models.BooleanField(
        _("bilingual PDF (client's language and English)"), default=False
    )
    ksef_enabled = models.BooleanField(_("send invoices to KSeF"), default=False)
    client_acceptance = models.BooleanField(
        _("clients accept drafts in the client panel before they are issued"),
        default=False,
        help_text=_(
            "Drafts made from a closed month are sent to the client at once; a draft is "
            "issued only after the client accepted it."
        ),
    )
    # The UBL e-invoice (Peppol BIS 3.0) attached to the invoice e-mail. Empty (None) until
    # the office chooses: then yes in Slovakia (B2B e-invoicing from 2027), no elsewhere.
    ubl_attach = models.BooleanField(
        _("attach the e-invoice (UBL, Peppol BIS 3.0) to the invoice e-mail"),
        null=True,
        blank=True,
        default=None,
    )
    vat_exemption_basis = models.CharField(
        _("VAT exemption basis"),
        max_length=256,
        default=DEFAULT_EXEMPTION_BASIS,
        db_default=DEFAULT_EXEMPTION_BASIS,
        help_text=_(
            "Printed under the lines of an invoice with a VAT-exempt (zw.) line and sent in"
            " its e-invoices, e.g. Art. 43 ust. 1 ustawy o VAT."
        ),
    )
    # KSeF token: the 2026 stopgap (tokens stop working on 31 Dec 2026). Kept encrypted
    # (sealed.py). The KSeF certificate replaces it: the certificate (public) and its private
    # key sealed the same way (never shown back); subject, serial and validity for the screen
    # and for the offline QR (KOD II). certificates.py reads and checks an upload.
    ksef_token_encrypted = models.TextField(blank=True, default="")
    ksef_token_expires_on = models.DateField(null=True, blank=True)
    ksef_certificate_pem = models.TextField(blank=True, default="")
    ksef_private_key_encrypted = models.TextField(blank=True, default="")
    ksef_certificate_subject = models.CharField(max_length=300, blank=True, default="")
    ksef_certificate_serial = models.CharField(max_length=64, blank=True, default="")
    ksef_certificate_valid_to = models.DateField(null=True, blank=True)

    class Meta(OfficeSettings.Meta):
        verbose_name = _("invoice settings")

    def ubl_attach_effective(self, country: str) -> bool:
        return self.ubl_attach if self.ubl_attach is not None else country == "SK"

    def reminder_day_list(self) -> list[int]:
        return sorted({int(p) for p in self.reminder_days.replace(" ", "").split(",") if p})

    def clean(self) -> None:
        super().clean()
        if "{number}" not in self.number_pattern:
            raise ValidationError({"number_pattern": _("The pattern must contain {number}.")})
        if self.number_reset == self.Reset.MONTHLY and "{MM}" not in self.number_pattern:
            raise ValidationError(
                {"number_pattern": _("A series that starts again every month needs {MM}.")}
            )
        if "{YYYY}" not in self.number_pattern:
            raise ValidationError({"number_pattern": _("The pattern must contain {YYYY}.")})
        try:
            days = self.reminder_day_list()
        except ValueError:
            raise ValidationError(
                {"reminder_days": _("Enter whole numbers of days separated by commas.")}
            ) from None
        # 0 would be the due date itself, when nothing is overdue yet: it never reminded.
        if any(d < 1 or d > 365 for d in days):
            raise ValidationError({"reminder_days": _("Days must be between 1 and 365.")})


class InvoiceCounter(Counter):
    """The last number given in one series period ("2026" or "2026-03"), taken with
    `common.numbering.number_next` (no gap, no duplicate); the invoice's unique number is
    the last line of defence against duplicates."""

    COUNTER_KEY = "period"

    period = models.CharField(max_length=7, unique=True)


class Invoice(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("invoice", "Draft")
        ISSUED = "issued", pgettext_lazy("invoice", "Issued")
        PARTLY_PAID = "partly_paid", pgettext_lazy("invoice", "Partly paid")
        PAID = "paid", pgettext_lazy("invoice", "Paid")
        OVERDUE = "overdue", pgettext_lazy("invoice", "Overdue")
        CORRECTED = "corrected", pgettext_lazy("invoice", "Corrected")

    class Kind(models.TextChoices):
        REGULAR = "regular", pgettext_lazy("invoice kind", "Invoice")
        CORRECTION = "correction", pgettext_lazy("invoice kind", "Correction invoice")

    class Payment(models.TextChoices):
        TRANSFER = "transfer", _("bank transfer")
        CASH = "cash", _("cash")
        CARD = "card", _("card")

    class Ksef(models.TextChoices):
        NONE = "", "-"
        QUEUED = "queued", pgettext_lazy("ksef", "Queued")
        SENT = "sent", pgettext_lazy("ksef", "Sent")
        ACCEPTED = "accepted", pgettext_lazy("ksef", "Accepted")
        REJECTED = "rejected", pgettext_lazy("ksef", "Rejected")
        OFFLINE = "offline", pgettext_lazy("ksef", "Offline")
        # KSeF refused to log the office in (a wrong or revoked token, a certificate it does
        # not take): nothing is sent again until staff fix it and send the invoice again.
        REFUSED = (
            "refused",
            pgettext_lazy("ksef", "Refused: KSeF did not accept the token or certificate"),
        )

    class Acceptance(models.TextChoices):
        NONE = "", "-"
        PENDING = "pending", pgettext_lazy("acceptance", "Waiting for the client")
        ACCEPTED = "accepted", pgettext_lazy("acceptance", "Accepted by the client")
        REJECTED = "rejected", pgettext_lazy("acceptance", "Rejected by the client")

    UNPAID = (Status.ISSUED, Status.PARTLY_PAID, Status.OVERDUE)

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.REGULAR)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=255, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("number"), max_length=60, blank=True, default="")
    # A Slovak invoice's variabilný symbol (policies.variable_symbol), given at issue with
    # the number and never changed: the number's digits, or, past 10 digits, the year's two
    # digits and the sequence number. Empty elsewhere. A database default too: code of the
    # release before (a rolling deploy) inserts invoices without the column.
    variable_symbol = models.CharField(max_length=10, blank=True, default="", db_default="")
    # The billing month it was made from (one draft per client and month), else empty.
    period = models.DateField(null=True, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    sale_from = models.DateField(_("service period from"))
    sale_to = models.DateField(_("service period to"))
    due_date = models.DateField(pgettext_lazy("invoice", "due date"))
    payment_method = models.CharField(
        _("payment method"), max_length=10, choices=Payment.choices, default=Payment.TRANSFER
    )
    currency = models.CharField(max_length=3)
    language = models.CharField(_("language"), max_length=5, default="pl")
    seller = models.JSONField(
        default=dict, blank=True
    )  # frozen at issue: name, address, nip/ic_dph, iban
    buyer = models.JSONField(
        default=dict, blank=True
    )  # frozen at issue: name, address, tax ids, country
    reverse_charge = models.BooleanField(_("reverse charge (EU B2B)"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    net = _money(_("net"), default=ZERO)
    vat = _money(_("VAT"), default=ZERO)
    gross = _money(_("gross"), default=ZERO)
    paid = _money(_("paid"), default=ZERO)
    # The gross of the issued reducing corrections of this invoice (negative or zero): what
    # the client owes is the invoice's gross plus these (`amount_due`); the invoice stays
    # unpaid / overdue until that is paid. A database default too (rolling deploy).
    corrections_gross = _money(_("corrections"), default=ZERO, db_default=ZERO)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = user_reference()
    emailed_at = models.DateTimeField(null=True, blank=True)
    pdf_path = models.CharField(max_length=300, blank=True, default="")
    ubl_path = models.CharField(max_length=300, blank=True, default="")  # the UBL e-invoice
    ksef_status = models.CharField(max_length=10, choices=Ksef.choices, blank=True, default="")
    ksef_number = models.CharField(max_length=60, blank=True, default="")
    ksef_reference = models.CharField(max_length=80, blank=True, default="")
    ksef_hash = models.CharField(max_length=64, blank=True, default="")  # SHA-256, base64
    ksef_error = models.TextField(blank=True, default="")
    ksef_attempts = models.PositiveSmallIntegerField(default=0)
    ksef_upo_path = models.CharField(max_length=300, blank=True, default="")
    ksef_sent_at = models.DateTimeField(null=True, blank=True)
    # The client's acceptance of a draft (office setting client_acceptance).
    acceptance = models.CharField(max_length=10, choices=Acceptance.choices, blank=True, default="")
    acceptance_comment = models.TextField(blank=True, default="")
    acceptance_at = models.DateTimeField(null=True, blank=True)
    acceptance_by = user_reference(blank=True)

    class Meta:
        ordering = ["-issue_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="invoices_number_unique"
            ),
            # The client pays with the VS: two invoices of the office never share one (every
            # VS holds its year, so this is the year's uniqueness and more).
            models.UniqueConstraint(
                fields=["variable_symbol"],
                condition=~Q(variable_symbol=""),
                name="invoices_vs_unique",
            ),
            models.UniqueConstraint(
                fields=["client", "period"],
                condition=Q(period__isnull=False, kind="regular"),
                name="invoices_one_per_client_month",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | ~Q(number=""), name="invoices_issued_numbered"
            ),
            models.CheckConstraint(
                condition=Q(kind="regular") | Q(corrects__isnull=False),
                name="invoices_correction_references",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-issue_date", "-id"], name="invoices_status_idx"),
            models.Index(fields=["client", "-issue_date", "-id"], name="invoices_client_idx"),
            models.Index(fields=["due_date"], name="invoices_due_idx"),
            # The register's newest-first order for the "all" tab and the "unpaid" one (three
            # statuses: the status index cannot give them in date order), a month or not.
            models.Index(fields=["-issue_date", "-id"], name="invoices_issue_idx"),
            models.Index(
                fields=["-issue_date", "-id"],
                name="invoices_unpaid_idx",
                # Equalities, not IN: an IN list's stored text changes when PostgreSQL reads
                # it back, so an office cloned from the template would differ from a migrated
                # one (tests/tenants/test_provisioning.py); the planner proves the
                # selector's IN implies this all the same.
                condition=Q(status="issued") | Q(status="partly_paid") | Q(status="overdue"),
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return self.number
        # a correction's draft is named so (as its page's title, invoice_tags.invoice_title:
        # "Szkic faktury korygującej · Firma"); the audit log read "Szkic faktury" until
        # 2026-12-07
        if self.kind == self.Kind.CORRECTION:
            return f"{pgettext('invoice', 'Draft correction invoice')} · {self.client.name}"
        return f"{pgettext('invoice', 'Draft invoice')} · {self.client.name}"

    def audit_label(self) -> str:
        """The audit log's object: the number, a draft "Draft invoice · Client", a
        correction's "Draft correction invoice · Client" (recorded in the actor's language
        and read in the reader's, audit_label_read)."""
        return str(self)

    @classmethod
    def audit_label_read(cls, label: str) -> str:
        """A stored label in the reader's language: "Szkic faktury · Firma" reads "Draft
        invoice · Firma" in English; an old "szkic faktury nr 12" (the draft's id, which
        looked like a number) reads "Draft invoice". A number stays as it is."""
        import re

        from django.conf import settings
        from django.utils import translation

        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                draft = pgettext("invoice", "Draft invoice")
                correction = pgettext("invoice", "Draft correction invoice")
                old = re.escape(translation.gettext("draft invoice #%(id)s")).replace(
                    re.escape("%(id)s"), r"\d+"
                )
            if label.startswith(f"{correction} · "):
                return (
                    f"{pgettext('invoice', 'Draft correction invoice')}{label[len(correction) :]}"
                )
            if label.startswith(f"{draft} · "):
                return f"{pgettext('invoice', 'Draft invoice')}{label[len(draft) :]}"
            if re.fullmatch(old, label):
                return pgettext("invoice", "Draft invoice")
        return label

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def reduces(self) -> bool:
        """A correction that reduces (or leaves) what is owed: its gross is not positive.
        Issued, it is "paid" at once (services.invoice_issue) and reads "Nothing to pay"."""
        return self.kind == self.Kind.CORRECTION and self.gross <= 0

    @property
    def nothing_to_pay(self) -> bool:
        """An issued correction that reduces (or leaves) what is owed: it has nothing to pay
        of its own (its status is "paid" for the queries), and says so instead of "Paid"."""
        return self.reduces and not self.is_draft

    @property
    def status_text(self) -> str:
        """The status as a person reads it: a reducing correction is "Nothing to pay" (it
        read "Opłacona" / "Uhradená", paid, with "paid 0,00 zł / -123,00 zł" under it)."""
        if self.nothing_to_pay:
            return str(pgettext("invoice", "Nothing to pay"))
        return str(self.get_status_display())

    @property
    def credit(self) -> Decimal:
        """What a reducing correction takes off the amount owed (its gross, positive)."""
        return -self.gross if self.nothing_to_pay else ZERO

    @property
    def amount_due(self) -> Decimal:
        """The gross as corrected: the invoice's gross plus its reducing corrections."""
        return self.gross + self.corrections_gross

    @property
    def outstanding(self) -> Decimal:
        return self.amount_due - self.paid

    @property
    def overpaid(self) -> Decimal:
        """What was paid over what is due (a payment larger than what was due, or a
        correction that reduced a paid invoice), else zero."""
        return max(self.paid - self.amount_due, ZERO) if self.amount_due >= 0 else ZERO


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(_("name"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_price = models.DecimalField(_("net unit price"), max_digits=12, decimal_places=2)
    vat_rate = models.CharField(_("VAT rate"), max_length=4)
    net = _money(_("net"))
    vat = _money(_("VAT"))
    gross = _money(_("gross"))
    ref = models.CharField(max_length=40, blank=True)  # billing's "usage:12", "mail:34"...

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoices_line_position")
        ]

    def __str__(self) -> str:
        return self.description


class Payment(BaseModel):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="payments")
    date = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = user_reference()

    class Meta:
        ordering = ["date", "pk"]


class Reminder(BaseModel):
    """One reminder sent. Automatic reminders are unique per invoice and day: the daily job
    can run twice (a retry, two schedulers) and still send one."""

    class Kind(models.TextChoices):
        AUTO = "auto", _("automatic")
        MANUAL = "manual", _("sent by staff")

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    kind = models.CharField(max_length=6, choices=Kind.choices)
    days_overdue = models.IntegerField(default=0)
    sent_by = user_reference()

    class Meta:
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "day"], condition=Q(kind="auto"), name="invoices_reminder_once"
            )
        ]

    def sent_by_words(self) -> str:
        """How the reminder log names who sent it, one wording everywhere: "automatic", or
        "sent by staff: Anna Nowak" (the person when known, else "sent by staff")."""
        if self.kind == self.Kind.MANUAL and self.sent_by_id is not None:
            name = self.sent_by.full_name or self.sent_by.email
            return str(_("sent by staff: %(name)s")) % {"name": name}
        return str(self.get_kind_display())


class InvoiceMailing(BaseModel):
    """E-mailing a run of issued invoices (up to MAILING_BATCH) to their clients: the job's
    outbox row (common.jobs). Recorded in the transaction that makes the invoices ready
    (issue, or KSeF's answer), swept by `invoice_mailing_requeue_stale` when the broker lost
    its message or its worker died. Each invoice is still claimed by its own `emailed_at`,
    so a run sent twice e-mails each invoice once."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job status", "Queued")
        RUNNING = "running", pgettext_lazy("job status", "Running")
        DONE = "done", pgettext_lazy("job status", "Done")
        FAILED = "failed", pgettext_lazy("job status", "Failed")

    invoice_ids = ArrayField(models.BigIntegerField())
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["updated_at"],
                condition=Q(status="queued") | Q(status="running"),
                name="invoices_mailing_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.status} ({len(self.invoice_ids)})"
