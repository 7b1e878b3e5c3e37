from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "modules.portal"
    label = "portal"
    verbose_name = _("Client panel")

    def ready(self) -> None:
        from common.features import PublicFeature, public_feature_register

        public_feature_register(
            PublicFeature(
                "portal",
                30,
                "person-badge",
                _("Client panel"),
                _(
                    "Your clients see their mail, scans and pickups around the clock, on a "
                    "phone as well as a desktop, and can ask for a scan with one click."
                ),
            )
        )
        from common.navigation import CLIENT_AREA, NavItem, nav_register

        nav_register(NavItem(CLIENT_AREA, _("Home"), "portal:home", "house", 0, level="client"))
