"""Office configuration of the mail module: settings, statuses, types, scanner accounts."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import singletons
from common.audit import audit_diff
from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.mail.models import (
    ClientMailPreferences,
    MailItem,
    MailSettings,
    MailStatus,
    MailType,
    ScannerAccount,
)

STATUS_FIELDS = (
    "name",
    "colour",
    "order",
    "routes_to_handover",
    "is_final",
    "visible_to_client",
    "default_for",
    "is_active",
)
TYPE_FIELDS = ("name", "order", "is_active")


def settings_get() -> MailSettings:
    return singletons.settings_get(MailSettings)


def settings_update(*, actor, data: dict) -> MailSettings:
    row, _changes = singletons.settings_update(
        MailSettings,
        actor=actor,
        data=data,
        fields=("missing_attachment_alert", "scan_max_mb", "notify_default"),
        action="mail.settings_updated",
    )
    return row


@transaction.atomic
def client_notify_default_set(*, client, notify_default: str, actor) -> ClientMailPreferences:
    """The notification the registration form picks for this client ("" = the office's
    default, M2). One row per client; the row lock keeps two saves from racing."""
    if notify_default and notify_default not in MailItem.Notify.values:
        raise ApplicationError(_("Unknown notification choice."))
    row, _created = ClientMailPreferences.objects.select_for_update().get_or_create(client=client)
    changes = audit_diff(row, {"notify_default": notify_default}, ("notify_default",))
    if not changes:
        return row
    row.full_clean()
    row.save(update_fields=["notify_default", "updated_at"])
    audit_record(
        action="mail.client_notify_default_set", actor=actor, target=client, changes=changes
    )
    return row


@transaction.atomic
def status_save(*, actor, data: dict, status: MailStatus | None = None) -> MailStatus:
    """Create or change a status. A built-in status can be renamed and re-flagged but not
    switched off (other modules rely on its meaning)."""
    status = status or MailStatus()
    changes = audit_diff(status, data, STATUS_FIELDS)
    if status.pk is not None and not changes:
        return status  # saved unchanged: nothing to write or record
    if status.code and not status.is_active:
        raise ApplicationError(_("A built-in status cannot be switched off."))
    if status.default_for:
        # One default per direction: the new default takes the role over.
        MailStatus.objects.filter(default_for=status.default_for).exclude(pk=status.pk).update(
            default_for=""
        )
    status.full_clean()
    status.save()
    audit_record(action="mail.status_saved", actor=actor, target=status, changes=changes)
    return status


@transaction.atomic
def type_save(*, actor, data: dict, mail_type: MailType | None = None) -> MailType:
    mail_type = mail_type or MailType()
    changes = audit_diff(mail_type, data, TYPE_FIELDS)
    if mail_type.pk is not None and not changes:
        return mail_type  # saved unchanged: nothing to write or record
    mail_type.full_clean()  # a type of the office's own needs a name (the model's clean)
    mail_type.save()
    audit_record(action="mail.type_saved", actor=actor, target=mail_type, changes=changes)
    return mail_type


SCANNER_PASSWORD_MAX = 128  # what a scanner's settings screen can take


def _scanner_password_check(password: str) -> None:
    if len(password) < 10:
        raise ApplicationError(_("The password needs at least 10 characters."))
    if len(password) > SCANNER_PASSWORD_MAX:
        raise ApplicationError(
            _("The password may have at most %(count)s characters.")
            % {"count": SCANNER_PASSWORD_MAX}
        )


@transaction.atomic
def scanner_account_create(*, actor, name: str, password: str) -> ScannerAccount:
    _scanner_password_check(password)
    account = ScannerAccount(name=name.strip().lower(), password=make_password(password))
    account.full_clean()
    account.save()
    audit_record(action="mail.scanner_created", actor=actor, target=account)
    return account


@transaction.atomic
def scanner_account_update(
    *, account: ScannerAccount, actor, password: str = "", is_active: bool | None = None
) -> ScannerAccount:
    changes = {}
    if password:
        _scanner_password_check(password)
        account.password = make_password(password)
        changes["password"] = ["***", "***"]
    if is_active is not None:
        changes.update(audit_diff(account, {"is_active": is_active}, ("is_active",)))
    if changes:
        account.save(update_fields=["password", "is_active", "updated_at"])
        audit_record(action="mail.scanner_updated", actor=actor, target=account, changes=changes)
    return account


def scanner_account_authenticate(*, name: str, password: str) -> ScannerAccount | None:
    """The active account of this office with that name and password (for the FTP server)."""
    account = ScannerAccount.objects.filter(name=name, is_active=True).first()
    if account is None:
        make_password(password)  # the same work whether the name exists or not
        return None
    if not check_password(password, account.password):
        return None
    ScannerAccount.objects.filter(pk=account.pk).update(last_login_at=timezone.now())
    return account
