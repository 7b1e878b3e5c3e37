"""The audit log as the platform layer sees it.

The log itself (model, append-only trigger, screen) belongs to `modules.audit`, an office-schema
app. Code in platform/, tenants/ and signup must not import modules (the import-linter
contracts), so it records through this hook, which `modules.audit` fills in its
AppConfig.ready(). Modules call `modules.audit.services.audit_record` directly.
"""

from __future__ import annotations

from collections.abc import Callable

_writer: Callable | None = None
# What each action says to a person, registered by the app that records it.
_actions: dict[str, str] = {}


def audit_writer_register(writer: Callable) -> None:
    global _writer
    _writer = writer


def audit_record(**kwargs):
    """Append to the office's audit log in the caller's transaction (see
    modules.audit.services.audit_record for the arguments)."""
    if _writer is None:
        raise RuntimeError("No audit writer: modules.audit is not installed.")
    return _writer(**kwargs)


def audit_actions_register(labels: dict) -> None:
    """{"mail.registered": _("Mail registered"), ...}: the app's actions in words."""
    _actions.update(labels)


def audit_action_label(code: str) -> str:
    """An action in words, translated; an action nobody described reads "Change recorded"
    (tests/platform/test_audit_words.py keeps every recorded action described)."""
    from django.utils.translation import gettext

    label = _actions.get(code)
    return str(label) if label is not None else gettext("Change recorded")


def audit_actions() -> dict[str, str]:
    return dict(_actions)


def audit_value(value):
    """A field value as it is stored in an audit row's `changes` (JSON): dates and times as
    ISO text in the office's time zone, decimals as text, related rows by their label."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [audit_value(v) for v in value]
    return value


def audit_diff(instance, data: dict, fields) -> dict:
    """Set `fields` of `instance` that `data` carries and differ; return the one shape every
    audit row uses for changes: ``{field: [old, new]}`` (values through `audit_value`).

    Text is stripped before comparing, so a form's trailing space is not a change.
    """
    changes = {}
    for field in fields:
        if field not in data:
            continue
        old, new = getattr(instance, field), data[field]
        if isinstance(new, str):
            new = new.strip()
        if old != new:
            changes[field] = [audit_value(old), audit_value(new)]
            setattr(instance, field, new)
    return changes
