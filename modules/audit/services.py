from __future__ import annotations

from django.db import connection
from django.db.models import Model

from common.context import request_ip
from modules.audit.models import AuditEntry


def audit_record(
    *,
    action: str,
    actor=None,
    target: Model | None = None,
    changes: dict | None = None,
    office=None,
    actor_label: str = "",
) -> AuditEntry:
    """Append to the office's audit log, in the caller's transaction.

    `office` is needed only when called from the public schema (e.g. platform support
    access); inside an office request the current schema is the office.
    """
    if office is not None and connection.schema_name != office.schema_name:
        previous = connection.tenant
        connection.set_tenant(office)
        try:
            return audit_record(
                action=action,
                actor=actor,
                target=target,
                changes=changes,
                actor_label=actor_label,
            )
        finally:
            connection.set_tenant(previous)
    entry = _entry(action=action, actor=actor, target=target, changes=changes)
    if actor_label:
        entry.actor_label = actor_label
    entry.save(force_insert=True)
    return entry


def audit_exists(*, action: str, changes: dict) -> bool:
    """Whether the office's log has an entry of `action` whose changes contain `changes`."""
    return AuditEntry.objects.filter(action=action, changes__contains=changes).exists()


def audit_record_many(*, action: str, actor=None, targets: list[tuple[Model, dict]]) -> None:
    """One entry per (target, changes), in one INSERT, in the caller's transaction (a bulk
    operation of the current office: drafts for a month of clients)."""
    AuditEntry.objects.bulk_create(
        [_entry(action=action, actor=actor, target=t, changes=c) for t, c in targets]
    )


def _entry(*, action: str, actor, target: Model | None, changes: dict | None) -> AuditEntry:
    return AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor.email if actor is not None and actor.pk else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=_target_label(target)[:300] if target is not None else "",
        changes=changes or {},
        ip=request_ip.get(),
    )


def _target_label(target: Model) -> str:
    """What the row is about, in a person's words: the model's `audit_label()` when it has
    one (a booking: its room and start in the office's time zone, not "3: 2026-12-07 08:00"
    in UTC), else its str()."""
    label = getattr(target, "audit_label", None)
    return str(label() if callable(label) else target)
