"""Form widgets and the Bootstrap mixin every module's forms use."""

from __future__ import annotations

from django import forms


class Bootstrap:
    """Bootstrap classes on every widget, so templates can render fields with {{ field }}."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            elif isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                continue
            else:
                css = "form-control"
            widget.attrs["class"] = css


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
