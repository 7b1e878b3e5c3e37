from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OfficeConfig(AppConfig):
    name = "modules.office"
    label = "office"
    verbose_name = _("Office administration")

    def ready(self) -> None:
        from common.audit import audit_actions_register
        from modules.office.audit_actions import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
        from common.emails import office_contact_email_register
        from modules.office import selectors

        # Replies to the platform's e-mails for the office (invitations) go to its e-mail.
        office_contact_email_register(selectors.office_contact_email)
        from common.onboarding import OnboardingStep, onboarding_step_register

        onboarding_step_register(
            OnboardingStep(
                "office",
                10,
                _("Fill in your office details"),
                "office:general",
                "building",
                lambda request: selectors.office_details_complete(),
            )
        )
        onboarding_step_register(
            OnboardingStep(
                "team",
                20,
                _("Invite your staff"),
                "office:staff_list",
                "people",
                lambda request: selectors.office_team_started(office=request.office),
            )
        )
        from common.administration import AdminSection, admin_section_register
        from common.navigation import STAFF_AREA, NavItem, nav_register

        nav_register(
            NavItem(
                STAFF_AREA, _("Dashboard"), "office:dashboard", "speedometer2", 0, shortcut="g d"
            )
        )
        nav_register(
            NavItem(
                STAFF_AREA,
                _("Administration"),
                "office:administration",
                "gear",
                900,
                level="admin",
                shortcut="g a",
            )
        )
        for section in (
            AdminSection(
                "general",
                pgettext_lazy("administration section", "General"),
                0,
                "office:general",
                icon="building",
            ),
            AdminSection("team", _("Team"), 80, "office:staff_list", icon="people"),
            AdminSection("audit", _("Audit log"), 90, "office:audit_log", icon="journal-text"),
        ):
            admin_section_register(section)
