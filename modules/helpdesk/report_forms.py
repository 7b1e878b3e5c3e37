"""The Reports page's period picker and filters (T14)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import DateLocalInput
from modules.billing.selectors import quarter_text
from modules.clients.fields import ClientPickerField
from modules.helpdesk.models import Request
from modules.helpdesk.reports import CUSTOM_MAX_DAYS, Filters, Period

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER = re.compile(r"^(\d{4})-([1-4])$")


def month_parse(value: str) -> Period | None:
    match = MONTH.match(value or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        return None
    return Period.month(int(match.group(1)), int(match.group(2)))


def _quarters(today: dt.date) -> list[tuple[str, str]]:
    year, quarter = today.year, (today.month - 1) // 3 + 1
    out = []
    for _i in range(8):
        # in the reader's words, as the page's title says it (Period.text)
        out.append((f"{year}-{quarter}", quarter_text(dt.date(year, 3 * quarter - 2, 1))))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out


class MonthInput(forms.TextInput):
    input_type = "month"


class ReportForm(forms.Form):
    PERIODS = [("month", _("Month")), ("quarter", _("Quarter")), ("custom", _("Custom"))]

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    month = forms.CharField(label=_("Month"), required=False, widget=MonthInput())
    quarter = forms.ChoiceField(label=_("Quarter"), required=False)
    start = forms.DateField(
        label=pgettext_lazy("date range", "From"), required=False, widget=DateLocalInput()
    )
    end = forms.DateField(
        label=pgettext_lazy("date range", "To"), required=False, widget=DateLocalInput()
    )
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int)
    client = ClientPickerField(label=_("Client"), required=False, placeholder=_("All"))
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int)
    operator = forms.TypedChoiceField(label=_("Operator"), required=False, coerce=int)
    source = forms.ChoiceField(label=_("Channel"), required=False)

    def __init__(self, data, *, categories, teams, operators):
        today = timezone.localdate()
        data = data.copy() if data else {}
        if not data.get("month"):
            data["month"] = f"{today:%Y-%m}"
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["quarter"].choices = _quarters(today)
        self.fields["category"].choices = everything + [(c.pk, str(c)) for c in categories]
        self.fields["team"].choices = everything + [(t.pk, t.name) for t in teams]
        self.fields["operator"].choices = everything + list(operators)
        self.fields["source"].choices = everything + list(Request.Source.choices)

    def clean(self):
        data = super().clean()
        kind = data.get("period") or "month"
        if kind == "month":
            period = month_parse(data.get("month", ""))
            if period is None:
                self.add_error("month", _("Choose a month."))
        elif kind == "quarter":
            match = QUARTER.match(data.get("quarter") or "")
            period = Period.quarter(int(match.group(1)), int(match.group(2))) if match else None
            if period is None:
                self.add_error("quarter", _("Choose a quarter."))
        else:
            start, end = data.get("start"), data.get("end")
            period = None
            if not start or not end:
                self.add_error("end", _("Give both dates."))
            elif end < start:
                self.add_error("end", _("The end comes before the start."))
            elif (end - start).days + 1 > CUSTOM_MAX_DAYS:
                self.add_error("end", _("A custom period covers at most a year."))
            else:
                period = Period("custom", start, end)
        data["period_value"] = period
        return data

    def period_filters(self) -> tuple[Period, Filters]:
        data = self.cleaned_data
        return data["period_value"], Filters(
            category_id=data.get("category") or None,
            client_id=data.get("client") or None,
            team_id=data.get("team") or None,
            operator_id=data.get("operator") or None,
            source=data.get("source") or "",
        )


class SendForm(forms.Form):
    month = forms.CharField(widget=forms.HiddenInput())
    note = forms.CharField(
        label=_("Message to the client"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 1}),
    )

    def clean_month(self):
        period = month_parse(self.cleaned_data["month"])
        if period is None:
            raise forms.ValidationError(_("Choose a month."))
        return period
