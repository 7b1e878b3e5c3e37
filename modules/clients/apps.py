from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "modules.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        from common.audit import audit_actions_register
        from modules.clients.audit_actions import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
        from modules.clients.selectors import client_ids_by_phones
        from modules.notifications.hooks import number_companies_register

        # Notifications' SMS company line counts every company a number is a contact of.
        number_companies_register(client_ids_by_phones)
        from common.onboarding import OnboardingStep, onboarding_step_register
        from modules.clients.selectors import clients_exist

        onboarding_step_register(
            OnboardingStep(
                "clients",
                30,
                _("Import or add your clients"),
                "clients:import",
                "person-vcard",
                lambda request: clients_exist(),
            )
        )
        from common.navigation import (
            CLIENT_AREA,
            STAFF_AREA,
            NavGroup,
            NavItem,
            nav_group_register,
            nav_register,
        )
        from modules.clients import hooks
        from tenants.usage import usage_register

        nav_group_register(NavGroup(STAFF_AREA, "clients", _("Clients"), "buildings", 10))
        nav_register(
            NavItem(
                STAFF_AREA,
                _("Clients"),
                "clients:list",
                "buildings",
                10,
                group="clients",
                shortcut="g c",
            )
        )
        nav_register(
            NavItem(
                CLIENT_AREA,
                _("Profile"),
                "clients:portal_profile",
                "person-vcard",
                90,
                level="client",
            )
        )
        usage_register("clients", _clients_count, _("Clients"))
        hooks.builtin_tabs_register()


def _clients_count(office) -> int:
    from modules.clients.models import Client

    return Client.objects.exclude(status=Client.Status.ENDED).count()
