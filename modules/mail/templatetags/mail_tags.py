import datetime as dt
import re

from django import template

register = template.Library()


def _field(key: str):
    from django.core.exceptions import FieldDoesNotExist

    from modules.mail.models import MailItem

    try:
        return MailItem._meta.get_field(key)
    except FieldDoesNotExist:
        return None


@register.filter
def mail_field_label(key: str) -> str:
    """A changed field of an item as its label ("received / sent", not "received_at")."""
    from django.utils.text import capfirst

    field = _field(key)
    return capfirst(field.verbose_name) if field is not None else capfirst(key.replace("_", " "))


_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _word(field, value) -> str:
    from django.utils import formats, timezone

    if value in (None, "", []):
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and _ISO_TIME.match(value):
        moment = dt.datetime.fromisoformat(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    return str(value)


@register.simple_tag
def mail_change_words(key: str, value) -> str:
    """An audit change of an item in words: choices by their label ("Incoming", not "in"),
    times in the reader's format, [old, new] as "old → new"."""
    field = _field(key)
    if isinstance(value, list) and len(value) == 2:
        return f"{_word(field, value[0])} → {_word(field, value[1])}"
    return _word(field, value)


@register.filter
def mail_change(value) -> str:
    """An audit change: [old, new] as "old → new", anything else as it is."""
    if isinstance(value, list) and len(value) == 2:
        old, new = ("—" if v in (None, "", []) else v for v in value)
        return f"{old} → {new}"
    return "—" if value in (None, "") else str(value)


@register.filter
def dictkey(mapping, key):
    return mapping.get(key, []) if mapping else []
