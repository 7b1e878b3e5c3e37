"""The recurring task form (T7) of the client card's "Recurring tasks" tab."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateLocalInput
from modules.helpdesk.models import Request, Schedule

WEEKDAYS = (
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
)


def _month_days() -> list:
    return [
        ("", "—"),
        *((day, str(day)) for day in range(1, 32)),
        (Schedule.LAST_DAY, _("the last day of the month")),
    ]


class ScheduleForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        required=False,
    )
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Request.Priority.choices, initial=Request.Priority.NORMAL
    )
    assignee = forms.TypedChoiceField(
        label=_("Assignee"), required=False, coerce=int, empty_value=None
    )
    frequency = forms.ChoiceField(label=_("Repeats"), choices=Schedule.Frequency.choices)
    interval = forms.IntegerField(label=_("Every (N)"), min_value=1, max_value=365, initial=1)
    weekday = forms.TypedChoiceField(
        label=_("Weekday (weekly)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *WEEKDAYS],
    )
    month_day = forms.TypedChoiceField(
        label=_("Day of the month (monthly)"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("The 29th, 30th or 31st falls on the last day of a shorter month."),
    )
    starts_on = forms.DateField(label=_("First date"), widget=DateLocalInput)
    ends_on = forms.DateField(label=_("Last date"), required=False, widget=DateLocalInput)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, categories=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *((c.pk, str(c)) for c in categories)]
        self.fields["assignee"].choices = [("", "—"), *((p["id"], p["name"]) for p in people)]
        self.fields["month_day"].choices = _month_days()

    def service_data(self) -> dict:
        from modules.helpdesk.models import Category

        data = dict(self.cleaned_data)
        category_id = data.pop("category")
        data["category"] = Category.objects.filter(pk=category_id).first() if category_id else None
        data["assignee_id"] = data.pop("assignee")
        return data


def schedule_initial(schedule: Schedule) -> dict:
    return {
        "subject": schedule.subject,
        "description": schedule.description,
        "category": schedule.category_id,
        "priority": schedule.priority,
        "assignee": schedule.assignee_id,
        "frequency": schedule.frequency,
        "interval": schedule.interval,
        "weekday": schedule.weekday,
        "month_day": schedule.month_day,
        "starts_on": schedule.starts_on,
        "ends_on": schedule.ends_on,
        "is_active": schedule.is_active,
    }
