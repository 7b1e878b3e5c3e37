"""Input validation of the helpdesk screens (the rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import DateLocalInput, KeptFilesMixin, MultipleFileField
from common.names import NAME_LABELS, NAME_LANGUAGES, name_form_fields
from modules.clients.fields import ClientPickerField
from modules.helpdesk.models import Access, HelpdeskSettings, Request
from modules.helpdesk.services import ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES
from modules.helpdesk.work_forms import QUOTE_COVERS


def _category_choices(categories) -> list:
    return [("", "—"), *((c.pk, str(c)) for c in categories)]


def _category_offered(form, categories) -> None:
    """A request's category field, or none in an office without (active) categories: the
    forms showed "Category" with only "—" to choose (until 2026-12-07). Without the field an
    edit leaves the request's category as it is."""
    categories = list(categories)
    if not categories:
        del form.fields["category"]
        return
    form.fields["category"].choices = _category_choices(categories)


def custom_form_field(field) -> forms.Field:
    """The form field of a category's custom field (T8); required-ness is the service's."""
    from modules.helpdesk.models import CategoryField

    K = CategoryField.Kind
    label = f"{field.label} *" if field.required else field.label
    attrs = {"data-category": field.category_id}
    if field.kind == K.NUMBER:
        return forms.DecimalField(
            label=label, required=False, widget=forms.NumberInput(attrs={**attrs, "step": "any"})
        )
    if field.kind == K.DATE:
        return forms.DateField(label=label, required=False, widget=DateLocalInput(attrs=attrs))
    if field.kind == K.CHOICE:
        choices = [("", "—"), *((c, c) for c in field.choices)]
        return forms.ChoiceField(
            label=label, required=False, choices=choices, widget=forms.Select(attrs=attrs)
        )
    if field.kind == K.YES_NO:
        choices = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]
        return forms.ChoiceField(
            label=label, required=False, choices=choices, widget=forms.Select(attrs=attrs)
        )
    return forms.CharField(
        label=label, required=False, max_length=1000, widget=forms.TextInput(attrs=attrs)
    )


def _team_choices(teams) -> list:
    return [("", "—"), *((t.pk, t.name) for t in teams)]


# The acceptance rating's scale, best first (the panel's select): a number alone says nothing.
RATING_CHOICES = [
    (5, pgettext_lazy("rating", "5 – very good")),
    (4, pgettext_lazy("rating", "4 – good")),
    (3, pgettext_lazy("rating", "3 – average")),
    (2, pgettext_lazy("rating", "2 – poor")),
    (1, pgettext_lazy("rating", "1 – very poor")),
]


class PortalRequestForm(KeptFilesMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Request.Priority.choices, initial=Request.Priority.NORMAL
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        kinds=ATTACHMENT_KINDS,
        max_bytes=ATTACHMENT_MAX_BYTES,
        allow_empty_file=True,  # refused by name with the others' checks (uploads)
    )

    def __init__(self, *args, categories=(), custom_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        _category_offered(self, categories)
        self.custom_fields = list(custom_fields)
        for field in self.custom_fields:  # shown for their category (helpdesk.js)
            self.fields[f"cf_{field.pk}"] = custom_form_field(field)

    def custom_values(self, category_id) -> dict:
        """The chosen category's custom values, for the service to check and type."""
        return {
            field.pk: self.cleaned_data.get(f"cf_{field.pk}")
            for field in self.custom_fields
            if field.category_id == category_id
        }


class StaffRequestForm(PortalRequestForm):
    client = ClientPickerField(
        label=_("Client"),
        required=False,
        help_text=_("Empty for an internal request of the office."),
    )
    assignee = forms.TypedChoiceField(
        label=_("Assignee"), required=False, coerce=int, empty_value=None
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateLocalInput)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        required=False,
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "—"), *((p["id"], p["name"]) for p in people)]


class EditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Request.Priority.choices)
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    assignee = forms.TypedChoiceField(
        label=_("Assignee"), required=False, coerce=int, empty_value=None
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateLocalInput)

    def __init__(self, *args, categories=(), people=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        _category_offered(self, categories)
        self.fields["team"].choices = _team_choices(teams)
        self.fields["assignee"].choices = [("", "—"), *((p["id"], p["name"]) for p in people)]


class ReplyForm(KeptFilesMixin, forms.Form):
    body = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    internal = forms.BooleanField(
        label=_("Internal note (staff only, never sent to the client)"), required=False
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        kinds=ATTACHMENT_KINDS,
        max_bytes=ATTACHMENT_MAX_BYTES,
        allow_empty_file=True,  # refused by name with the others' checks (uploads)
    )


class PortalReplyForm(KeptFilesMixin, forms.Form):
    body = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        kinds=ATTACHMENT_KINDS,
        max_bytes=ATTACHMENT_MAX_BYTES,
        allow_empty_file=True,  # refused by name with the others' checks (uploads)
    )


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=40)
    version = forms.IntegerField(required=False)
    comment = forms.CharField(
        label=pgettext_lazy("remark", "Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rating = forms.TypedChoiceField(
        label=_("Rating of the operator"),
        choices=[("", "—"), *RATING_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )


class QuoteForm(forms.Form):
    valid_until = forms.DateField(label=_("Valid until"), widget=DateLocalInput)
    note = forms.CharField(
        label=_("Note for the client"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    internal_cost = forms.DecimalField(
        label=_("Internal cost (staff only)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        initial=0,
    )
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0, max_digits=10, decimal_places=2, initial=1
    )
    unit_price = forms.DecimalField(
        label=_("Unit price (net)"), min_value=0, max_digits=12, decimal_places=2
    )
    vat_rate = forms.DecimalField(
        label=_("VAT rate (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        initial=23,
    )


class QuoteDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    comment = forms.CharField(
        label=pgettext_lazy("remark", "Comment"), required=False, max_length=2000
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = HelpdeskSettings
        fields = ["approval_required", "auto_accept_days"]


class CategoryNamesForm(forms.Form):
    """A category's name per language: the office's first and required, the others
    optional (they fall back to it)."""

    name_pl = forms.CharField(label=capfirst(NAME_LABELS["pl"]), max_length=120, required=False)
    name_sk = forms.CharField(label=capfirst(NAME_LABELS["sk"]), max_length=120, required=False)
    name_en = forms.CharField(label=capfirst(NAME_LABELS["en"]), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_form_fields(self)

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"name_{code}", "") for code in NAME_LANGUAGES}


class CategoryForm(CategoryNamesForm):
    parent = forms.TypedChoiceField(
        label=_("Parent category"), required=False, coerce=int, empty_value=None
    )
    requires_approval = forms.BooleanField(
        label=_("Needs approval before work starts"), required=False
    )
    team = forms.TypedChoiceField(
        label=_("Team its requests go to"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, categories=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = _category_choices(categories)
        self.fields["team"].choices = _team_choices(teams)


class TeamForm(forms.Form):
    team = forms.TypedChoiceField(
        label=_("Team"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Empty for a new team."),
    )
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=120)
    members = forms.TypedMultipleChoiceField(
        label=_("Members"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, teams=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _team_choices(teams)
        self.fields["members"].choices = [(p["id"], p["name"]) for p in people]


class RouteForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    team = forms.TypedChoiceField(
        label=_("Team its requests go to"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, categories=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.pk, str(c)) for c in categories]
        self.fields["team"].choices = _team_choices(teams)


class AccessForm(forms.Form):
    email = forms.EmailField(label=_("Person (e-mail)"))
    client = ClientPickerField(
        label=_("Client"),
        required=False,
        help_text=_("For a client user: the company they act for."),
    )
    level = forms.ChoiceField(label=_("Helpdesk access"), choices=Access.Level.choices)


class CannedReplyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class BulkForm(forms.Form):
    # Not marked required (no asterisk beside "With the chosen requests": the select always
    # has a choice); a POST without one is refused in clean_action all the same.
    action = forms.ChoiceField(
        label=_("With the chosen requests"),
        choices=[("assign", _("Assign to")), ("close", _("Close"))],
        required=False,
    )
    assignee = forms.TypedChoiceField(
        label=_("Assignee"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "—"), *((p["id"], p["name"]) for p in people)]

    def clean_action(self) -> str:
        action = self.cleaned_data.get("action")
        if not action:
            raise forms.ValidationError(_("Choose what to do with the chosen requests."))
        return action


class NoticeForm(forms.Form):
    """A staff person's helpdesk notifications: the ticked ones are on."""

    on = forms.MultipleChoiceField(
        label=_("Tell me"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for code, label in events:
            choices.append((f"{code}:email", _("%(event)s: e-mail") % {"event": label}))
            choices.append((f"{code}:inapp", _("%(event)s: alert in Vireo") % {"event": label}))
        self.fields["on"].choices = choices


class FieldForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    label = forms.CharField(label=_("Label"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"))
    required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(
        label=_("Choices (one a line)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, categories=(), **kwargs):
        from modules.helpdesk.models import CategoryField

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.pk, str(c)) for c in categories]
        self.fields["kind"].choices = CategoryField.Kind.choices


class WorkForm(forms.Form):
    """Billable work on a client's request (recorded in the settlement at once)."""

    key = forms.UUIDField(widget=forms.HiddenInput)
    description = forms.CharField(label=_("Work done"), max_length=200)
    quantity = forms.DecimalField(
        label=_("Quantity (e.g. hours)"), min_value=0.01, max_digits=10, decimal_places=2
    )
    unit_price = forms.DecimalField(
        label=_("Unit price (net)"), min_value=0, max_digits=12, decimal_places=2
    )
    vat_rate = forms.ChoiceField(label=_("VAT rate (%)"))
    beyond_quote = forms.BooleanField(
        label=_("Work beyond the accepted quote"), required=False, initial=False
    )

    def __init__(self, *args, vat_codes=(), covered: bool = False, **kwargs):
        """`covered`: an accepted quote covers the request's work (the work log's rule):
        the box "beyond the quote" is shown unticked with the work log's note, and the
        service refuses the work unless it is ticked. Without such a quote there is no box."""
        import uuid

        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("key", uuid.uuid4())
        kwargs["initial"].setdefault("vat_rate", "23")
        super().__init__(*args, **kwargs)
        self.fields["vat_rate"].choices = [(code, code) for code in vat_codes]
        if covered:
            self.fields["beyond_quote"].help_text = QUOTE_COVERS
        else:
            del self.fields["beyond_quote"]
