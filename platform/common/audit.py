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


def audit_field_label(model, key: str) -> str:
    """A changed field as a person reads it: the model field's name ("Received / sent", not
    "received_at"; "assignee_id" is the assignee), else the key with spaces."""
    from django.utils.text import capfirst

    field = _model_field(model, key)
    return capfirst(field.verbose_name) if field is not None else capfirst(key.replace("_", " "))


def audit_change_words(model, key: str, value) -> str:
    """One change of `model`'s field `key` in words: choices by their label ("Incoming", not
    "in"; "Normal", not "normal"), times and dates in the reader's format, [old, new] as
    "old → new", nothing as "—"."""
    field = _model_field(model, key)
    if isinstance(value, list) and len(value) == 2:
        return f"{_word(field, value[0])} → {_word(field, value[1])}"
    return _word(field, value)


def _model_field(model, key: str):
    from django.core.exceptions import FieldDoesNotExist

    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        for field in model._meta.concrete_fields:
            if field.attname == key:  # "assignee_id"
                return field
        return None


def _word(field, value) -> str:
    import datetime as dt
    import re

    from django.utils import formats, timezone

    if value in (None, "", [], {}):
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", value):
        moment = dt.datetime.fromisoformat(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    return str(value)


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
