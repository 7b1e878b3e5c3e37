from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "modules.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from common.features import PublicFeature, public_feature_register

        public_feature_register(
            PublicFeature(
                "billing",
                50,
                "receipt",
                _("Packages and settlements"),
                _(
                    "Packages with limits, additional services and costs, and summaries of "
                    "what each client used and owes, per month."
                ),
            )
        )
        from common.audit import audit_actions_register
        from modules.billing.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES

        audit_actions_register(AUDIT_ACTIONS, AUDIT_CHANGES)
        from common.administration import AdminSection, admin_section_register
        from common.navigation import CLIENT_AREA, STAFF_AREA, NavItem, nav_register
        from modules.billing.policies import scan_terms
        from modules.billing.selectors import client_package_fact
        from modules.billing.services import general_switch, portal_summaries_visible
        from modules.billing.views.client_tab import billing_client_tab
        from modules.clients.hooks import (
            ClientTab,
            client_profile_fact_register,
            client_tab_register,
        )
        from modules.office.hooks import general_switch_register
        from modules.scanrequests.hooks import package_scan_rule_register

        nav_register(NavItem(STAFF_AREA, _("Billing"), "billing:summary_list", "receipt", 40))
        nav_register(
            NavItem(STAFF_AREA, _("Record a service"), "billing:usage_add", "plus-circle", 41)
        )
        nav_register(
            NavItem(
                CLIENT_AREA,
                _("Billing"),
                "billing:portal_summary",
                "receipt",
                40,
                level="client",
                visible=portal_summaries_visible,  # the screen is a 404 while P3 is off
            )
        )
        admin_section_register(
            AdminSection(
                "billing", _("Services and packages"), 50, "billing:catalogue", icon="receipt"
            )
        )
        client_tab_register(ClientTab("billing", _("Billing"), 28, render=billing_client_tab))
        client_profile_fact_register(client_package_fact)
        package_scan_rule_register(scan_terms)
        general_switch_register(general_switch())
