"""Load the demo offices, people and data (idempotent: run it as often as you like).

The foundation creates the offices and the people; every app with a `demo.py` that defines
`seed_demo(*, office, people)` adds its own data inside each office's schema, in the office's
language, as the worker runs an office's jobs (tenants.dramatiq): what a service stores as
text for the staff (the reason an e-mail waits for triage) reads in it.
"""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import translation
from django_tenants.utils import tenant_context

from common.demo_foundation import DEMO_PASSWORD, demo_foundation


def demo_modules() -> list:
    """Every app's `demo` module, in the order of INSTALLED_APPS; a module that names an
    app in `DEMO_AFTER` comes right after that app's (rooms after billing: a client's
    package decides how a booking is billed, so the packages come first)."""
    found = []
    names = [app.name for app in apps.get_app_configs()]
    for position, name in enumerate(names):
        try:
            module = importlib.import_module(f"{name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.demo":
                raise
            continue
        after = getattr(module, "DEMO_AFTER", None)
        found.append((names.index(after) + 0.5 if after else position, module))
    return [module for _key, module in sorted(found, key=lambda pair: pair[0])]


def office_demo_seed(offices, people) -> None:
    """Each app's demo inside each office, in the office's schema and language."""
    for module in demo_modules():
        for office in offices:
            with tenant_context(office), translation.override(office.language):
                module.seed_demo(office=office, people=people)


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        offices, people = demo_foundation()
        office_demo_seed(offices, people)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        for office in offices:
            self.stdout.write(f"  {office.name}: {office.url}/")
        self.stdout.write(f"  Logins (password {DEMO_PASSWORD}):")
        for key, user in people.items():
            self.stdout.write(f"    {user.email:<34} {key}")
