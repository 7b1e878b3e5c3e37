"""The "Request scan" link of the new-mail e-mail (S3).

Signed, bound to the office, the item and the recipient it was sent to, and valid for
LINK_MAX_AGE. Opening it only shows a confirmation page: mail systems' link scanners open
every link with GET, so only the confirmation's POST creates a request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.urls import reverse

from common.links import office_link_read, office_link_sign
from modules.notifications.hooks import EMAIL
from modules.scanrequests.policies import scan_request_refusal

LINK_SALT = "scanrequests.link"
LINK_MAX_AGE = dt.timedelta(days=30)


@dataclass(frozen=True)
class LinkTarget:
    item_id: int
    recipient_id: int


def scan_request_link_token(*, office, item_id: int, recipient_id: int) -> str:
    return office_link_sign({"i": item_id, "r": recipient_id}, office=office, salt=LINK_SALT)


def scan_request_link_url(*, office, item_id: int, recipient_id: int) -> str:
    token = scan_request_link_token(office=office, item_id=item_id, recipient_id=recipient_id)
    return office.url + reverse("scanrequests:link", args=[token])


def scan_request_link_read(token: str, *, office) -> LinkTarget:
    """LinkError codes beyond common.links': "person" (not a current recipient of that
    item's company), raised by the service that acts on the link."""
    data = office_link_read(
        token, office=office, salt=LINK_SALT, max_age=LINK_MAX_AGE, keys={"i", "r"}
    )
    return LinkTarget(item_id=int(data["i"]), recipient_id=int(data["r"]))


def new_mail_link_personaliser(*, item, has_scan: bool):
    """For mail.hooks: the per-recipient `scan_request_url` of a new-mail e-mail, only when
    that e-mail carries no scan and the client may ask for one."""
    # A new item has no request open yet.
    if has_scan or scan_request_refusal(item=item, open_request=None) is not None:
        return None
    office = connection.tenant

    def personalise(recipient) -> dict:
        if recipient.channel != EMAIL:
            return {}
        url = scan_request_link_url(office=office, item_id=item.pk, recipient_id=recipient.pk)
        return {"scan_request_url": url}

    return personalise
