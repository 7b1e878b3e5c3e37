from __future__ import annotations

from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.money import money
from modules.billing.selectors import package_list
from modules.documents import variables
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
            "“signing_place: Place of signing”. Use them as {{ signing_place }}. With a type: "
            "“effective_date (date): Effective from” asks a date with a calendar; "
            "“new_package (package): New package” a choice of your packages, giving "
            "{{ new_package }}, {{ new_package_price }} and {{ new_package_frequency }}."
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
            self.fields[f"field_{field['key']}"] = _free_field(field)
        self.order_fields(["title", *(f"field_{f['key']}" for f in template.fields), "share"])

    def field_values(self) -> dict:
        """As documents.services keeps them: text, an ISO date, a package's id."""
        return {
            name.removeprefix("field_"): value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in self.cleaned_data.items()
            if name.startswith("field_")
        }


class RegenerateForm(forms.Form):
    """Generate again: only the package fields the document cannot fill itself (no value
    kept and no package of the client today: selectors.regenerate_packages_asked), required;
    nothing else is asked (the kept values are used)."""

    def __init__(self, *args, fields: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for field in fields:
            self.fields[f"field_{field['key']}"] = _free_field(field)
            self.fields[f"field_{field['key']}"].required = True

    field_values = GenerateForm.field_values


def _free_field(field: dict) -> forms.Field:
    """The form field a template's free field is asked with (variables.FIELD_TYPES)."""
    kind = variables.field_type(field)
    if kind == variables.DATE:
        return forms.DateField(
            label=field["label"],
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
    if kind == variables.PACKAGE:
        return forms.ChoiceField(
            label=field["label"],
            required=False,
            choices=[("", "---------")]
            + [(str(p.pk), _package_label(p)) for p in package_list(active_only=True)],
        )
    return forms.CharField(label=field["label"], max_length=500, required=False)


def _package_label(package) -> str:
    """ "Premium (249,00 zł)": the picker shows the price the document will print."""
    currency = getattr(connection.tenant, "currency", "")
    return f"{package.name} ({money(package.price, currency)})" if package.price else package.name


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(
        label=pgettext_lazy("document", "Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: the file's name."),
    )
    share = _share_field()
