from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BaseModel(models.Model):
    """Creation and change timestamps for every domain row."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def user_reference(*, null: bool = True, blank: bool = False, **kwargs) -> models.ForeignKey:
    """A person (accounts.User, in the public schema) referenced from an office schema.

    No database constraint and no cascade: deleting a user runs in the public schema, where
    office tables are not on the search path, so Django must never try to update or delete
    office rows for it. Office rows keep the id (and usually a label) of who acted.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=null,
        blank=blank,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        **kwargs,
    )


class OfficeSettings(BaseModel):
    """One row of settings per office (each office has its own schema, so one row per table).

    The database holds the rule: the row's id is always 1 (a check constraint), so a second
    row cannot exist whatever the code does. Read with `common.singletons.settings_get(Model)`,
    change with `settings_update(Model, ...)`, which locks the row, validates, and audits
    the changed fields in one transaction.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="%(app_label)s_%(class)s_single_row"
            )
        ]


class PlatformEmail(BaseModel):
    """An e-mail of the platform itself (an invitation, a sign-up check, a password reset, a
    billing notice), rendered when it is asked for and kept as the outbox row of its sending
    (common.emails). The request that asks for it commits the row; the first attempt follows
    the commit at once, a failed one is retried by the worker and by the sweep, so an SMTP
    outage delays the e-mail instead of failing the page. The body is wiped once sent: it may
    hold a sign-in link."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job status", "Queued")
        RUNNING = "running", pgettext_lazy("job status", "Running")
        SENT = "sent", pgettext_lazy("e-mail status", "Sent")
        FAILED = "failed", pgettext_lazy("job status", "Failed")

    kind = models.CharField(_("kind"), max_length=40)
    to = ArrayField(models.EmailField(max_length=254), verbose_name=pgettext_lazy("e-mail", "to"))
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Where a reply goes (an invitation: the inviting office's address), else nowhere useful.
    reply_to = models.EmailField(blank=True, default="", db_default="")
    # The office an e-mail is sent for (an invitation, a billing notice): its schema, in the
    # X-Vireo-For-Office header, so that only that office's staff read it on the development
    # caught-mail page. Empty for the platform's own (sign-up checks, password resets).
    office_schema = models.CharField(max_length=63, blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("platform e-mail")
        verbose_name_plural = _("platform e-mails")
        indexes = [
            models.Index(
                fields=["updated_at"],
                condition=models.Q(status="queued") | models.Q(status="running"),
                name="common_platformemail_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.kind} {self.status}"

    @property
    def delivery(self) -> str:
        """Where the e-mail is, for the screens that show it beside what it was for (a
        pending invitation): "sent", "sending" (not tried yet or being tried), "retrying"
        (tried and failed, to be tried again) or "failed" (given up)."""
        if self.status == self.Status.SENT:
            return "sent"
        if self.status == self.Status.FAILED:
            return "failed"
        if self.status == self.Status.QUEUED and self.attempts:
            return "retrying"
        return "sending"

    def kind_label(self) -> str:
        """The kind in words: "billing_<notice>" is any of subscriptions' notices."""
        labels = {
            "invitation": _("Invitation"),
            "signup_verify": _("Sign-up check"),
            "password_reset": _("Password reset"),
        }
        if self.kind.startswith("billing_"):
            return str(_("Billing notice"))
        return str(labels.get(self.kind, self.kind))
