"""Every write of the mail module. Other modules (hand-over, scan requests) call these."""

from modules.mail.services.config import (
    client_notify_default_set,
    scanner_account_authenticate,
    scanner_account_create,
    scanner_account_update,
    settings_get,
    settings_update,
    status_save,
    type_save,
)
from modules.mail.services.items import (
    HANDED_OVER_ALREADY,
    correspondent_errors,
    mail_bulk_status_change,
    mail_items_hand_over,
    mail_items_lock_for_handover,
    mail_notify,
    mail_number_next,
    mail_register,
    mail_scans_add,
    mail_update,
    status_default,
)
from modules.mail.services.scans import StagedFile, mail_scan_delete, scan_stage

__all__ = [
    "HANDED_OVER_ALREADY",
    "StagedFile",
    "client_notify_default_set",
    "correspondent_errors",
    "mail_bulk_status_change",
    "mail_items_hand_over",
    "mail_items_lock_for_handover",
    "mail_notify",
    "mail_number_next",
    "mail_register",
    "mail_scan_delete",
    "mail_scans_add",
    "mail_update",
    "scan_stage",
    "scanner_account_authenticate",
    "scanner_account_create",
    "scanner_account_update",
    "settings_get",
    "settings_update",
    "status_default",
    "status_save",
    "type_save",
]
