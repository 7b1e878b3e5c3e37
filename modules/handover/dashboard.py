"""The hand-over module's dashboard tiles (common.dashboard): mail waiting to be handed over
(and for how long), and today's pickups; on the client panel's home, the company's recent
pickups."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Min, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modules.handover.models import HandOver
from modules.handover.selectors import handover_list
from modules.mail.models import MailItem

# Mail waiting longer than this is shown as late.
LATE = dt.timedelta(days=7)


def waiting_tile(request) -> dict:
    row = MailItem.objects.filter(status__routes_to_handover=True).aggregate(
        count=Count("pk"), oldest=Min("received_at")
    )
    detail, tone = "", ""
    if row["oldest"] is not None:
        detail = _("the oldest for %(time)s") % {"time": timesince(row["oldest"], depth=1)}
        tone = "warning" if timezone.now() - row["oldest"] > LATE else ""
    return {
        "label": _("Waiting to be handed over"),
        "value": row["count"],
        "detail": detail,
        "tone": tone,
        "url": reverse("handover:list"),
        "icon": "box-arrow-right",
    }


def pickups_today_tile(request) -> dict:
    """Today's hand-overs, and under them the items they took: the tile beside it counts
    items waiting, and "Handed over today: 2" read as two items when three had gone."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    row = HandOver.objects.filter(handed_over_at__gte=start).aggregate(
        count=Count("pk"), items=Sum("item_count")
    )
    items = row["items"] or 0
    return {
        "label": _("Hand-overs today"),
        "value": row["count"],
        "detail": ngettext("%(count)s item in all", "%(count)s items in all", items)
        % {"count": items}
        if items
        else "",
        "url": f"{reverse('handover:register')}?date_from={start.date().isoformat()}",
        "icon": "person-check",
    }


# Pickups this recent are shown on the client panel's home.
RECENT = dt.timedelta(days=30)


def client_pickups_tile(request) -> dict | None:
    """The company's pickups in the last 30 days and the last one's date (hidden when none)."""
    row = (
        handover_list(membership=request.membership)
        .filter(handed_over_at__gte=timezone.now() - RECENT)
        .aggregate(count=Count("pk"), last=Max("handed_over_at"))
    )
    if not row["count"]:
        return None
    return {
        "label": _("Pickups (30 days)"),
        "value": row["count"],
        "detail": _("the last on %(date)s")
        % {"date": date_format(timezone.localtime(row["last"]), "SHORT_DATE_FORMAT")},
        "url": reverse("handover:portal_list"),
        "icon": "person-check",
    }
