from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoverConfig(AppConfig):
    name = "modules.handover"
    label = "handover"
    verbose_name = _("Hand-over of mail")

    def ready(self) -> None:
        from common.features import PublicFeature, public_feature_register

        public_feature_register(
            PublicFeature(
                "handover",
                20,
                "box-arrow-in-right",
                _("Hand-over at reception"),
                _(
                    "See who has mail waiting, hand it to an authorised person, and keep the date, "
                    "time and signature of every pickup."
                ),
            )
        )
        from common.audit import audit_actions_register
        from modules.handover.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES

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
        from modules.handover.selectors import waiting_item_count
        from modules.handover.views.client_tab import handover_client_tab
        from tenants.usage import usage_register

        nav_register(
            NavItem(
                STAFF_AREA,
                _("Hand over mail"),
                "handover:list",
                "box-arrow-right",
                7,
                group="mail",
                shortcut="g h",
                count="handover.waiting",
            )
        )
        nav_count_register("handover.waiting", lambda request: waiting_item_count())
        from common.dashboard import DashboardTile, dashboard_tile_register
        from modules.handover.dashboard import (
            client_pickups_tile,
            pickups_today_tile,
            waiting_tile,
        )

        dashboard_tile_register(DashboardTile("handover.waiting", 20, waiting_tile))
        dashboard_tile_register(DashboardTile("handover.today", 40, pickups_today_tile))
        dashboard_tile_register(
            DashboardTile(
                "handover.client_recent", 14, client_pickups_tile, level="client", area=CLIENT_AREA
            )
        )
        nav_register(
            NavItem(
                CLIENT_AREA,
                _("Pickups"),
                "handover:portal_list",
                "person-check",
                11,
                level="client",
            )
        )
        admin_section_register(
            AdminSection(
                "handover", _("Hand-over"), 30, "handover:settings", icon="box-arrow-right"
            )
        )
        client_tab_register(ClientTab("handovers", _("Hand-overs"), 21, render=handover_client_tab))
        usage_register("handovers_month", _handovers_this_month, _("Hand-overs this month"))


def _handovers_this_month(office) -> int:
    from django.utils import timezone

    from modules.handover.models import HandOver

    start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return HandOver.objects.filter(created_at__gte=start).count()
