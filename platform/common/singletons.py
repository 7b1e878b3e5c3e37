"""Read and change a per-office settings row (`common.models.OfficeSettings`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import transaction

from common.audit import audit_diff, audit_record
from common.db import FixedQuery, fetch_fixed
from common.models import OfficeSettings

S = TypeVar("S", bound=OfficeSettings)


# The read of each model's row, compiled once per process (common.db.FixedQuery): many
# pages read one or two settings rows (the client panel's Mail tab: the scan requests' and,
# for the menu, billing's), and the ORM spent about 0.4 ms building and compiling each
# `filter(pk=1).first()`, more than PostgreSQL spent answering it. None: a model with a
# field that needs converting from the database reads through the ORM.
_READS: dict[type, FixedQuery | None] = {}


def _read(model: type[S]) -> S | None:
    query = _READS.get(model, False)
    if query is False:
        query = FixedQuery(lambda: model.objects.filter(pk=1))
        try:
            query.compiled()
        except TypeError:
            query = None
        _READS[model] = query
    if query is None:
        return model.objects.filter(pk=1).first()
    rows = fetch_fixed(query)[0]
    return rows[0] if rows else None


def settings_get(model: type[S], *, defaults: Callable[[], dict] | None = None) -> S:
    """The office's row, created with the model's defaults on first read; `defaults()`
    gives values of the new row that depend on the office (its country's)."""
    row = _read(model)
    if row is None:
        row, _created = model.objects.get_or_create(
            pk=1, defaults=defaults() if defaults is not None else {}
        )
    return row


def settings_locked(model: type[S]) -> S:
    """The office's row, locked until the caller's transaction ends (created first if it
    does not exist yet: a missing row cannot be locked). For a decision read from the row
    before it is changed (an idempotent "do it once")."""
    settings_get(model)
    return model.objects.select_for_update().get(pk=1)


@transaction.atomic
def settings_update(
    model: type[S], *, actor, data: dict, fields: Iterable[str], action: str
) -> tuple[S, dict]:
    """Set the given fields from `data` under a row lock, validate, save and audit them as
    `action` (nothing is written when nothing changed). Returns the row and the changes."""
    row = settings_locked(model)
    changes = audit_diff(row, data, fields)
    row.full_clean()
    if changes:
        row.save()
        audit_record(action=action, actor=actor, target=row, changes=changes)
    return row, changes


def settings_rows_fold(model) -> None:
    """For the migration that puts an existing settings table under OfficeSettings: leave
    exactly one row, id 1, before the check constraint is added. A table without row 1 keeps
    its oldest row's values as row 1; any other row goes (reads only ever used the first)."""
    rows = model.objects.order_by("pk")
    if not rows.exclude(pk=1).exists():
        return
    if not rows.filter(pk=1).exists():
        rows.filter(pk=rows.first().pk).update(**{model._meta.pk.attname: 1})
    rows.exclude(pk=1).delete()
