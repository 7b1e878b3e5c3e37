"""Development only (DEBUG): what the local SMTP catcher and the Vonage fake received for
this office, so that people can read what clients would get. Staff, and a platform
superuser without a membership here (accounts.access.superuser_reads: the demo's admin reads
new offices' sign-up checks; before 2026-12-07 it was refused "No access"); which of the
platform's e-mails they see: selectors.caught_reader and devtools.mailcatcher._shown_to."""

from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import render

from accounts.access import staff_view, superuser_reads
from modules.notifications.devtools.addresses import catcher_dir
from modules.notifications.devtools.fake_vonage import sms_list
from modules.notifications.devtools.mailcatcher import caught_get, caught_list
from modules.notifications.selectors import caught_reader
from modules.notifications.views import page as page_context

# E-mails a page: each one's headers are read (the caught folder may hold thousands).
PAGE = 50


def _debug_only() -> None:
    if not settings.DEBUG:
        raise Http404


@superuser_reads
@staff_view
def caught_list_view(request: HttpRequest):
    _debug_only()
    reader = caught_reader(office=request.office, user=request.user)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    mails = caught_list(
        catcher_dir() / "mail", reader=reader, limit=PAGE + 1, offset=(number - 1) * PAGE
    )
    older = len(mails) > PAGE
    mails = mails[:PAGE]
    # The fake does not know offices; SMS are matched to this office's log by provider id.
    from modules.notifications.models import Delivery

    refs = set(
        Delivery.objects.filter(channel="sms", status="sent").values_list(
            "provider_ref", flat=True
        )[:1000]
    )
    texts = [
        {**s, "received_at": _moment(s.get("received"))}
        for s in sms_list(catcher_dir() / "sms")
        if s.get("message-id") in refs
    ]
    context = page_context(
        "dev",
        mails=mails,
        sms=texts,
        page_number=number,
        newer=number - 1 if number > 1 else None,
        older=number + 1 if older else None,
    )
    return render(request, "notifications/dev/caught_list.html", context)


def _moment(value) -> datetime | None:
    """The fake's ISO time of an SMS, for the page's date format and time zone."""
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


@superuser_reads
@staff_view
def caught_detail_view(request: HttpRequest, name: str):
    _debug_only()
    reader = caught_reader(office=request.office, user=request.user)
    mail = caught_get(catcher_dir() / "mail", reader=reader, name=name)
    if mail is None:
        raise Http404
    return render(request, "notifications/dev/caught_detail.html", page_context("dev", mail=mail))
