"""The audit log as the platform layer sees it.

The log itself (model, append-only trigger, screen) belongs to `modules.audit`, an office-schema
app. Code in platform/, tenants/ and signup must not import modules (the import-linter
contracts), so it records through this hook, which `modules.audit` fills in its
AppConfig.ready(). Modules call `modules.audit.services.audit_record` directly.
"""

from __future__ import annotations

from collections.abc import Callable

_writer: Callable | None = None
_finder: Callable | None = None
# What each action says to a person, registered by the app that records it.
_actions: dict[str, str] = {}
# What the keys of an action's changes name, registered by the app that records it.
_changes: dict[str, dict] = {}


def audit_writer_register(writer: Callable) -> None:
    global _writer
    _writer = writer


def audit_finder_register(finder: Callable) -> None:
    global _finder
    _finder = finder


def audit_recorded(*, action: str, changes: dict) -> bool:
    """Whether the current office's log has an entry of `action` whose changes contain
    `changes` (a repeated request that must not be logged twice: one Checkout session)."""
    if _finder is None:
        raise RuntimeError("No audit finder: modules.audit is not installed.")
    return _finder(action=action, changes=changes)


def audit_record(**kwargs):
    """Append to the office's audit log in the caller's transaction (see
    modules.audit.services.audit_record for the arguments)."""
    if _writer is None:
        raise RuntimeError("No audit writer: modules.audit is not installed.")
    return _writer(**kwargs)


def audit_actions_register(labels: dict, changes: dict | None = None) -> None:
    """{"mail.registered": _("Mail registered"), ...}: the app's actions in words, and
    what their changes name where the target's fields do not say it (audit_changes_register)."""
    _actions.update(labels)
    audit_changes_register(changes or {})


def audit_action_label(code: str) -> str:
    """An action in words, translated; an action nobody described reads "Change recorded"
    (tests/platform/test_audit_words.py keeps every recorded action described)."""
    from django.utils.translation import gettext

    label = _actions.get(code)
    return str(label) if label is not None else gettext("Change recorded")


def audit_actions() -> dict[str, str]:
    return dict(_actions)


def audit_changes_register(descriptions: dict) -> None:
    """What an action's `changes` name, where the target's own fields do not say it:
    ``{"billing.usage_recorded": {"model": "billing.UsageRecord", "labels": {"late":
    _("Recorded late")}, "hidden": ("usage",)}}``. `model`: the model whose fields the keys are
    (default: the target's); `labels`: words for keys that are no field of it; `lists`:
    keys whose value is a list of values, never an [old, new] pair; `related`: {key: model
    label} for keys that hold ids (shown by the row's name); `fields`: {key: "app.Model.field"}
    for keys whose values are another model's field's (a scan request's status on a mail
    item's row: "new" reads as that field's choice, "Nowa"); `money`: keys holding an amount
    in the office's currency ("0,00 zł", common.money); `months`: keys holding the first day of
    a month, read as the month ("listopad 2026", common.formats.month_text; a billing month
    read "01.11.2026"); `hidden`: keys kept for the record
    that say nothing to a person (a row's id). Other decimals read as quantities do ("1",
    "1,5": common.formats.quantity_text), whether stored as "1.000" or 2."""
    _changes.update(descriptions)


def audit_entry_words(entry) -> list[tuple[str, str]]:
    """An audit row's changes as (label, words) pairs, in the reader's language: the one
    reading of `changes` for every history screen (a client's history, the audit log)."""
    return audit_entries_words([entry])[0]


def audit_words_attach(entries) -> None:
    """Set `change_words` on each of a screen's `entries` (audit_entries_words), which the
    `audit_changes` template filter reads."""
    entries = list(entries)
    for entry, words in zip(entries, audit_entries_words(entries), strict=True):
        entry.change_words = words


def audit_target_label(entry) -> str:
    """What an audit row was done to: the name it had then, except an office's settings,
    which are named in the reader's language ("E-mail intake settings" was stored in the
    language of whoever changed them)."""
    from django.utils.text import capfirst

    from common.models import OfficeSettings

    model = _model(entry.target_type)
    if model is not None and issubclass(model, OfficeSettings):
        return capfirst(model._meta.verbose_name)
    # A model whose labels hold words of ours reads them in the reader's language:
    # `audit_label_read(stored label) -> str` (a draft invoice, stored "szkic faktury ...").
    read = getattr(model, "audit_label_read", None) if model is not None else None
    if read is not None and entry.target_label:
        return read(entry.target_label)
    return entry.target_label


def audit_entries_words(entries) -> list[list[tuple[str, str]]]:
    """audit_entry_words of each of `entries` (a screen's page), the rows their ids name
    read in one query per model for the whole page."""
    entries = list(entries)
    wanted: dict = {}
    for entry in entries:
        for _key, value, field, _label, _known, _pair in _changes_of(entry):
            if field is not None and field.is_relation and field.related_model is not None:
                wanted.setdefault(field.related_model, set()).update(_ids_in(value))
    related: dict = {}
    for model, ids in wanted.items():
        rows = model._default_manager.in_bulk(ids)
        for pk in ids:
            row = rows.get(pk)
            related[(model._meta.label_lower, pk)] = str(row) if row is not None else f"#{pk}"
    return [
        [(label, words) for label, words, _known in _entry_words(entry, related)]
        for entry in entries
    ]


def _ids_in(value) -> set[int]:
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {value}
    if isinstance(value, list):
        return set().union(*(_ids_in(v) for v in value)) if value else set()
    return set()


def _changes_of(entry):
    """(key, value, field, label, known, pair) of each change a person is shown: `field`
    the model field (or _IdsOf) the key names, `known` whether the label is written for
    people, `pair` whether the value is [old, new]."""
    from django.utils.text import capfirst

    changes = entry.changes if isinstance(entry.changes, dict) else {}
    if not changes:
        return
    described = _changes.get(entry.action, {})
    model = _model(described.get("model") or entry.target_type)
    labels, lists = described.get("labels", {}), described.get("lists", ())
    ids, hidden = described.get("related", {}), described.get("hidden", ())
    fields = described.get("fields", {})
    amounts = described.get("money", ())
    months = described.get("months", ())
    for key, value in changes.items():
        if key in hidden:
            continue
        field = _model_field(model, key) if model is not None else None
        if key in ids:
            field = _IdsOf(_model(ids[key]))
        elif key in fields:
            other, _dot, name = fields[key].rpartition(".")
            field = _model_field(_model(other), name)
        if key in labels:
            label, known = str(labels[key]), True
        elif field is not None and not isinstance(field, _IdsOf):
            label, known = capfirst(field.verbose_name), _translatable(field.verbose_name)
        else:
            label, known = capfirst(key.replace("_", " ")), False
        if key in amounts:
            field = _MONEY
        elif key in months:
            field = _MONTH
        pair = isinstance(value, list) and len(value) == 2 and key not in lists
        yield key, value, field, label, known, pair


def _entry_words(entry, related: dict | None = None) -> list[tuple[str, str, bool]]:
    """As audit_entry_words, each with whether its label is written for people (a
    translatable field name or a registered label): tests/platform/test_audit_words.py
    holds every key the demo records to that. `related`: the names of the rows its ids
    name, by (model label, id), as audit_entries_words read them."""
    related = {} if related is None else related
    words = []
    for _key, value, field, label, known, pair in _changes_of(entry):
        if pair:
            text = f"{_word(field, value[0], related)} → {_word(field, value[1], related)}"
        else:
            text = _word(field, value, related)
        words.append((label, text, known))
    return words


class _Money:
    """A key registered as `money` (audit_changes_register): read by _word as an amount in
    the office's currency."""

    is_relation, choices = False, None


_MONEY = _Money()


class _Month:
    """A key registered as `months`: a month's first day, read by _word as the month."""

    is_relation, choices = False, None


_MONTH = _Month()


class _IdsOf:
    """A key that holds ids of `related_model` (audit_changes_register's `related`), read
    by _word as a foreign key's value is."""

    is_relation, choices = True, None

    def __init__(self, related_model):
        self.related_model = related_model


def _model(label: str):
    from django.apps import apps

    try:
        return apps.get_model(label) if "." in label else None
    except LookupError:
        return None


def _translatable(text) -> bool:
    from django.utils.functional import Promise

    return isinstance(text, Promise)


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
        field = model._meta.get_field(key)
        return field if hasattr(field, "verbose_name") else None  # not a reverse relation
    except FieldDoesNotExist:
        for field in model._meta.concrete_fields:
            if field.attname == key:  # "assignee_id"
                return field
        return None


def _word(field, value, related: dict | None = None) -> str:
    import datetime as dt
    import re
    from decimal import Decimal

    from django.utils import formats, timezone

    if value in (None, "", [], {}):
        return "—"
    if field is _MONEY and isinstance(value, str | int | float | Decimal):
        from django.db import connection

        from common.money import money

        try:
            return money(Decimal(str(value)), getattr(connection.tenant, "currency", ""))
        except ArithmeticError:
            return str(value)
    if field is _MONTH and isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        from common.formats import month_text

        return month_text(dt.date.fromisoformat(value))
    if isinstance(value, list):
        return ", ".join(_word(field, v, related) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_word(None, v, related)}" for k, v in value.items())
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and isinstance(value, str):
        builtin = _builtin_name(field.related_model, value)
        if builtin is not None:
            return builtin
    if (
        related is not None
        and field is not None
        and field.is_relation
        and field.related_model is not None
        and isinstance(value, int)
    ):
        return _related_label(field.related_model, value, related)
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", value):
        moment = dt.datetime.fromisoformat(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if isinstance(value, str) and re.match(r"^\d{2}:\d{2}(:\d{2})?$", value):
        return value[:5]
    if isinstance(value, str) and re.match(r"^-?\d+\.\d+$", value):
        from common.formats import quantity_text

        return quantity_text(value)
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    return str(value)


# A model's built-in names (BUILTIN_LABELS, {code: lazy translation}) in every language:
# {model label: {name in any language: code}}, worked out once per process.
_builtin_codes: dict[str, dict[str, str]] = {}


def _builtin_name(model, text: str) -> str | None:
    """A related row stored by its name (audit_value) whose name is a built-in one, in the
    reader's language: an office's "To pick up" status was recorded as "Do odbioru" by a
    Polish reader and reads "To pick up" to an English one. A model says which names are
    built in with `BUILTIN_LABELS` ({code: lazy translation}); a name the office gave
    (none of them in any language) stays as it was recorded. None: not a built-in name."""
    labels = getattr(model, "BUILTIN_LABELS", None) if model is not None else None
    if not labels:
        return None
    codes = _builtin_codes.get(model._meta.label)
    if codes is None:
        from django.conf import settings
        from django.utils import translation

        codes = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for code, label in labels.items():
                    codes.setdefault(str(label), code)
        _builtin_codes[model._meta.label] = codes
    code = codes.get(text)
    return str(labels[code]) if code is not None else None


def _related_label(model, pk: int, names: dict) -> str:
    """A related row stored by its id, by its name now (read for the whole screen by
    audit_entries_words; "#4" when it is gone)."""
    return names.get((model._meta.label_lower, pk), f"#{pk}")


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
