"""The rooms module's dashboard tiles: on the staff dashboard, today's bookings (how many, the
next one with its time and client, a link to the day in the calendar); on the client panel's
home, the company's upcoming bookings."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, IntegerField, Min, Value, When, Window
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.rooms import rules, selectors


def today_tile(request) -> dict:
    """Today's active bookings in the office's zone and the next one that has not ended (one
    query: the count is a window over the day's rows, the first row is the next booking)."""
    now = timezone.now()
    today = rules.local(now).date()
    start = rules.aware(today, dt.time(0))
    end = rules.aware(today + dt.timedelta(days=1), dt.time(0))
    first = (
        selectors.booking_list()
        .filter(selectors.ACTIVE_Q, starts_at__lt=end, ends_at__gt=start)
        .annotate(
            day_count=Window(Count("pk")),
            over=Case(
                When(ends_at__lte=now, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .order_by("over", "starts_at", "pk")
        .first()
    )
    detail = ""
    if first is not None and not first.over:
        detail = _("the next at %(time)s: %(who)s") % {
            "time": date_filter(rules.local(first.starts_at), "H:i"),
            "who": first.who or first.room.name,
        }
    return {
        "label": _("Room bookings today"),
        "value": first.day_count if first is not None else 0,
        "detail": detail,
        "url": f"{reverse('rooms:calendar')}?date={today.isoformat()}&view=day",
        "icon": "calendar3",
    }


def upcoming_tile(request) -> dict | None:
    """Active bookings of the company the person acts for that have not ended (one query)."""
    row = (
        selectors.booking_list(membership=request.membership)
        .filter(selectors.ACTIVE_Q, ends_at__gt=timezone.now())
        .aggregate(count=Count("pk"), next=Min("starts_at"))
    )
    detail = ""
    if row["next"] is not None:
        when = date_filter(timezone.localtime(row["next"]), "SHORT_DATETIME_FORMAT")
        detail = _("the next: %(when)s") % {"when": when}
    return {
        "label": _("Upcoming room bookings"),
        "value": row["count"],
        "detail": detail,
        "url": reverse("rooms:portal"),
        "icon": "calendar3",
    }
