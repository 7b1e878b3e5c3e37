from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    label = "subscriptions"
    verbose_name = _("Subscriptions")

    def ready(self) -> None:
        from common.navigation import STAFF_AREA, NavItem, nav_register
        from subscriptions import tasks  # noqa: F401  (registers the actors)

        nav_register(
            NavItem(
                STAFF_AREA,
                _("Subscription"),
                "subscriptions:billing",
                "credit-card",
                950,
                level="admin",
            )
        )
