from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MailConfig(AppConfig):
    name = "modules.mail"
    label = "mail"
    verbose_name = _("Mail")

    def ready(self) -> None:
        from common.features import PublicFeature, public_feature_register

        public_feature_register(
            PublicFeature(
                "mail",
                10,
                "inbox",
                pgettext_lazy("feature", "Correspondence"),
                _(
                    "Register incoming and outgoing mail in seconds, attach scans, and let clients "
                    "know at once by e-mail or SMS. Statuses such as to pick up, forwarded or "
                    "shredded keep the archive in order."
                ),
            )
        )
        from common.audit import audit_actions_register
        from modules.mail.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES

        audit_actions_register(AUDIT_ACTIONS, AUDIT_CHANGES)
        from common.onboarding import OnboardingStep, onboarding_step_register
        from modules.mail.selectors import mail_items_exist

        onboarding_step_register(
            OnboardingStep(
                "mail",
                40,
                _("Register your first letter"),
                "mail:register",
                "envelope-plus",
                lambda request: mail_items_exist(),
            )
        )
        from common.administration import AdminSection, admin_section_register
        from common.navigation import (
            CLIENT_AREA,
            STAFF_AREA,
            NavGroup,
            NavItem,
            nav_group_register,
            nav_register,
        )
        from modules.clients.hooks import ClientTab, client_tab_register
        from modules.mail.events import events_register
        from modules.mail.views.client_tab import mail_client_tab
        from tenants.usage import usage_register

        admin_section_register(
            AdminSection("mail", _("Mail"), 20, "mail:settings", icon="envelope")
        )
        nav_group_register(NavGroup(STAFF_AREA, "mail", _("Mail"), "envelope", 5))
        nav_register(
            NavItem(
                STAFF_AREA,
                pgettext_lazy("mail", "Archive"),
                "mail:archive",
                "archive",
                5,
                group="mail",
                shortcut="g m",
            )
        )
        nav_register(
            NavItem(
                STAFF_AREA,
                _("Register mail"),
                "mail:register",
                "plus-square",
                6,
                group="mail",
                shortcut="g r",
            )
        )
        nav_register(
            NavItem(
                STAFF_AREA,
                _("Scanner inbox"),
                "mail:inbox",
                "inbox",
                9,
                group="mail",
                shortcut="g i",
            )
        )
        nav_register(
            NavItem(CLIENT_AREA, _("Mail"), "mail:portal_list", "envelope", 10, level="client")
        )
        client_tab_register(ClientTab("mail", _("Mail"), 20, render=mail_client_tab))
        events_register()
        from common.dashboard import DashboardTile, dashboard_tile_register
        from modules.mail import dashboard

        dashboard_tile_register(DashboardTile("mail.today", 10, dashboard.registered_today_tile))
        for key, order, render in (
            ("mail.client_new", 10, dashboard.client_new_letters_tile),
            ("mail.client_waiting", 11, dashboard.client_waiting_tile),
            ("mail.client_scans", 12, dashboard.client_scans_tile),
        ):
            dashboard_tile_register(
                DashboardTile(key, order, render, level="client", area=CLIENT_AREA)
            )
        usage_register("mail_items_month", _items_this_month, _("Mail items this month"))


def _items_this_month(office) -> int:
    from django.utils import timezone

    from modules.mail.models import MailItem

    start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return MailItem.objects.filter(created_at__gte=start).count()
