"""Forms of work orders (T6) and the work log (T9)."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import DateLocalInput
from modules.billing.selectors import vat_rate_label
from modules.clients.fields import ClientPickerField
from modules.helpdesk.models import WorkOrder

DATE = DateLocalInput()
DURATION = re.compile(r"^\s*(?:(\d{1,2}):([0-5]\d)|(\d{1,4}))\s*$")


class OrderForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    client = ClientPickerField(
        label=_("Client"),
        required=False,
        placeholder=_("none (the office's own order)"),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20000, widget=forms.Textarea({"rows": 3})
    )
    budget_hours = forms.DecimalField(
        label=_("Budget (hours)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
    )
    budget_amount = forms.DecimalField(
        label=_("Budget (net amount)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
    )
    dispatcher = forms.TypedChoiceField(
        label=_("Dispatcher"), required=False, coerce=int, empty_value=None
    )
    operators = forms.TypedMultipleChoiceField(
        label=_("Operators"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label=_("Status"), choices=WorkOrder.Status.choices)
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, people, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = [(p["id"], p["name"]) for p in people]
        self.fields["dispatcher"].choices = [("", "—"), *people]
        self.fields["operators"].choices = people
        if statuses is not None:
            self.fields["status"].choices = [
                (value, label) for value, label in WorkOrder.Status.choices if value in statuses
            ]

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end cannot be before the start."))
        return data


class LinkForm(forms.Form):
    number = forms.CharField(
        label=_("Request numbers"),
        max_length=1000,
        help_text=_(
            "One or more, separated by commas or spaces, for example HD-2026-00042, HD-2026-00043."
        ),
    )

    # An order holds a visit's or a project's requests: a few dozen at most at once.
    MAX_NUMBERS = 50

    def clean_number(self) -> list[str]:
        numbers = [n for n in re.split(r"[\s,;]+", self.cleaned_data["number"]) if n]
        if not numbers:
            raise forms.ValidationError(_("Type at least one request number."))
        if len(numbers) > self.MAX_NUMBERS:
            raise forms.ValidationError(
                _("At most %(count)s numbers at once.") % {"count": self.MAX_NUMBERS}
            )
        return numbers


def duration_minutes(raw: str) -> int | None:
    """ "1:30" (hours:minutes) or "90" (minutes) as minutes; None when unreadable."""
    match = DURATION.match(raw or "")
    if match is None:
        return None
    if match.group(3) is not None:
        return int(match.group(3))
    return int(match.group(1)) * 60 + int(match.group(2))


QUOTE_COVERS = _(
    "The accepted quote covers the work on this request: tick only for work beyond it."
)


class WorkLogForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    duration = forms.CharField(
        label=pgettext_lazy("work log", "Duration"),
        max_length=8,
        help_text=_("Hours:minutes (1:30) or minutes (90)."),
    )
    description = forms.CharField(label=_("Work done"), required=False, max_length=500)
    billable = forms.BooleanField(label=_("Billable"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, covered: bool = False, **kwargs):
        """`covered`: an accepted quote covers the request's work (not billable by default)."""
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if covered:
            self.fields["billable"].initial = False
            self.fields["billable"].help_text = QUOTE_COVERS

    def clean_duration(self):
        minutes = duration_minutes(self.cleaned_data["duration"])
        if minutes is None:
            raise forms.ValidationError(_("Write the time as 1:30 or as minutes (90)."))
        if minutes <= 0:
            raise forms.ValidationError(_("Enter a duration longer than zero."))
        return minutes


class TimerStopForm(forms.Form):
    description = forms.CharField(label=_("Work done"), required=False, max_length=500)
    billable = forms.BooleanField(label=_("Billable"), required=False, initial=True)


class BoardMoveForm(forms.Form):
    """An order dropped on another cell of the dispatcher's board (helpdesk/board.js): the
    cell it was taken from (none: "not planned yet") and the one it landed in; an empty
    operator is the "not assigned" row."""

    to_day = forms.DateField()
    from_day = forms.DateField(required=False)
    to_user = forms.IntegerField(required=False, min_value=1)
    from_user = forms.IntegerField(required=False, min_value=1)
    version = forms.IntegerField(required=False, min_value=0)


class RateForm(forms.Form):
    operator = forms.TypedChoiceField(
        label=_("Operator"), required=False, coerce=int, empty_value=None
    )
    client = ClientPickerField(label=_("Client"), required=False)
    hourly_rate = forms.DecimalField(
        label=_("Hourly rate (net)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("Empty: remove the rate."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = [("", "—")] + [(p["id"], p["name"]) for p in people]

    def clean(self):
        data = super().clean()
        if (data.get("operator") is None) == (data.get("client") is None):
            raise forms.ValidationError(_("Choose an operator or a client."))
        return data


class WorkSettingsForm(forms.Form):
    service = forms.TypedChoiceField(
        label=_("Service for logged time"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Its net price is the hourly rate when neither the client nor the operator has one."
        ),
    )
    vat_rate = forms.ChoiceField(label=_("VAT rate of logged time"))

    def __init__(self, *args, services, vat_codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "—"), *services]
        self.fields["vat_rate"].choices = [(code, vat_rate_label(code)) for code in vat_codes]
