"""The mail module's dashboard tiles (common.dashboard): mail registered today (staff); on
the client panel's home new letters, letters waiting to be picked up and scans ready."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from modules.mail import selectors
from modules.mail.models import MailItem, MailScan


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

# Mail and scans of the last seven days of the office's calendar are "new" on the panel's
# home (no per-person read marks yet): selectors.client_new_filters, which the new letters'
# link opens as well.


def _client_items(request):
    """The items the client user may see (their company, statuses shown to clients)."""
    return selectors.mail_item_list(membership=request.membership)


def _client_figures(request) -> dict:
    """The three mail tiles' figures in one query, kept on the request (the home renders the
    three tiles one after the other): new letters, letters waiting to be picked up (with the
    oldest and whether they share one status) and items with a scan made recently."""
    figures = getattr(request, "_mail_tile_figures", None)
    if figures is None:
        new_filters = selectors.client_new_filters()
        since = timezone.make_aware(dt.datetime.combine(new_filters.date_from, dt.time.min))
        waiting = Q(status__routes_to_handover=True)
        new = selectors.mail_filters_q(new_filters)
        recent_scan = MailScan.objects.filter(item=OuterRef("pk"), created_at__gte=since)
        figures = _client_items(request).aggregate(
            new=Count("pk", filter=new),
            waiting=Count("pk", filter=waiting),
            oldest=Min("received_at", filter=waiting),
            first_status=Min("status_id", filter=waiting),
            last_status=Max("status_id", filter=waiting),
            scans=Count("pk", filter=Q(scan_count__gt=0) & Q(Exists(recent_scan))),
        )
        figures["new_filters"] = new_filters
        request._mail_tile_figures = figures
    return figures


def client_new_letters_tile(request) -> dict:
    figures = _client_figures(request)
    filters, count = figures["new_filters"], figures["new"]
    return {
        "label": _("New letters (7 days)"),
        "value": count,
        "url": f"{reverse('mail:portal_list')}?direction={filters.direction}&date_from="
        f"{filters.date_from.isoformat()}",
        "icon": "envelope",
        # Every incoming item of the last 7 days, handed over or not: the panel's summary
        # lists it as received, not among what waits for the client (portal home).
        "summary": npgettext("received", "%(count)s letter", "%(count)s letters", count)
        % {"count": count},
        "summary_kind": "received",
    }


def client_waiting_tile(request) -> dict:
    row = _client_figures(request)
    count = row["waiting"]
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
    count = _client_figures(request)["scans"]
    return {
        "label": _("Scans ready (7 days)"),
        "value": count,
        "url": reverse("mail:portal_list"),
        "icon": "file-earmark-pdf",
        "summary": ngettext("%(count)s scan ready", "%(count)s scans ready", count)
        % {"count": count},
    }
