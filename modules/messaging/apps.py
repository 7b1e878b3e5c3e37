from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "modules.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from common.features import PublicFeature, public_feature_register

        public_feature_register(
            PublicFeature(
                "messaging",
                65,
                "chat-left-text",
                _("Messages"),
                _(
                    "Conversations with each client in the system, announcements to many at "
                    "once, documents sent as messages."
                ),
            )
        )
        from common.audit import audit_actions_register
        from common.dashboard import DashboardTile, dashboard_tile_register
        from common.navigation import (
            CLIENT_AREA,
            STAFF_AREA,
            NavGroup,
            NavItem,
            nav_count_register,
            nav_group_register,
            nav_register,
        )
        from modules.clients.hooks import ClientTab, client_tab_register
        from modules.messaging.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES
        from modules.messaging.events import events_register
        from modules.messaging.views.hooks import (
            client_tab,
            client_unread_count,
            staff_unread_count,
            staff_unread_tile,
            unread_tile,
        )

        audit_actions_register(AUDIT_ACTIONS, AUDIT_CHANGES)
        events_register()
        nav_group_register(NavGroup(STAFF_AREA, "messages", _("Messages"), "chat-left-text", 25))
        nav_register(
            NavItem(
                STAFF_AREA,
                _("Inbox"),
                "messaging:inbox",
                "inbox",
                25,
                group="messages",
                shortcut="g t",
                count="messaging.unread",
            )
        )
        nav_register(
            NavItem(
                STAFF_AREA,
                _("New conversation"),
                "messaging:create",
                "pencil-square",
                26,
                group="messages",
            )
        )
        nav_register(
            NavItem(
                STAFF_AREA,
                _("Announcement"),
                "messaging:announce",
                "megaphone",
                27,
                group="messages",
            )
        )
        nav_register(
            NavItem(
                CLIENT_AREA,
                _("Messages"),
                "messaging:portal_list",
                "chat-left-text",
                25,
                level="client",
                count="messaging.client_unread",
            )
        )
        nav_count_register("messaging.unread", staff_unread_count)
        nav_count_register("messaging.client_unread", client_unread_count)
        # Staff: the same level as the Inbox menu entry.
        dashboard_tile_register(DashboardTile("messaging.staff_unread", 50, staff_unread_tile))
        dashboard_tile_register(
            DashboardTile("messaging.unread", 25, unread_tile, level="client", area=CLIENT_AREA)
        )
        client_tab_register(ClientTab("messages", _("Messages"), 50, render=client_tab))
