"""The e-mail links of the helpdesk (T2, T3): "approve or reject" and "accept or decline the
quote". Signed, bound to the office, the request (and quote) and the recipient the e-mail
went to, valid for LINK_MAX_AGE. Opening a link only shows a confirmation page (mail
systems' link scanners open every link with GET); only the page's POST acts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.urls import reverse

from common.links import LinkError, office_link_read, office_link_sign
from modules.notifications.hooks import EMAIL

LINK_SALT = "helpdesk.link"
LINK_MAX_AGE = dt.timedelta(days=14)
APPROVAL, QUOTE = "approval", "quote"


@dataclass(frozen=True)
class LinkTarget:
    kind: str
    request_id: int
    quote_id: int | None
    recipient_id: int


def link_token(*, office, kind: str, request_id: int, recipient_id: int, quote_id=None) -> str:
    data = {"k": kind, "r": request_id, "p": recipient_id, "q": quote_id}
    return office_link_sign(data, office=office, salt=LINK_SALT)


def link_read(token: str, *, office) -> LinkTarget:
    """LinkError codes beyond common.links': "person" (no longer a recipient of that
    company) and "used" (already decided), raised by the services that act on the link."""
    data = office_link_read(
        token, office=office, salt=LINK_SALT, max_age=LINK_MAX_AGE, keys={"k", "r", "p", "q"}
    )
    if data["k"] not in (APPROVAL, QUOTE) or (data["k"] == QUOTE and not data["q"]):
        raise LinkError("invalid")
    return LinkTarget(
        kind=data["k"],
        request_id=int(data["r"]),
        quote_id=int(data["q"]) if data["q"] else None,
        recipient_id=int(data["p"]),
    )


def link_personaliser(*, kind: str, request_id: int, quote_id: int | None = None):
    """For notify(personalise=...): each e-mail recipient gets their own signed link."""
    office = connection.tenant
    variable = "approval_url" if kind == APPROVAL else "quote_url"

    def personalise(recipient) -> dict:
        if recipient.channel != EMAIL:
            return {}
        token = link_token(
            office=office,
            kind=kind,
            request_id=request_id,
            recipient_id=recipient.pk,
            quote_id=quote_id,
        )
        return {variable: office.url + reverse("helpdesk:link", args=[token])}

    return personalise
