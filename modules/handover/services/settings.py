"""The letterhead of the confirmations (Administration: one row per office)."""

from __future__ import annotations

from common import singletons
from modules.handover.models import HandOverSettings


def handover_settings_get() -> HandOverSettings:
    return singletons.settings_get(HandOverSettings)


def handover_settings_update(*, actor, letterhead: str, footer: str) -> HandOverSettings:
    row, _changes = singletons.settings_update(
        HandOverSettings,
        actor=actor,
        data={"letterhead": letterhead, "footer": footer},
        fields=("letterhead", "footer"),
        action="handover.settings_changed",
    )
    return row
