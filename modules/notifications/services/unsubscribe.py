"""Per-event opt-out from an e-mail's List-Unsubscribe link (RFC 2369, one-click RFC 8058).

The link names one recipient row and one event, signed; it does not expire (an old e-mail's
link must still work). Opening it asks for a confirmation; a mail provider's one-click POST
and the confirmation switch that event off for that address only.
"""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.urls import reverse

from modules.audit.services import audit_record
from modules.notifications.models import NotificationRecipient

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_url(*, office, recipient_id: int, event: str) -> str:
    # The office is in the token: recipient ids are per office schema.
    # Without a timestamp: the link never expires and is the same in every e-mail.
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(
        {"o": office.schema_name, "r": recipient_id, "e": event}
    )
    return office.url + reverse("notifications:unsubscribe", args=[token])


def unsubscribe_target(token: str, *, office) -> tuple[NotificationRecipient, str] | None:
    """The recipient and event a link names, or None (forged, another office's link, or
    the row is gone)."""
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if data.get("o") != office.schema_name:
        return None
    recipient = NotificationRecipient.objects.filter(pk=data.get("r")).first()
    return (recipient, str(data.get("e", ""))) if recipient is not None else None


@transaction.atomic
def recipient_unsubscribe(*, recipient: NotificationRecipient, event: str) -> bool:
    """Switch one event off for one address; False when it already was."""
    updated = NotificationRecipient.objects.select_for_update().filter(pk=recipient.pk).first()
    if updated is None or event not in updated.events:
        return False
    old = list(updated.events)
    updated.events = [code for code in updated.events if code != event]
    updated.save(update_fields=["events", "updated_at"])
    audit_record(
        action="notifications.unsubscribed",
        actor=None,
        actor_label=updated.address[:254],
        target=updated,
        changes={"events": [old, updated.events]},
    )
    return True
