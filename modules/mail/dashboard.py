"""The mail module's dashboard tile (common.dashboard): mail registered today."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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
