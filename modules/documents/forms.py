from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modules.documents.models import DocumentTemplate


def _share_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Share with the client (their panel's Documents)"), required=False
    )


class TemplateForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=DocumentTemplate.Language.choices)
    # The editor (static/documents/editor.js) keeps this field filled with its HTML; without
    # script it is a plain text area.
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16, "data-document-editor": "1"}),
    )
    fields = forms.CharField(
        label=_("Free fields"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Asked when a document is generated; one per line, “name: Label”, e.g. "
            "“signing_place: Place of signing”. Use them as {{ signing_place }}."
        ),
    )
    active = forms.BooleanField(
        label=pgettext_lazy("template", "Active"), required=False, initial=True
    )


class GenerateForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("document", "Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: the template's name."),
    )
    share = _share_field()

    def __init__(self, *args, template: DocumentTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        for field in template.fields:
            self.fields[f"field_{field['key']}"] = forms.CharField(
                label=field["label"], max_length=500, required=False
            )
        self.order_fields(["title", *(f"field_{f['key']}" for f in template.fields), "share"])

    def field_values(self) -> dict:
        return {
            name.removeprefix("field_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("field_")
        }


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(
        label=pgettext_lazy("document", "Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: the file's name."),
    )
    share = _share_field()
