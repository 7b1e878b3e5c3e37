from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    label = "subscriptions"
    verbose_name = _("Subscriptions")

    def ready(self) -> None:
        from common.audit import audit_actions_register
        from subscriptions.audit_actions import AUDIT_ACTIONS, AUDIT_CHANGES

        audit_actions_register(AUDIT_ACTIONS, AUDIT_CHANGES)
        from common.onboarding import OnboardingStep, onboarding_step_register
        from subscriptions.services import plan_chosen

        onboarding_step_register(
            OnboardingStep(
                "billing",
                90,
                _("Choose a plan"),
                "subscriptions:billing",
                "credit-card",
                lambda request: plan_chosen(office=request.office),
            )
        )
        from common.uploads import storage_guard_register
        from subscriptions.storage import storage_guard

        storage_guard_register(storage_guard)  # the plan's storage, for every upload
        from common.administration import AdminSection, admin_section_register
        from subscriptions import tasks  # noqa: F401  (registers the actors)

        admin_section_register(
            AdminSection(
                "subscription",
                _("Subscription"),
                95,
                "subscriptions:billing",
                icon="credit-card",
            )
        )
