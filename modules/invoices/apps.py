from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicesConfig(AppConfig):
    name = "modules.invoices"
    label = "invoices"
    verbose_name = _("Invoices")

    def ready(self) -> None:
        from common.features import PublicFeature, public_feature_register

        public_feature_register(
            PublicFeature(
                "invoices",
                55,
                "file-earmark-text",
                _("Invoices, KSeF and reminders"),
                _(
                    "Invoices from each month's settlements, numbered without gaps, e-mailed "
                    "as PDF, sent to KSeF in Poland, and overdue ones reminded."
                ),
            )
        )
        from common.administration import AdminSection, admin_section_register
        from common.audit import audit_actions_register
        from common.dashboard import DashboardTile, dashboard_tile_register
        from common.navigation import CLIENT_AREA, STAFF_AREA, NavItem, nav_register
        from modules.clients.hooks import ClientTab, client_tab_register
        from modules.invoices.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES
        from modules.invoices.dashboard import client_due_tile, overdue_tile
        from modules.invoices.events import events_register
        from modules.invoices.views.client_tab import invoices_client_tab

        audit_actions_register(AUDIT_ACTIONS, AUDIT_CHANGES)
        nav_register(NavItem(STAFF_AREA, _("Invoices"), "invoices:list", "file-earmark-text", 42))
        nav_register(
            NavItem(
                CLIENT_AREA,
                _("Invoices"),
                "invoices:portal_list",
                "file-earmark-text",
                42,
                level="client",
            )
        )
        admin_section_register(
            AdminSection(
                "invoices", _("Invoices"), 55, "invoices:settings", icon="file-earmark-text"
            )
        )
        client_tab_register(ClientTab("invoices", _("Invoices"), 30, render=invoices_client_tab))
        dashboard_tile_register(DashboardTile("invoices.overdue", 40, overdue_tile))
        dashboard_tile_register(
            DashboardTile(
                "invoices.client_due", 40, client_due_tile, level="client", area=CLIENT_AREA
            )
        )
        events_register()
        from modules.billing.hooks import period_reopen_guard_register
        from modules.invoices.selectors import period_reopen_refusal

        period_reopen_guard_register(period_reopen_refusal)
        from modules.billing.hooks import client_vat_note_register
        from modules.invoices.selectors import reverse_charge_note

        client_vat_note_register(reverse_charge_note)
        from modules.billing.hooks import reverse_charge_rule_register
        from modules.invoices.selectors import reverse_charged_clients

        reverse_charge_rule_register(reverse_charged_clients)
