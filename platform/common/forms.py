"""Form widgets and helpers every module's forms use.

Forms carry no presentation: templates render them with django-crispy-forms and its
Bootstrap 5 pack (`{% include "partials/form_fields.html" %}` for a whole form,
`{{ form.field|as_crispy_field }}` for one field), which sets the Bootstrap classes, marks
invalid fields and links errors and help texts to them."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _


def form_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: beside each field it names, and above
    the form for the rest (a field the form does not have, or no field at all)."""
    for name, messages in getattr(exc, "message_dict", {NON_FIELD_ERRORS: exc.messages}).items():
        form.add_error(name if name in form.fields else None, messages)


class DateTimeLocalInput(forms.DateTimeInput):
    """`<input type="datetime-local">`. The browser shows the moment in the reader's locale
    but holds and sends it as yyyy-mm-ddThh:mm whatever the page's language: a value in the
    language's format ("06.12.2026 09:30") is dropped, and the field shows empty."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format="%Y-%m-%dT%H:%M"):
        super().__init__(attrs, format=format)


class DateLocalInput(forms.DateInput):
    """`<input type="date">`, its value as yyyy-mm-dd (see DateTimeLocalInput): in the
    language's format the browser showed an empty field, and saving an edit form emptied
    its optional dates. The field reads yyyy-mm-dd in every language (Django adds the ISO
    input formats to each language's own)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class ColourInput(forms.TextInput):
    input_type = "color"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files; `kinds` (common.uploads kinds, PDF/JPEG/PNG unless given) are what
    the browser's picker offers. With `max_bytes` (the limit the view stages with) the
    field's help text names the kinds and the limit (common.uploads.kinds_help), unless a
    help_text is given. The view still judges each file by its content."""

    def __init__(self, *args, kinds=None, max_bytes=None, **kwargs):
        from common.uploads import JPEG, PDF, PNG, accept_attribute, kinds_help_lazy

        kinds = kinds or (PDF, JPEG, PNG)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept_attribute(kinds)}))
        if max_bytes is not None:
            kwargs.setdefault("help_text", kinds_help_lazy(kinds, max_bytes))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class KeptFilesMixin:
    """A form whose good files survive a re-show (common.uploads.form_uploads_keep, which
    calls kept_show): the files kept so far are listed right under the file field as ticked
    boxes (`<files_field>_kept`, each carrying its signed token); unticking one leaves it
    out. The browser's file field itself comes back empty, as always."""

    files_field = "attachments"

    def kept_show(self, uploads) -> None:
        name = f"{self.files_field}_kept"
        self.fields.pop(name, None)
        if not uploads:
            return
        kept = forms.MultipleChoiceField(
            label=_("Files kept from your previous attempt"),
            required=False,
            choices=[(upload.token, upload.original_name) for upload in uploads],
            widget=forms.CheckboxSelectMultiple,
            help_text=_("They are attached when you send the form; untick one to leave it out."),
        )
        fields = {}
        for key, value in self.fields.items():
            fields[key] = value
            if key == self.files_field:
                fields[name] = kept
        fields.setdefault(name, kept)
        self.fields = fields
        data = self.data.copy()  # every kept file ticked, the new ones too
        tokens = [upload.token for upload in uploads]
        if hasattr(data, "setlist"):
            data.setlist(name, tokens)
        else:
            data[name] = tokens
        self.data = data
