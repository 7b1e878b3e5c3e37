"""Development only (DEBUG): what the local SMTP catcher and the Vonage fake received for
this office, so that people can read what clients would get. Staff only; which of the
platform's e-mails they see: selectors.caught_reader and devtools.mailcatcher._shown_to."""

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import render

from accounts.access import staff_view
from modules.notifications.devtools.addresses import catcher_dir
from modules.notifications.devtools.fake_vonage import sms_list
from modules.notifications.devtools.mailcatcher import caught_get, caught_list
from modules.notifications.selectors import caught_reader
from modules.notifications.views import page as page_context


def _debug_only() -> None:
    if not settings.DEBUG:
        raise Http404


@staff_view
def caught_list_view(request: HttpRequest):
    _debug_only()
    reader = caught_reader(office=request.office, user=request.user)
    mails = caught_list(catcher_dir() / "mail", reader=reader)
    # The fake does not know offices; SMS are matched to this office's log by provider id.
    from modules.notifications.models import Delivery

    refs = set(
        Delivery.objects.filter(channel="sms", status="sent").values_list(
            "provider_ref", flat=True
        )[:1000]
    )
    texts = [s for s in sms_list(catcher_dir() / "sms") if s.get("message-id") in refs]
    return render(
        request, "notifications/dev/caught_list.html", page_context("dev", mails=mails, sms=texts)
    )


@staff_view
def caught_detail_view(request: HttpRequest, name: str):
    _debug_only()
    reader = caught_reader(office=request.office, user=request.user)
    mail = caught_get(catcher_dir() / "mail", reader=reader, name=name)
    if mail is None:
        raise Http404
    return render(request, "notifications/dev/caught_detail.html", page_context("dev", mail=mail))
