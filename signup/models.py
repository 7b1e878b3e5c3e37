from django.db import models
from django.utils.translation import gettext_lazy as _


class SignupRequest(models.Model):
    """A signup waiting for its e-mail to be verified. Nothing is provisioned before that;
    the password is kept only as a hash, and only until the account exists."""

    office_name = models.CharField(_("office name"), max_length=200)
    slug = models.CharField(_("subdomain"), max_length=32)
    full_name = models.CharField(_("your name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    password_hash = models.CharField(max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2)
    language = models.CharField(max_length=5)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    office = models.ForeignKey(
        "tenants.Office", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_pool = models.BooleanField(default=False)
    # The plan chosen on the pricing page: the trial starts on it (the default plan if none).
    plan = models.ForeignKey(
        "subscriptions.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("plan"),
    )

    class Meta:
        verbose_name = _("signup")
        verbose_name_plural = _("signups")

    def __str__(self) -> str:
        return f"{self.email} · {self.slug}"
