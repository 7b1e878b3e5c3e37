from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "modules.helpdesk"
    label = "helpdesk"
    verbose_name = _("Helpdesk")

    def ready(self) -> None:
        from common.features import PublicFeature, public_feature_register

        public_feature_register(
            PublicFeature(
                "helpdesk",
                60,
                "life-preserver",
                _("Helpdesk"),
                _(
                    "Requests from clients with approvals, quotes, a discussion, acceptance and "
                    "ratings."
                ),
            )
        )
        public_feature_register(
            PublicFeature(
                "helpdesk_work",
                61,
                "clipboard-check",
                _("Work orders and service levels"),
                _(
                    "Work orders on a dispatcher's board, recurring tasks, a work log that "
                    "reaches the settlements, requests by e-mail, SLAs in business hours and "
                    "reports with a monthly PDF for each client."
                ),
            )
        )
        from common.administration import AdminSection, admin_section_register
        from common.audit import audit_actions_register
        from common.dashboard import DashboardTile, dashboard_tile_register
        from common.navigation import (
            CLIENT_AREA,
            STAFF_AREA,
            NavGroup,
            NavItem,
            nav_group_register,
            nav_register,
        )
        from modules.clients.hooks import ClientTab, client_tab_register
        from modules.helpdesk.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES
        from modules.helpdesk.events import events_register
        from modules.helpdesk.views.hooks import (
            awaiting_tile,
            client_tab,
            intake_tile,
            mail_item_actions,
            staff_open_tile,
        )
        from modules.mail.hooks import staff_item_actions_register
        from tenants.usage import usage_register

        audit_actions_register(AUDIT_ACTIONS, AUDIT_CHANGES)
        nav_group_register(NavGroup(STAFF_AREA, "helpdesk", _("Helpdesk"), "life-preserver", 30))
        nav_register(
            NavItem(
                STAFF_AREA,
                _("Requests"),
                "helpdesk:queue",
                "life-preserver",
                30,
                group="helpdesk",
                shortcut="g q",
            )
        )
        nav_register(
            NavItem(
                STAFF_AREA,
                _("New request"),
                "helpdesk:create",
                "plus-square",
                31,
                group="helpdesk",
            )
        )
        nav_register(
            NavItem(
                STAFF_AREA,
                _("Received e-mails"),
                "helpdesk:intake",
                "envelope-arrow-down",
                32,
                group="helpdesk",
            )
        )
        nav_register(
            NavItem(
                CLIENT_AREA,
                _("Requests"),
                "helpdesk:portal_list",
                "life-preserver",
                30,
                level="client",
            )
        )
        nav_register(
            NavItem(
                STAFF_AREA,
                _("Reports"),
                "helpdesk:reports",
                "bar-chart",
                32,
                group="helpdesk",
                visible=_may_report,
            )
        )
        admin_section_register(
            AdminSection("helpdesk", _("Helpdesk"), 38, "helpdesk:settings", icon="life-preserver")
        )
        events_register()
        # Staff: the same level as the Requests menu entry.
        dashboard_tile_register(DashboardTile("helpdesk.open", 55, staff_open_tile))
        dashboard_tile_register(
            DashboardTile("helpdesk.awaiting", 30, awaiting_tile, level="client", area=CLIENT_AREA)
        )
        dashboard_tile_register(DashboardTile("helpdesk.intake", 45, intake_tile))
        staff_item_actions_register(mail_item_actions)
        client_tab_register(ClientTab("helpdesk", _("Helpdesk"), 26, render=client_tab))
        usage_register("helpdesk_requests_open", _open_requests, _("Open helpdesk requests"))
        self._schedules_ready()
        from modules.helpdesk.work_apps import work_ready

        work_ready()

    def _schedules_ready(self) -> None:
        """Recurring tasks (T7): the client card's tab and their audit actions."""
        from common.audit import audit_actions_register
        from modules.clients.hooks import ClientTab, client_tab_register
        from modules.helpdesk.schedules import AUDIT_ACTIONS
        from modules.helpdesk.views.schedules import schedules_tab

        audit_actions_register(AUDIT_ACTIONS)
        client_tab_register(ClientTab("recurring", _("Recurring tasks"), 27, render=schedules_tab))
        self._sla_ready()

    def _sla_ready(self) -> None:
        """SLAs: audit actions and Administration > Helpdesk SLA (events.py registers the alert)."""
        from common.administration import AdminSection, admin_section_register
        from common.audit import audit_actions_register
        from modules.helpdesk.sla import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
        admin_section_register(
            AdminSection("helpdesk_sla", _("Helpdesk SLA"), 39, "helpdesk:sla", icon="stopwatch")
        )


def _may_report(request) -> bool:
    # No query on every page's menu: owners and admins (supervisors unless set otherwise);
    # other supervisors and read-only staff have the button on the queue.
    membership = getattr(request, "membership", None)
    return membership is not None and membership.is_admin_role


def _open_requests(office) -> int:
    from modules.helpdesk.selectors import open_count

    return open_count()
