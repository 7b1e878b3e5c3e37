"""Usage figures of one office, measured inside its schema. Modules register their own
providers in AppConfig.ready(): usage_register("mail_items_month", mail_items_this_month)."""

from __future__ import annotations

from collections.abc import Callable

from common.storage import office_usage_bytes

_providers: dict[str, Callable] = {}


def usage_register(name: str, provider: Callable) -> None:
    """`provider(office) -> int`, called with the connection in the office's schema."""
    _providers[name] = provider


def usage_measure(office) -> dict[str, int]:
    return {name: int(provider(office)) for name, provider in sorted(_providers.items())}


def _staff_users(office) -> int:
    from accounts.models import STAFF_ROLES, Membership

    return Membership.objects.filter(office=office, is_active=True, role__in=STAFF_ROLES).count()


def _client_users(office) -> int:
    from accounts.models import Membership, Role

    return Membership.objects.filter(office=office, is_active=True, role=Role.CLIENT).count()


def _storage_bytes(office) -> int:
    return office_usage_bytes(office.schema_name)


usage_register("staff_users", _staff_users)
usage_register("client_users", _client_users)
usage_register("storage_bytes", _storage_bytes)
