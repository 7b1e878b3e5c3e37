"""Usage figures of one office, measured inside its schema. Modules register their own
providers in AppConfig.ready():
usage_register("mail_items_month", mail_items_this_month, _("Mail items this month"))."""

from __future__ import annotations

from collections.abc import Callable

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.storage import office_usage_bytes

_providers: dict[str, Callable] = {}
_labels: dict[str, str] = {}


def usage_register(name: str, provider: Callable, label: str) -> None:
    """`provider(office) -> int`, called with the connection in the office's schema; `label`
    (lazy) names the figure on the console's office page. A name ending in `_bytes` is a
    size."""
    _providers[name] = provider
    _labels[name] = label


def usage_measure(office) -> dict[str, int]:
    return {name: int(provider(office)) for name, provider in sorted(_providers.items())}


def usage_value(name: str, value: int | None) -> str:
    """One figure as the console shows it everywhere (list and office page): a size for a
    name ending in `_bytes`, else a grouped number; "—" for a figure not measured."""
    if value is None:
        return "—"
    if name.endswith("_bytes"):
        return filesizeformat(value)
    return number_format(value, force_grouping=True)


def usage_cells(usage, names: tuple[str, ...]) -> dict[str, str]:
    """The figures `names` of an office's stored usage (None: never measured) as shown."""
    figures = usage.figures if usage is not None else {}
    return {name: usage_value(name, figures.get(name)) for name in names}


def usage_words(figures: dict[str, int]) -> list[tuple[str, str]]:
    """Stored figures as (label, value) in the reader's language, by label; a figure no
    provider names any more keeps its key."""
    return sorted(
        (str(_labels.get(name, name)), usage_value(name, value)) for name, value in figures.items()
    )


def _staff_users(office) -> int:
    from accounts.models import STAFF_ROLES, Membership

    return Membership.objects.filter(office=office, is_active=True, role__in=STAFF_ROLES).count()


def _client_users(office) -> int:
    from accounts.models import Membership, Role

    return Membership.objects.filter(office=office, is_active=True, role=Role.CLIENT).count()


def _storage_bytes(office) -> int:
    return office_usage_bytes(office.schema_name)


usage_register("staff_users", _staff_users, pgettext_lazy("people", "Staff"))
usage_register("client_users", _client_users, pgettext_lazy("all clients", "Client users"))
usage_register("storage_bytes", _storage_bytes, _("Storage"))
