"""The mail module's dashboard tiles (common.dashboard): mail registered today (staff); on
the client panel's home new letters, letters waiting to be picked up and scans ready."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modules.mail import selectors
from modules.mail.models import MailItem


def registered_today_tile(request) -> dict:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    count = MailItem.objects.filter(received_at__gte=start).count()
    return {
        "label": _("Mail registered today"),
        "value": count,
        "url": f"{reverse('mail:archive')}?date_from={start.date().isoformat()}",
        "icon": "envelope",
    }


# --- The client panel's home (area=CLIENT_AREA): the company the person acts for ---------

# Mail and scans this recent are "new" on the panel's home (no per-person read marks yet).
NEW_FOR = dt.timedelta(days=7)


def _client_items(request):
    """The items the client user may see (their company, statuses shown to clients)."""
    return selectors.mail_item_list(membership=request.membership)


def client_new_letters_tile(request) -> dict:
    since = timezone.now() - NEW_FOR
    count = (
        _client_items(request)
        .filter(direction=MailItem.Direction.INCOMING, received_at__gte=since)
        .count()
    )
    return {
        "label": _("New letters (7 days)"),
        "value": count,
        "url": f"{reverse('mail:portal_list')}?direction=in&date_from="
        f"{timezone.localdate(since).isoformat()}",
        "icon": "envelope",
        "summary": ngettext("%(count)s new letter", "%(count)s new letters", count)
        % {"count": count},
    }


def client_waiting_tile(request) -> dict:
    row = (
        _client_items(request)
        .filter(status__routes_to_handover=True)
        .aggregate(
            count=Count("pk"),
            oldest=Min("received_at"),
            first_status=Min("status_id"),
            last_status=Max("status_id"),
        )
    )
    count = row["count"]
    url = reverse("mail:portal_list")
    if count and row["first_status"] == row["last_status"]:
        url += f"?status={row['first_status']}"
    detail = ""
    if row["oldest"] is not None:
        detail = _("the oldest since %(date)s") % {
            "date": date_format(timezone.localtime(row["oldest"]), "SHORT_DATE_FORMAT")
        }
    return {
        "label": _("Waiting for you to pick up"),
        "value": count,
        "detail": detail,
        "url": url,
        "icon": "mailbox",
        "summary": ngettext("%(count)s letter to pick up", "%(count)s letters to pick up", count)
        % {"count": count},
    }


def client_scans_tile(request) -> dict:
    since = timezone.now() - NEW_FOR
    count = (
        _client_items(request).filter(scans__created_at__gte=since).values("pk").distinct().count()
    )
    return {
        "label": _("Scans ready (7 days)"),
        "value": count,
        "url": reverse("mail:portal_list"),
        "icon": "file-earmark-pdf",
        "summary": ngettext("%(count)s scan ready", "%(count)s scans ready", count)
        % {"count": count},
    }
