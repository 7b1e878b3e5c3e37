from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    label = "tenants"
    verbose_name = "Offices"

    def ready(self) -> None:
        # The broker must exist before any tasks module declares an actor (dramatiq binds
        # actors to the global broker at import time); this app is loaded first.
        from config.broker import broker_setup

        broker_setup()
