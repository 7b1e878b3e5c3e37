"""Signed links that act for one person in one office (e-mailed approval, quote and scan
request links): the data is signed with a module's salt and bound to the office, so a link
of another office, a tampered one and an expired one are refused the same way everywhere."""

from __future__ import annotations

import datetime as dt

from django.core import signing


class LinkError(Exception):
    """`code`: "invalid" (tampered or garbled), "expired", "office" (another office's); the
    modules add their own ("person", "used")."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def office_link_sign(data: dict, *, office, salt: str) -> str:
    return signing.dumps({"o": office.pk, **data}, salt=salt)


def office_link_read(
    token: str, *, office, salt: str, max_age: dt.timedelta, keys: set[str]
) -> dict:
    """The signed data (with every key of `keys`) of a link of this office, or LinkError."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError("expired") from None
    except signing.BadSignature:
        raise LinkError("invalid") from None
    if not isinstance(data, dict) or not {"o", *keys} <= set(data):
        raise LinkError("invalid")
    if data["o"] != office.pk:
        raise LinkError("office")
    return data
