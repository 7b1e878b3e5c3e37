from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    name = "modules.rooms"
    label = "rooms"
    verbose_name = _("Conference rooms")

    def ready(self) -> None:
        from common.features import PublicFeature, public_feature_register

        public_feature_register(
            PublicFeature(
                "rooms",
                40,
                "calendar-week",
                _("Conference rooms"),
                _(
                    "A booking calendar for your rooms, with extras, for clients and for "
                    "visitors of your website."
                ),
            )
        )
        from common.audit import audit_actions_register
        from modules.rooms.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES

        audit_actions_register(AUDIT_ACTIONS, AUDIT_CHANGES)
        from modules.rooms.events import events_register
        from modules.rooms.services import rooms_office_setup
        from tenants.setup import office_setup_register

        # A new office's rooms open on weekdays and close on its country's holidays.
        office_setup_register("rooms.defaults", lambda office: rooms_office_setup(office=office))

        events_register()
        from common.administration import AdminSection, admin_section_register
        from common.navigation import CLIENT_AREA, STAFF_AREA, NavItem, nav_register

        nav_register(NavItem(STAFF_AREA, _("Rooms"), "rooms:calendar", "calendar3", 8))
        nav_register(
            NavItem(CLIENT_AREA, _("Rooms"), "rooms:portal", "calendar3", 30, level="client")
        )
        from common.dashboard import DashboardTile, dashboard_tile_register
        from modules.rooms.dashboard import today_tile, upcoming_tile

        # Staff: the same level as the Rooms menu entry (NavItem's default, "staff").
        dashboard_tile_register(DashboardTile("rooms.today", 45, today_tile))
        dashboard_tile_register(
            DashboardTile("rooms.upcoming", 30, upcoming_tile, level="client", area=CLIENT_AREA)
        )
        admin_section_register(
            AdminSection("rooms", _("Conference rooms"), 35, "rooms:settings", icon="calendar3")
        )
