"""The scan requests module's dashboard tile (common.dashboard): new requests and how many
of them are past the office's target time; on the client panel's home, the company's scans
being prepared."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modules.scanrequests.models import ScanRequest
from modules.scanrequests.selectors import scan_request_list
from modules.scanrequests.services import settings_get


def new_requests_tile(request) -> dict:
    late = timezone.now() - dt.timedelta(hours=settings_get().target_hours)
    row = ScanRequest.objects.filter(status=ScanRequest.Status.NEW).aggregate(
        count=Count("pk"), overdue=Count("pk", filter=Q(created_at__lt=late))
    )
    detail = ""
    if row["overdue"]:
        detail = _("%(count)s past the target time") % {"count": row["overdue"]}
    return {
        "label": _("New scan requests"),
        "value": row["count"],
        "detail": detail,
        "tone": "danger" if row["overdue"] else "",
        "url": reverse("scanrequests:list"),
        "icon": "file-earmark-plus",
    }


def client_requested_tile(request) -> dict | None:
    """The client panel's home: this company's scans asked for and not ready yet (hidden
    when there are none)."""
    count = (
        scan_request_list(membership=request.membership)
        .filter(status=ScanRequest.Status.NEW)
        .count()
    )
    if not count:
        return None
    return {
        "label": _("Scans being prepared"),
        "value": count,
        "url": reverse("mail:portal_list"),
        "icon": "hourglass-split",
        "summary": ngettext(
            "%(count)s scan being prepared", "%(count)s scans being prepared", count
        )
        % {"count": count},
    }
