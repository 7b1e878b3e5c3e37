from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "modules.office"
    label = "office"
    verbose_name = _("Office administration")

    def ready(self) -> None:
        from common.navigation import STAFF_AREA, NavItem, nav_register

        nav_register(NavItem(STAFF_AREA, _("Dashboard"), "office:dashboard", "speedometer2", 0))
        nav_register(
            NavItem(STAFF_AREA, _("Team"), "office:staff_list", "people", 900, level="admin")
        )
        nav_register(
            NavItem(
                STAFF_AREA, _("Audit log"), "office:audit_log", "journal-text", 910, level="admin"
            )
        )
