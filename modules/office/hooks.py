"""What other modules add to Administration > General without office importing them.

    from modules.office.hooks import GeneralSwitch, general_switch_register
    general_switch_register(GeneralSwitch("summaries_for_clients", _("..."), 20, get, set))

A switch is one checkbox in the page's "Client panel" card: `get()` reads its value,
`set(actor=, value=)` saves it through the owning module's service (which audits it), in
the same transaction as the rest of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class GeneralSwitch:
    key: str
    label: str
    order: int
    get: Callable[[], bool]
    set: Callable[..., None]
    help_text: str = ""


_switches: dict[str, GeneralSwitch] = {}


def general_switch_register(switch: GeneralSwitch) -> None:
    _switches[switch.key] = switch


def general_switches() -> list[GeneralSwitch]:
    return sorted(_switches.values(), key=lambda s: (s.order, s.key))
