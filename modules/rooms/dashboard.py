"""The client panel home's tile of the rooms module: the company's upcoming bookings."""

from __future__ import annotations

from django.db.models import Count, Min
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.rooms import selectors


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
