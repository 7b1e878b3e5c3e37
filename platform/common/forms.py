"""Form widgets and helpers every module's forms use.

Forms carry no presentation: templates render them with django-crispy-forms and its
Bootstrap 5 pack (`{% include "partials/form_fields.html" %}` for a whole form,
`{{ form.field|as_crispy_field }}` for one field), which sets the Bootstrap classes, marks
invalid fields and links errors and help texts to them."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def form_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: beside each field it names, and above
    the form for the rest (a field the form does not have, or no field at all)."""
    for name, messages in getattr(exc, "message_dict", {NON_FIELD_ERRORS: exc.messages}).items():
        form.add_error(name if name in form.fields else None, messages)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"


class DateLocalInput(forms.DateInput):
    input_type = "date"


class ColourInput(forms.TextInput):
    input_type = "color"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={
                    "accept": "application/pdf,image/jpeg,image/png",
                }
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []
