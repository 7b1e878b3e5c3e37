"""Custom fields per category (T8): defined by the office, typed and checked when a request is
raised."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from modules.audit.services import audit_record
from modules.helpdesk.models import (
    Category,
    CategoryField,
)


@transaction.atomic
def field_create(
    *,
    actor,
    category: Category,
    label: str,
    kind: str,
    required: bool = False,
    choices=(),
) -> CategoryField:
    """A custom field of a category's requests: text, number, date, choice or yes/no."""
    choices = [c.strip() for c in choices if c and c.strip()]
    if kind == CategoryField.Kind.CHOICE and not choices:
        raise ValidationError({"choices": _("A choice field needs its choices, one a line.")})
    row = CategoryField(
        category=category,
        label=label.strip(),
        kind=kind,
        required=required,
        choices=choices if kind == CategoryField.Kind.CHOICE else [],
        position=CategoryField.objects.filter(category=category).count(),
    )
    row.full_clean()
    row.save()
    audit_record(
        action="helpdesk.field_created",
        actor=actor,
        target=category,
        changes={"field": [None, row.label], "kind": [None, kind], "required": [None, required]},
    )
    return row


YES = {"yes", "true", "1", "on", "tak", "áno"}
NO = {"no", "false", "0", "off", "nie"}


def field_value(field: CategoryField, value):
    """One custom value typed as stored (JSON): text str, number int/float, date ISO str,
    choice one of the field's choices, yes/no bool. None for an empty value; ValueError for
    one that does not fit."""
    from decimal import InvalidOperation

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    K = CategoryField.Kind
    if field.kind == K.TEXT:
        text = str(value).strip()
        if len(text) > 1000:
            raise ValueError(_("At most 1000 characters."))
        return text
    if field.kind == K.NUMBER:
        if isinstance(value, bool):
            raise ValueError(_("Enter a number."))
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None
        if not number.is_finite() or abs(number) >= Decimal("1e12"):
            raise ValueError(_("Enter a number."))
        return int(number) if number == number.to_integral_value() else float(number)
    if field.kind == K.DATE:
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValueError(_("Enter a date (YYYY-MM-DD).")) from None
    if field.kind == K.CHOICE:
        if str(value) not in field.choices:
            raise ValueError(
                _("Choose one of: %(choices)s.") % {"choices": ", ".join(field.choices)}
            )
        return str(value)
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in YES or word in NO:
        return word in YES
    raise ValueError(_("Answer yes or no."))


def fields_clean(*, category: Category | None, values: dict | None) -> dict:
    """The request's custom values, typed and checked against its category's fields: unknown
    fields refused, required ones needed. Errors name the form field `cf_<id>`."""
    values = {str(key): value for key, value in (values or {}).items()}
    fields = list(CategoryField.objects.filter(category=category)) if category else []
    known = {str(f.pk) for f in fields}
    errors, typed = {}, {}
    for key in sorted(set(values) - known):
        errors[f"cf_{key}"] = _("This field does not belong to the request's category.")
    for field in fields:
        try:
            value = field_value(field, values.get(str(field.pk)))
        except ValueError as exc:
            errors[f"cf_{field.pk}"] = str(exc)
            continue
        if value is None:
            if field.required:
                errors[f"cf_{field.pk}"] = _("“%(label)s” is required.") % {"label": field.label}
            continue
        typed[str(field.pk)] = value
    if errors:
        raise ValidationError(errors)
    return typed
