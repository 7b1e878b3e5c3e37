from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "modules.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from common.audit import audit_actions_register
        from modules.notifications.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES

        audit_actions_register(AUDIT_ACTIONS, AUDIT_CHANGES)
        from common.onboarding import OnboardingStep, onboarding_step_register
        from modules.notifications.selectors import office_contact_set

        onboarding_step_register(
            OnboardingStep(
                "notifications",
                50,
                _("Set up notifications"),
                "notifications:settings",
                "bell",
                lambda request: office_contact_set(),
            )
        )
        from common.administration import AdminSection, admin_section_register
        from common.navigation import STAFF_AREA, NavItem, nav_register
        from modules.notifications.usage import register_usage

        # No events here: each module registers its own (modules/<name>/events.py).
        register_usage()
        nav_register(
            NavItem(
                STAFF_AREA,
                _("Notifications"),
                "notifications:delivery_list",
                "bell",
                20,
                group="clients",
                shortcut="g n",
            )
        )
        admin_section_register(
            AdminSection(
                "notifications", _("Notifications"), 40, "notifications:settings", icon="bell"
            )
        )
