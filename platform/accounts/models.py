from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """One row per person, across all offices. Roles come from Membership.

    `is_staff` / `is_superuser` mean *platform* administrator (Django admin, super-console),
    never office staff.
    """

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    is_active = models.BooleanField(pgettext_lazy("user", "active"), default=True)
    is_staff = models.BooleanField(_("platform administrator"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Raised to end every session of the person at once, on every host (sign-out): each
    # session carries a hash of it, and a session whose hash no longer matches is flushed
    # on its next request (django.contrib.auth.get_user).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    def _get_session_auth_hash(self, secret=None):
        # Django hashes the password hash (a new password ends the other sessions); the
        # epoch joins it once raised, so sessions from before this field stay valid.
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "vireo.accounts.User.session",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Administrator")
    STAFF = "staff", pgettext_lazy("role", "Staff")
    CLIENT = "client", _("Client user")


STAFF_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.STAFF})
ADMIN_ROLES = frozenset({Role.OWNER, Role.ADMIN})


class Membership(models.Model):
    """A person's role in one office; client users are bound to one client company.

    The client company lives in the office's schema, so it is referenced by id (a public row
    never points into an office schema); `client_name` is kept for the switcher.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    office = models.ForeignKey(
        "tenants.Office", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        pgettext_lazy("membership", "role"), max_length=16, choices=Role.choices
    )
    client_id = models.PositiveBigIntegerField(null=True, blank=True)
    client_name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A client profile chosen in the switcher; the latest one opens at the next sign-in.
    last_chosen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office"],
                condition=~models.Q(role="client"),
                name="membership_one_staff_role_per_office",
            ),
            models.UniqueConstraint(
                fields=["user", "office", "client_id"],
                condition=models.Q(role="client"),
                name="membership_one_per_client",
            ),
            models.CheckConstraint(
                condition=(models.Q(role="client") & models.Q(client_id__isnull=False))
                | (~models.Q(role="client") & models.Q(client_id__isnull=True)),
                name="membership_client_id_iff_client_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.office} ({self.role})"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin_role(self) -> bool:
        return self.role in ADMIN_ROLES


class Invitation(models.Model):
    """An e-mailed invitation to join an office as staff (or, later, as a client user)."""

    office = models.ForeignKey(
        "tenants.Office", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        pgettext_lazy("membership", "role"), max_length=16, choices=Role.choices
    )
    client_id = models.PositiveBigIntegerField(null=True, blank=True)
    client_name = models.CharField(max_length=200, blank=True)
    # The invited person's name when the office knows it (a client's contact person): the
    # acceptance page fills it in.
    full_name = models.CharField(max_length=200, blank=True, default="", db_default="")
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The last e-mail of it (created or sent again) and when it was queued: the lists of
    # pending invitations show whether it went out, and "Send again" waits a minute.
    sent_at = models.DateTimeField(null=True, blank=True)
    outbox_email = models.ForeignKey(
        "common.PlatformEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} -> {self.office}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
