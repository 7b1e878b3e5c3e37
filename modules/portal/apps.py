from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "modules.portal"
    label = "portal"
    verbose_name = _("Client panel")

    def ready(self) -> None:
        from common.navigation import CLIENT_AREA, NavItem, nav_register

        nav_register(NavItem(CLIENT_AREA, _("Home"), "portal:home", "house", 0, level="client"))
