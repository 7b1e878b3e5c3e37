"""Attachments too large for e-mail: a signed link that opens in the client panel."""

from django.core import signing
from django.http import Http404, HttpRequest

from accounts.access import member_view
from accounts.switcher import switcher_offer
from common.storage import office_file_response
from modules.notifications.models import Notification
from modules.notifications.services.notify import ATTACHMENT_LINK_MAX_AGE, ATTACHMENT_LINK_SALT


def _may_open(membership, notification) -> bool:
    return membership.is_staff_role or (
        membership.role == "client" and membership.client_id == notification.client_id
    )


@member_view
def attachment_view(request: HttpRequest, token: str):
    """The signature proves the link came from us; the membership decides who may open
    it: office staff, or a user of the very client the notification was for."""
    try:
        data = signing.loads(token, salt=ATTACHMENT_LINK_SALT, max_age=ATTACHMENT_LINK_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    notification = Notification.objects.filter(pk=data.get("n")).first()
    if notification is None:
        raise Http404
    if not _may_open(request.membership, notification):
        # Another company of this client user: offered, never switched silently.
        return switcher_offer(request, lambda m: _may_open(m, notification), file=True)
    try:
        item = notification.attachments[int(data.get("i"))]
    except (IndexError, TypeError, ValueError):
        raise Http404 from None
    return office_file_response(
        item["path"],
        filename=item["filename"],
        content_type=item.get("content_type") or None,
        download=True,
    )
