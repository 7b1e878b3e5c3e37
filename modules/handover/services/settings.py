"""The letterhead of the confirmations (Administration: one row per office)."""

from __future__ import annotations

from django.db import transaction

from modules.audit.services import audit_record
from modules.handover.models import HandOverSettings


def handover_settings_get() -> HandOverSettings:
    return HandOverSettings.objects.order_by("pk").first() or HandOverSettings(pk=1)


@transaction.atomic
def handover_settings_update(*, actor, letterhead: str, footer: str) -> HandOverSettings:
    row, _created = HandOverSettings.objects.select_for_update().get_or_create(pk=1)
    changes = {}
    for field, value in (("letterhead", letterhead.strip()), ("footer", footer.strip())):
        if getattr(row, field) != value:
            changes[field] = [getattr(row, field), value]
            setattr(row, field, value)
    if changes:
        row.full_clean()
        row.save()
        audit_record(action="handover.settings_changed", actor=actor, target=row, changes=changes)
    return row
