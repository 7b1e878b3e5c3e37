"""What the modules do once an office has its country: when it is provisioned, or claimed
from the pool (a pooled office is cloned before anyone knows its country). Modules register
a hook in their AppConfig.ready (tenants reaches modules only through registries); each
runs in the office's schema, inside the transaction that creates or claims the office, so
a failing hook leaves no half-made office."""

from __future__ import annotations

from collections.abc import Callable

from django_tenants.utils import schema_context

from tenants.models import Office

_HOOKS: dict[str, Callable[[Office], None]] = {}


def office_setup_register(name: str, hook: Callable[[Office], None]) -> None:
    """`hook(office)` runs in the office's schema when the office gets its country."""
    _HOOKS[name] = hook


def office_setup_run(office: Office) -> None:
    with schema_context(office.schema_name):
        for hook in _HOOKS.values():
            hook(office)
