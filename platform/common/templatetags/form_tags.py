"""Form presentation set where a form is laid out (the template), so forms.py stays input
validation only: a field's attributes and label (`widget_attrs`, `field_label`), and the
options of a filter bar's plain `<select>` that has no form behind it (`select_options`)."""

import json
from html import escape

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

register = template.Library()

# By language: the attribute is the same on every page, built once (its messages as
# {% translate %} tags would cost every page about 9 µs each; this lookup costs a few).
_VALIDATION_ATTRS: dict[str, SafeString] = {}


@register.simple_tag
def validation_messages() -> SafeString:
    """<body {% validation_messages %}>: the words static/js/vireo.js puts in the browser's
    own validation bubbles, which otherwise speak the browser's language, not the page's.
    Django's own form messages, so a field says the same before and after it is sent."""
    language = get_language()
    attrs = _VALIDATION_ATTRS.get(language)
    if attrs is None:
        messages = {
            "valueMissing": gettext("This field is required."),
            "email": gettext("Enter a valid email address."),
            "url": gettext("Enter a valid URL."),
            "number": gettext("Enter a number."),
            "date": gettext("Enter a valid date."),
            "datetime-local": gettext("Enter a valid date/time."),
            "time": gettext("Enter a valid time."),
            "patternMismatch": gettext("Enter a valid value."),
            "rangeUnderflow": gettext(
                "Ensure this value is greater than or equal to %(limit_value)s."
            ),
            "rangeOverflow": gettext("Ensure this value is less than or equal to %(limit_value)s."),
            # A number off its step: a whole number where the step is 1 (the browser's
            # default), else the decimal places a step of 0.01 allows.
            "wholeNumber": gettext("Enter a whole number."),
            "decimalPlaces": {
                str(n): ngettext(
                    "Ensure that there are no more than %(max)s decimal place.",
                    "Ensure that there are no more than %(max)s decimal places.",
                    n,
                )
                for n in (1, 2, 5)
            },
            # A minimum length's plural forms for 1, 2 and 5: the script picks the one the
            # limit needs by the language's plural rules (Intl.PluralRules).
            "tooShort": {
                str(n): ngettext(
                    "Ensure this value has at least %(limit_value)d character (it has "
                    "%(show_value)d).",
                    "Ensure this value has at least %(limit_value)d characters (it has "
                    "%(show_value)d).",
                    n,
                )
                for n in (1, 2, 5)
            },
            # A maximum length: a browser stops typing at it, so only a value put there
            # before the limit (a page's own value) meets it. Also the words a form says once
            # sent (Django's Slovak catalogue has a double space in them).
            "tooLong": {
                str(n): ngettext(
                    "Ensure this value has at most %(limit_value)d character (it has "
                    "%(show_value)d).",
                    "Ensure this value has at most %(limit_value)d characters (it has "
                    "%(show_value)d).",
                    n,
                )
                for n in (1, 2, 5)
            },
        }
        attrs = format_html('data-validation="{}"', json.dumps(messages, ensure_ascii=False))
        _VALIDATION_ATTRS[language] = attrs
    return attrs


@register.simple_tag
def widget_attrs(field: BoundField, **attrs) -> str:
    """Add HTML attributes to a field's widget before it is rendered:
        {% widget_attrs form.sender hx_get=url data_testid="sender" %}
        {{ form.sender|as_crispy_field }}
    Underscores become hyphens (hx_get -> hx-get); True gives a bare attribute
    (autofocus=True); False, None or "" (an unset template variable) leaves it out. Each form
    instance has its own widgets, so this touches only the form being rendered."""
    current = field.field.widget.attrs
    for name, value in attrs.items():
        name = name.replace("_", "-")
        if value is None or value is False or value == "":
            current.pop(name, None)
        else:
            current[name] = value
    return ""


@register.simple_tag
def field_label(field: BoundField, label: str) -> str:
    """Give a field the label its template words, e.g. one with links built by
    `{% blocktranslate asvar label %}` (kept as markup: blocktranslate escapes the variables
    and marks the result safe)."""
    field.label = label
    return ""


@register.simple_tag
def select_options(choices, selected) -> SafeString:
    """The `<option>`s of a filter bar's plain `<select>`: `choices` as (value, label) pairs,
    the one whose value equals `selected` (compared as text) marked selected. One string
    built in Python: the template's loop over a status list took 0.3 ms of the client
    panel's Mail tab."""
    selected = "" if selected is None else str(selected)
    return SafeString(
        "".join(
            f'<option value="{escape(str(value))}"'
            f"{' selected' if str(value) == selected else ''}>{escape(str(label))}</option>"
            for value, label in choices
        )
    )
