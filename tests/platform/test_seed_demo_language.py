"""`manage.py seed_demo` runs each module's demo inside each office, in the office's
language (what services store as text for the staff reads in it, as in the worker)."""

import io
import sys
import types

from django.core.management import call_command
from django.utils import translation
from django.utils.translation import get_language

from common.management.commands import seed_demo as command


def test_each_office_is_seeded_in_its_own_schema_and_language(monkeypatch, office_a, office_b):
    from django.db import connection

    seen = []
    for language in ("pl", "sk"):  # catalogues loaded before the app registry is narrowed
        with translation.override(language):
            translation.gettext("Client")

    def seed(*, office, people):
        seen.append((office.slug, connection.schema_name, get_language()))

    app = types.ModuleType("vireo_fake_demo_app")
    demo = types.ModuleType("vireo_fake_demo_app.demo")
    demo.seed_demo = seed
    monkeypatch.setitem(sys.modules, "vireo_fake_demo_app", app)
    monkeypatch.setitem(sys.modules, "vireo_fake_demo_app.demo", demo)
    monkeypatch.setattr(command, "demo_foundation", lambda: ([office_a, office_b], {}))
    monkeypatch.setattr(
        command.apps, "get_app_configs", lambda: [types.SimpleNamespace(name=app.__name__)]
    )

    call_command("seed_demo", stdout=io.StringIO())

    assert seen == [
        (office_a.slug, office_a.schema_name, "pl"),
        (office_b.slug, office_b.schema_name, "sk"),
    ]
