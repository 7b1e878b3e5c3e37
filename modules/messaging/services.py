"""Every write of the messages module (X1, P2): conversations, messages, internal notes,
read receipts and announcements. Other modules send with `message_send` (the documents
module shares a generated document as a message with its stored file attached)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.storage import office_copy, office_delete, office_new_name, office_save, office_size
from common.uploads import DOCUMENT_KINDS, StagedUpload, upload_discard
from modules.audit.services import audit_record
from modules.clients.models import Client
from modules.messaging.models import Announcement, Attachment, Conversation, Message
from modules.notifications.services import (
    NotifyItem,
    alert_subject,
    alerts_resolve,
    notify,
    notify_many,
)

ATTACHMENT_KINDS = DOCUMENT_KINDS  # PDF, images, Word, Excel, ODT, text
ATTACHMENT_MAX_BYTES = 20 << 20
ATTACHMENT_MAX_FILES = 10
EXCERPT = 160
NEW_EVENT = "message.new"  # to the client's recipients: there is a message, with a link
FROM_CLIENT_EVENT = "message.from_client"  # to the office: an in-app alert for staff


@dataclass(frozen=True)
class StoredFile:
    """A file another module already keeps in the office's storage (a generated PDF): it is
    copied under messaging/, so the message keeps it whatever happens to the original."""

    name: str  # office-relative storage name
    original_name: str
    content_type: str = "application/pdf"


def _label(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.full_name or user.email)[:254]


def _excerpt(body: str) -> str:
    text = " ".join(body.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _files_store(uploads: Sequence[StagedUpload], attachments: Sequence[StoredFile]) -> list:
    """Store the files once; (name, original name, content type, size) for the rows.
    Removed again when the transaction rolls back."""
    if len(uploads) + len(attachments) > ATTACHMENT_MAX_FILES:
        raise ApplicationError(
            _("At most %(count)d files can be attached to one message.")
            % {"count": ATTACHMENT_MAX_FILES},
            code="too_many_files",
        )
    stored = []
    for upload in uploads:
        extension = PurePosixPath(upload.original_name).suffix.lower()[:10]
        with upload.open() as source:
            name = office_save(office_new_name("messaging", extension), source)
        stored.append((name, upload.original_name[:255], upload.content_type, upload.size))
    for file in attachments:
        extension = PurePosixPath(file.original_name).suffix.lower()[:10]
        name = office_copy(file.name, office_new_name("messaging", extension))
        stored.append((name, file.original_name[:255], file.content_type, office_size(name)))
    return stored


def _forget(stored: list) -> None:
    """The service failed after storing its files: remove them again."""
    office_delete(*(row[0] for row in stored))


def _url(name: str, conversation_id: int) -> str:
    return connection.tenant.url + reverse(name, args=[conversation_id])


def _alert_subject(conversation: Conversation) -> str:
    return alert_subject("messaging.conversation", conversation.pk)


def _notify(conversation: Conversation, message: Message) -> None:
    if message.internal:
        return
    if message.from_client:
        notify(
            event=FROM_CLIENT_EVENT,
            client_id=conversation.client_id,
            context={
                "client_name": conversation.client.name,
                "conversation_subject": conversation.subject,
                "sender_name": message.author_label,
                "conversation_url": _url("messaging:detail", conversation.pk),
            },
            alert_subject=_alert_subject(conversation),
        )
    else:
        notify(
            event=NEW_EVENT,
            client_id=conversation.client_id,
            context={
                "client_name": conversation.client.name,
                "conversation_url": _url("messaging:portal_detail", conversation.pk),
            },
        )


def _check_text(*, body: str, has_files: bool) -> str:
    body = (body or "").strip()
    if not body and not has_files:
        raise ApplicationError(_("Write a message or attach a file."), code="empty")
    if len(body) > 20000:
        raise ApplicationError(_("The message is too long."), code="too_long")
    return body


@transaction.atomic
def message_send(
    *,
    actor,
    body: str,
    conversation: Conversation | None = None,
    client: Client | None = None,
    subject: str = "",
    from_client: bool = False,
    internal: bool = False,
    uploads: Sequence[StagedUpload] = (),
    attachments: Sequence[StoredFile] = (),
) -> Message:
    """Add a message to `conversation`, or start one with `client` under `subject`.

    `uploads` are files staged by a form (common.uploads, already checked), `attachments`
    files the caller keeps in the office's storage (copied). The other side is told
    (`message.new` / `message.from_client`) after commit; an internal note (staff only)
    tells nobody and leaves the unread counters and the conversation's order alone.
    """
    if internal and from_client:
        raise ApplicationError(_("Only the office writes internal notes."), code="note_client")
    body = _check_text(body=body, has_files=bool(uploads or attachments))
    if conversation is None:
        if client is None:
            raise ValueError("message_send needs a conversation or a client")
        if internal:
            raise ApplicationError(
                _("A conversation starts with a message to the client."), code="note_first"
            )
        conversation = _conversation_create(
            client=client, subject=subject, actor=actor, from_client=from_client
        )
    else:
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    now = timezone.now()
    message = Message(
        conversation=conversation,
        author=actor if actor is not None and actor.is_authenticated else None,
        author_label=_label(actor),
        from_client=from_client,
        internal=internal,
        body=body,
    )
    message.full_clean()
    message.save()
    stored = _files_store(uploads, attachments)
    try:
        _message_finish(conversation, message, stored, uploads=uploads, now=now)
    except BaseException:
        _forget(stored)
        raise
    return message


def _message_finish(conversation, message, stored, *, uploads, now) -> None:
    Attachment.objects.bulk_create(
        Attachment(
            message=message,
            conversation=conversation,
            name=name,
            original_name=original,
            size=size,
            content_type=content_type,
        )
        for name, original, content_type, size in stored
    )
    upload_discard(*uploads)  # stored under messaging/ now
    if not message.internal:
        unread = "staff_unread" if message.from_client else "client_unread"
        Conversation.objects.filter(pk=conversation.pk).update(
            last_message_at=now,
            last_excerpt=_excerpt(message.body) or (stored[0][1][:EXCERPT] if stored else ""),
            last_from_client=message.from_client,
            listed=True,  # an announcement's copy with an answer is a conversation of its own
            updated_at=now,
            **{unread: F(unread) + 1},
        )
        conversation.refresh_from_db()
    _notify(conversation, message)


def _conversation_create(*, client: Client, subject: str, actor, from_client: bool):
    subject = " ".join((subject or "").split())
    if not subject:
        raise ApplicationError(_("Give the conversation a subject."), code="subject")
    conversation = Conversation(
        client=client,
        subject=subject[:200],
        started_by=actor if actor is not None and actor.is_authenticated else None,
        started_by_client=from_client,
        last_message_at=timezone.now(),
    )
    conversation.full_clean()
    conversation.save()
    audit_record(
        action="messaging.conversation_started",
        actor=actor,
        target=conversation,
        changes={"subject": conversation.subject, "client": client.name},
    )
    return conversation


@transaction.atomic
def conversation_read(*, conversation: Conversation, by_client: bool) -> int:
    """Mark the other side's messages read (the receipts they see) and zero this side's
    unread counter. Returns how many were unread. Nothing is written when nothing is."""
    field = "client_unread" if by_client else "staff_unread"
    if getattr(conversation, field) == 0:
        return 0
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if getattr(locked, field) == 0:
        return 0
    now = timezone.now()
    marked = Message.objects.filter(
        conversation=locked, from_client=not by_client, internal=False, read_at__isnull=True
    ).update(read_at=now)
    Conversation.objects.filter(pk=locked.pk).update(**{field: 0})
    setattr(conversation, field, 0)
    if not by_client:
        # The office's side is read (one counter for all staff): so are its alerts about it.
        alerts_resolve(subject=_alert_subject(conversation))
    return marked


@transaction.atomic
def announcement_send(
    *,
    actor,
    subject: str,
    body: str,
    audience: str,
    package=None,
    client_ids: Sequence[int] = (),
    uploads: Sequence[StagedUpload] = (),
    attachments: Sequence[StoredFile] = (),
    day: dt.date | None = None,
) -> Announcement:
    """One message to many clients, arriving as a conversation of its own at each (so every
    client answers privately). Set-based: the conversations, messages and attachment rows
    are each one INSERT, the notifications one notify_many(); the files are stored once."""
    from modules.billing.selectors import package_client_ids

    subject = " ".join((subject or "").split())[:200]
    if not subject:
        raise ApplicationError(_("Give the conversation a subject."), code="subject")
    body = _check_text(body=body, has_files=bool(uploads or attachments))
    active = Client.objects.filter(status=Client.Status.ACTIVE)
    label = ""
    if audience == Announcement.Audience.ALL:
        ids = list(active.values_list("pk", flat=True))
    elif audience == Announcement.Audience.PACKAGE:
        if package is None:
            raise ApplicationError(_("Choose a package."), code="package")
        label = package.name
        day = day or timezone.localdate()
        ids = list(
            active.filter(pk__in=package_client_ids(package_id=package.pk, day=day)).values_list(
                "pk", flat=True
            )
        )
    elif audience == Announcement.Audience.SELECTION:
        ids = list(Client.objects.filter(pk__in=list(client_ids)).values_list("pk", flat=True))
    else:
        raise ApplicationError(_("Choose who receives the announcement."), code="audience")
    if not ids:
        raise ApplicationError(_("No client matches: nothing was sent."), code="no_clients")
    ids.sort()
    now = timezone.now()
    announcement = Announcement(
        subject=subject,
        audience=audience,
        audience_label=label[:300],
        recipients=len(ids),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    announcement.full_clean()
    announcement.save()
    stored = _files_store(uploads, attachments)
    try:
        _announcement_fan_out(announcement, ids, body, stored, actor=actor, now=now)
    except BaseException:
        _forget(stored)
        raise
    upload_discard(*uploads)  # stored under messaging/ now
    audit_record(
        action="messaging.announcement_sent",
        actor=actor,
        target=announcement,
        changes={"subject": subject, "audience": audience, "recipients": len(ids)},
    )
    return announcement


def _announcement_fan_out(announcement, ids, body, stored, *, actor, now) -> None:
    excerpt = _excerpt(body) or (stored[0][1][:EXCERPT] if stored else "")
    subject = announcement.subject
    author = actor if actor is not None and actor.is_authenticated else None
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(
                client_id=client_id,
                subject=subject,
                started_by=author,
                announcement=announcement,
                listed=False,  # the announcement is the staff inbox's row until an answer
                last_message_at=now,
                last_excerpt=excerpt,
                client_unread=1,
            )
            for client_id in ids
        ],
        batch_size=1000,
    )
    messages = Message.objects.bulk_create(
        [
            Message(conversation=c, author=author, author_label=_label(actor), body=body)
            for c in conversations
        ],
        batch_size=1000,
    )
    Attachment.objects.bulk_create(
        [
            Attachment(
                message=m,
                conversation_id=m.conversation_id,
                name=name,
                original_name=original,
                size=size,
                content_type=content_type,
            )
            for m in messages
            for name, original, content_type, size in stored
        ],
        batch_size=1000,
    )
    # Every message e-mail names the company it is for ("a new message for Zielony Las"),
    # as one conversation's does: without client_name the text read "for ." (one query).
    names = dict(Client.objects.filter(pk__in=ids).values_list("pk", "name"))
    notify_many(
        event=NEW_EVENT,
        items=[
            NotifyItem(
                client_id=c.client_id,
                context={
                    "client_name": names[c.client_id],
                    "conversation_url": _url("messaging:portal_detail", c.pk),
                },
            )
            for c in conversations
        ],
        actor=actor,
    )
