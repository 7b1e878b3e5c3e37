"""The visitor's manage link (R3): signed, bound to the office and the booking, no account.
A GET only shows the booking (a mail scanner opening the link changes nothing)."""

from __future__ import annotations

from django.core import signing
from django.db import connection
from django.urls import reverse

SALT = "rooms.manage"


def manage_token(booking) -> str:
    return signing.dumps({"b": booking.pk, "s": connection.schema_name}, salt=SALT, compress=True)


def manage_token_read(token: str) -> int | None:
    """The booking id, or None for a tampered token or one of another office."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") != connection.schema_name:
        return None
    booking_id = data.get("b")
    return booking_id if isinstance(booking_id, int) else None


def public_url() -> str:
    """The office's public booking page, to give to visitors (on the office's own host)."""
    return connection.tenant.url + reverse("rooms:public")
