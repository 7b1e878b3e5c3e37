from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SupportAccess(models.Model):
    """A platform admin inside an office for support: with a reason, for a limited time,
    written into the office's audit log and shown to the office's administrators."""

    office = models.ForeignKey(
        "tenants.Office", on_delete=models.CASCADE, related_name="support_accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_accesses"
    )
    reason = models.CharField(pgettext_lazy("explanation", "reason"), max_length=300)
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("support access")
        verbose_name_plural = _("support accesses")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["office", "expires_at"], name="support_office_exp_idx")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.office}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


class TwoFactorDevice(models.Model):
    """A platform admin's TOTP secret (RFC 6238, any authenticator app)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted time step: a code can be used once (no replay within its window).
    last_timestep = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("two-factor device")
        verbose_name_plural = _("two-factor devices")

    def __str__(self) -> str:
        return f"TOTP {self.user}"


class BackupCode(models.Model):
    """One-time codes for when the authenticator app is lost: stored as digests, each used
    once (a conditional update), all replaced when new ones are issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="backup_codes"
    )
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="backup_code_user_digest_uniq")
        ]

    def __str__(self) -> str:
        return f"backup code of {self.user}"
