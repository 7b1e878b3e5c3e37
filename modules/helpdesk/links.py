"""The e-mail links of the helpdesk (T2, T3): "approve or reject" and "accept or decline the
quote". Signed, bound to the office, the request (and quote) and the recipient the e-mail
went to, valid for LINK_MAX_AGE. Opening a link only shows a confirmation page (mail
systems' link scanners open every link with GET); only the page's POST acts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.db import connection
from django.urls import reverse

from modules.notifications.hooks import EMAIL

LINK_SALT = "helpdesk.link"
LINK_MAX_AGE = dt.timedelta(days=14)
APPROVAL, QUOTE = "approval", "quote"


class LinkError(Exception):
    """`code`: "invalid" (tampered or garbled), "expired", "office" (another office's),
    "person" (no longer a recipient of that company), "used" (already decided)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class LinkTarget:
    kind: str
    request_id: int
    quote_id: int | None
    recipient_id: int


def link_token(*, office, kind: str, request_id: int, recipient_id: int, quote_id=None) -> str:
    data = {"o": office.pk, "k": kind, "r": request_id, "p": recipient_id, "q": quote_id}
    return signing.dumps(data, salt=LINK_SALT)


def link_read(token: str, *, office) -> LinkTarget:
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkError("expired") from None
    except signing.BadSignature:
        raise LinkError("invalid") from None
    if not isinstance(data, dict) or not {"o", "k", "r", "p", "q"} <= set(data):
        raise LinkError("invalid")
    if data["o"] != office.pk:
        raise LinkError("office")
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
