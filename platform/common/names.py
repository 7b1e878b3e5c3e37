"""Names of an office's catalogue items in the three languages (pl, sk, en): billing's
services, rooms' extras, the helpdesk's categories.

Each item stores `name_pl`, `name_sk` and `name_en` (billing's pattern). The name in the
office's language is required (`name_required_field`, `names_check` in the model's clean),
the others are optional; a reader gets the name in their language, else in the office's
(the one every item has), else any (`name_pick`). "Reader" is whoever the text is for:
the person viewing a page (the active language), an e-mail's recipient, an invoice's
language."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

NAME_LANGUAGES = ("pl", "sk", "en")
NAME_LABELS = {"pl": _("name (Polish)"), "sk": _("name (Slovak)"), "en": _("name (English)")}


def office_language() -> str:
    """The office's language (connection.tenant), one of NAME_LANGUAGES; "pl" outside one."""
    language = (getattr(connection.tenant, "language", "") or "pl")[:2]
    return language if language in NAME_LANGUAGES else "pl"


def name_pick(names: Mapping[str, str], language: str | None = None) -> str:
    """The name for a reader of `language` (default: the active one): theirs, else the
    office's, else any there is. `names`: {"pl": ..., "sk": ..., "en": ...}."""
    reader = (language or get_language() or "pl")[:2]
    for code in (reader, office_language(), *NAME_LANGUAGES):
        if names.get(code):
            return names[code]
    return ""


def names_of(item, field: str = "name") -> dict[str, str]:
    """{language: name} of an item with `<field>_pl`, `<field>_sk`, `<field>_en`."""
    return {code: getattr(item, f"{field}_{code}", "") or "" for code in NAME_LANGUAGES}


def name_in(item, language: str | None = None, field: str = "name") -> str:
    """An item's name for a reader of `language` (name_pick)."""
    return name_pick(names_of(item, field), language)


def name_required_field(field: str = "name") -> str:
    """The field every item must fill: the name in the office's language."""
    return f"{field}_{office_language()}"


def names_check(item, field: str = "name") -> None:
    """A model's clean(): the name in the office's language is there (not only spaces)."""
    required = name_required_field(field)
    if not (getattr(item, required, "") or "").strip():
        raise ValidationError(
            {required: _("Enter the name in the office's language.")}, code="required"
        )


def name_form_fields(form, field: str = "name") -> None:
    """A form with the three name fields: the office's language first and required, the
    others optional (they fall back to it)."""
    required = name_required_field(field)
    for code in NAME_LANGUAGES:
        name = f"{field}_{code}"
        if name in form.fields:
            form.fields[name].required = name == required
    if required in form.fields:
        form.order_fields([required, *(f for f in form.fields if f != required)])
