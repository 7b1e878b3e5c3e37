"""Presentation attributes for a form field, set where the field is laid out (the template),
so forms.py stays input validation only."""

from django import template
from django.forms import BoundField

register = template.Library()


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
