from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "console"
    label = "console"
    verbose_name = _("Super-console")

    def ready(self) -> None:
        from common.audit import audit_actions_register
        from console.audit_actions import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
