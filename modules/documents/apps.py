from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "modules.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from common.features import PublicFeature, public_feature_register

        public_feature_register(
            PublicFeature(
                "documents",
                55,
                "file-earmark-text",
                _("Agreements and documents"),
                _(
                    "Templates filled in from the client's and the office's data, printed "
                    "as numbered PDFs and shared in the client panel."
                ),
            )
        )
        from common.administration import AdminSection, admin_section_register
        from common.audit import audit_actions_register
        from common.navigation import CLIENT_AREA, NavItem, nav_register
        from modules.clients.hooks import ClientTab, client_tab_register
        from modules.documents.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES
        from modules.documents.views.client_tab import documents_client_tab

        audit_actions_register(AUDIT_ACTIONS, AUDIT_CHANGES)
        from modules.documents.events import events_register

        events_register()
        from modules.documents.services import templates_country_settle
        from tenants.setup import office_setup_register

        office_setup_register(
            "documents.templates", lambda office: templates_country_settle(office=office)
        )
        admin_section_register(
            AdminSection(
                "documents",
                _("Document templates"),
                45,
                "documents:templates",
                icon="file-earmark-text",
            )
        )
        nav_register(
            NavItem(
                CLIENT_AREA,
                _("Documents"),
                "documents:portal_list",
                "file-earmark-text",
                40,
                level="client",
            )
        )
        client_tab_register(ClientTab("documents", _("Documents"), 40, render=documents_client_tab))
        from common.dashboard import DashboardTile, dashboard_tile_register
        from modules.documents.views.hooks import client_new_tile

        dashboard_tile_register(
            DashboardTile(
                "documents.client_new", 35, client_new_tile, level="client", area=CLIENT_AREA
            )
        )
