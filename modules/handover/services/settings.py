"""The footer of the confirmations (Administration > Hand-over: one row per office). The
letterhead above it comes from the office's details (modules.office)."""

from __future__ import annotations

from common import singletons
from modules.handover.models import HandOverSettings


def handover_settings_get() -> HandOverSettings:
    return singletons.settings_get(HandOverSettings)


def handover_settings_update(*, actor, footer: str) -> HandOverSettings:
    row, _changes = singletons.settings_update(
        HandOverSettings,
        actor=actor,
        data={"footer": footer},
        fields=("footer",),
        action="handover.settings_changed",
    )
    return row
