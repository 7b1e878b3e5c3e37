from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES
        from common.audit import audit_actions_register

        audit_actions_register(AUDIT_ACTIONS, AUDIT_CHANGES)
