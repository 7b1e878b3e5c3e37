from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScanRequestsConfig(AppConfig):
    name = "modules.scanrequests"
    label = "scanrequests"
    verbose_name = _("Scan requests")

    def ready(self) -> None:
        from common.audit import audit_actions_register
        from modules.scanrequests.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES

        audit_actions_register(AUDIT_ACTIONS, AUDIT_CHANGES)
        from common.administration import AdminSection, admin_section_register
        from common.navigation import (
            CLIENT_AREA,
            STAFF_AREA,
            NavItem,
            nav_count_register,
            nav_register,
        )
        from modules.clients.hooks import ClientTab, client_tab_register
        from modules.mail.hooks import (
            new_mail_personaliser_register,
            portal_item_actions_register,
            status_changed_register,
        )
        from modules.scanrequests.events import events_register
        from modules.scanrequests.links import new_mail_link_personaliser
        from modules.scanrequests.services import scan_requests_item_moved
        from modules.scanrequests.views.portal import portal_item_actions
        from modules.scanrequests.views.staff import client_tab
        from tenants.usage import usage_register

        nav_register(
            NavItem(
                STAFF_AREA,
                _("Scan requests"),
                "scanrequests:list",
                "file-earmark-plus",
                8,
                group="mail",
                shortcut="g s",
                count="scanrequests.new",
            )
        )
        nav_count_register("scanrequests.new", _new_requests)
        from common.dashboard import DashboardTile, dashboard_tile_register
        from modules.scanrequests.dashboard import client_requested_tile, new_requests_tile

        dashboard_tile_register(DashboardTile("scanrequests.new", 30, new_requests_tile))
        dashboard_tile_register(
            DashboardTile(
                "scanrequests.client_open",
                13,
                client_requested_tile,
                level="client",
                area=CLIENT_AREA,
            )
        )
        admin_section_register(
            AdminSection(
                "scanrequests",
                _("Scan requests"),
                25,
                "scanrequests:settings",
                icon="file-earmark-plus",
            )
        )
        events_register()
        new_mail_personaliser_register(new_mail_link_personaliser)
        portal_item_actions_register(portal_item_actions)
        status_changed_register(scan_requests_item_moved)
        client_tab_register(ClientTab("scanrequests", _("Scan requests"), 25, render=client_tab))
        usage_register("scan_requests_open", _open_requests, _("Open scan requests"))


def _open_requests(office) -> int:
    from modules.scanrequests.models import ScanRequest

    return ScanRequest.objects.filter(status=ScanRequest.Status.NEW).count()


def _new_requests(request) -> int:
    from modules.scanrequests.selectors import open_request_counts

    return open_request_counts()["new"]
