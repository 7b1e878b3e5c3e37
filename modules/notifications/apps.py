from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "modules.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from common.navigation import STAFF_AREA, NavItem, nav_register
        from modules.notifications.usage import register_usage

        # The events themselves belong to the modules that send them (their apps register them).
        register_usage()
        nav_register(
            NavItem(STAFF_AREA, _("Notifications"), "notifications:delivery_list", "bell", 800)
        )
